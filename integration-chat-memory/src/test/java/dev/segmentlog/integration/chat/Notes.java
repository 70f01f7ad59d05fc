package dev.segmentlog.integration.chat;

import dev.segmentlog.core.HistoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The codec of {@link Note}s: one history message each; a tagged note also as a sidecar "role|tag|text". */
final class Notes implements MessageCodec<Note> {

    @Override
    public List<HistoryItem> items(Note note) {
        return List.of(new HistoryItem.Message(note.role(), List.of(new HistoryItem.Content.Text(note.text()))));
    }

    @Override
    public List<Decoded<Note>> decode(List<HistoryItem> items) {
        List<Decoded<Note>> notes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof HistoryItem.Message message) {
                notes.add(new Decoded<>(new Note(message.role(), message.text(), null), i, i + 1));
            }
        }
        return notes;
    }

    @Override
    public boolean endsTurn(Note note) {
        return note.role() == HistoryItem.Role.ASSISTANT;
    }

    @Override
    public Optional<String> sidecar(Note note) {
        return note.tag() == null ? Optional.empty() : Optional.of(note.role() + "|" + note.tag() + "|" + note.text());
    }

    @Override
    public Note fromSidecar(String sidecar) {
        String[] parts = sidecar.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a note sidecar: " + sidecar);
        }
        return new Note(HistoryItem.Role.valueOf(parts[0]), parts[2], parts[1]);
    }
}
