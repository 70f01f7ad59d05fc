package dev.segmentlog.integration.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;

/** A turn costs the same store calls and entries whatever the length of the conversation, counted at the port. */
class PerTurnCostTest {
    private final CountingStore store = new CountingStore(new InMemorySegmentStore());

    @Test
    void aTurn_costsTheSameStoreCallsAtTurn10AndAtTurn500_andReadsNoEntry() {
        ChatMemory memory = MessageWindowChatMemory.builder()
                .chatMemoryRepository(SegmentlogChatMemoryRepository.of(store)).maxMessages(20).build();
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
        // four adds, each a read (listing + count) and a save (listing + one append), and the advisor's read
        assertEquals(Map.of("append", 4L, "count", 5L, "listSegments", 9L, "entriesRead", 0L,
                "entriesWritten", 5L + 1 + 4), turn500, "five history items, a turn_end, four window entries");
    }

    @Test
    void aConversationNotInTheCache_isReadOnce_thenTurnsReadNothing() {
        ChatMemory first = MessageWindowChatMemory.builder()
                .chatMemoryRepository(SegmentlogChatMemoryRepository.of(store)).maxMessages(20).build();
        for (int n = 1; n <= 200; n++) {
            turn(first, n);
        }
        long stored = store.count(SegmentlogChatMemoryRepository.of(store).currentSegment("chat").orElseThrow());
        ChatMemory restarted = MessageWindowChatMemory.builder()
                .chatMemoryRepository(SegmentlogChatMemoryRepository.of(store)).maxMessages(20).build();

        store.reset();
        turn(restarted, 201);
        assertEquals(stored, store.counted().get("entriesRead"), "the first turn after a restart reads the segment once");
        store.reset();
        turn(restarted, 202);
        assertEquals(0L, store.counted().get("entriesRead"));
    }

    /** What Spring AI's MessageChatMemoryAdvisor and tool loop do in one turn: add each message, read the window. */
    private static void turn(ChatMemory memory, int n) {
        for (Message message : Chats.turn("ann", n)) {
            memory.add("chat", message);
        }
        memory.get("chat");
    }
}
