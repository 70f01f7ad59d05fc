package dev.segmentlog.integration.chat;

import dev.segmentlog.core.HistoryItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The message type of a made-up framework for the tests: a role, a text, and a tag that history
 * items cannot carry (so a tagged note needs a sidecar).
 *
 * @param tag nullable: no tag
 */
record Note(HistoryItem.Role role, String text, String tag) {

    static Note user(String text) {
        return new Note(HistoryItem.Role.USER, text, null);
    }

    static Note answer(String text) {
        return new Note(HistoryItem.Role.ASSISTANT, text, null);
    }

    /** Turns 1 to {@code turns} of a conversation: a question and its answer each. */
    static List<Note> chat(String who, int turns) {
        List<Note> notes = new ArrayList<>();
        for (int n = 1; n <= turns; n++) {
            notes.add(user(who + " asks " + n));
            notes.add(answer(who + " is told " + n));
        }
        return notes;
    }
}
