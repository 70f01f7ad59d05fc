package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;

/** A turn costs the same store calls and entries whatever the length of the conversation, counted at the port. */
class PerTurnCostTest {
    private final CountingStore store = new CountingStore(new InMemorySegmentStore());

    @Test
    void aTurn_costsTheSameStoreCallsAtTurn10AndAtTurn500_andReadsNoEntry() {
        ChatMemory memory = window(SegmentlogChatMemoryStore.of(store));
        Map<String, Long> turn10 = null;
        Map<String, Long> turn500 = null;
        for (int n = 1; n <= 500; n++) {
            store.reset();
            turn(memory, n);
            if (n == 10) {
                turn10 = store.counted();
            }
            if (n == 500) {
                turn500 = store.counted();
            }
        }

        assertEquals(turn10, turn500);
        assertEquals(0L, turn500.get("entriesRead"));
        // four adds, each a read (listing + count) and an update (listing + one append), and one read
        assertEquals(Map.of("append", 4L, "count", 5L, "listSegments", 9L, "entriesRead", 0L,
                "entriesWritten", 5L + 1 + 3), turn500, "five history items, a turn_end, three window entries"
                + " (evicting a tool call evicts its result too, so one add fits without evicting)");
    }

    @Test
    void aConversationNotInTheCache_isReadOnce_thenTurnsReadNothing() {
        ChatMemory first = window(SegmentlogChatMemoryStore.of(store));
        for (int n = 1; n <= 200; n++) {
            turn(first, n);
        }
        long stored = store.count(SegmentlogChatMemoryStore.of(store).currentSegment("chat").orElseThrow());
        ChatMemory restarted = window(SegmentlogChatMemoryStore.of(store));

        store.reset();
        turn(restarted, 201);
        assertEquals(stored, store.counted().get("entriesRead"), "the first turn after a restart reads the segment once");
        store.reset();
        turn(restarted, 202);
        assertEquals(0L, store.counted().get("entriesRead"));
    }

    private static ChatMemory window(SegmentlogChatMemoryStore memories) {
        return MessageWindowChatMemory.builder().id("chat").maxMessages(20).chatMemoryStore(memories).build();
    }

    /** What an AI service does in one turn: add each message, read the window for the model. */
    private static void turn(ChatMemory memory, int n) {
        for (ChatMessage message : Chats.turn("ann", n)) {
            memory.add(message);
        }
        memory.messages();
    }
}
