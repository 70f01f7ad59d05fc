package dev.segmentlog.integration.chat.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.integration.chat.testkit.ChatFramework.Window;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A turn costs the same store calls and entries whatever the length of the conversation, counted
 * at the port by a {@link CountingStore}. A turn is what a framework's tool loop does: add the
 * question, the tool call, the tool's result and the answer one at a time to its window memory (20
 * messages), then read the window for the model. Extend it with the framework's
 * {@link ChatFramework}.
 *
 * @param <M> the framework's message type
 */
public abstract class PerTurnCostContract<M> {
    private final ChatFramework<M> framework;
    private final CountingStore store = new CountingStore(new InMemorySegmentStore());

    /** The contract run on {@code framework}'s integration. */
    protected PerTurnCostContract(ChatFramework<M> framework) {
        this.framework = framework;
    }

    /**
     * How many of a turn's four adds change the list otherwise than by appending (each such save
     * writes one window entry) once the framework's window of 20 messages is full.
     */
    protected abstract long windowEntriesPerTurn();

    @Test
    void aTurn_costsTheSameStoreCallsAtTurn10AndAtTurn500_andReadsNoEntry() {
        Window<M> memory = framework.open(store).window("chat", 20);
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
        // four adds, each a read (listing + count) and a save (listing + one append), and the model's read
        assertEquals(Map.of("append", 4L, "count", 5L, "listSegments", 9L, "entriesRead", 0L,
                "entriesWritten", 5L + 1 + windowEntriesPerTurn()), turn500,
                "five history items, a turn_end and " + windowEntriesPerTurn() + " window entries");
    }

    @Test
    void aConversationNotInTheCache_isReadOnce_thenTurnsReadNothing() {
        Window<M> first = framework.open(store).window("chat", 20);
        for (int n = 1; n <= 200; n++) {
            turn(first, n);
        }
        long stored = store.count(framework.open(store).currentSegment("chat").orElseThrow());
        Window<M> restarted = framework.open(store).window("chat", 20);

        store.reset();
        turn(restarted, 201);
        assertEquals(stored, store.counted().get("entriesRead"), "the first turn after a restart reads the segment once");
        store.reset();
        turn(restarted, 202);
        assertEquals(0L, store.counted().get("entriesRead"));
    }

    private void turn(Window<M> memory, int n) {
        for (M message : framework.turn("ann", n)) {
            memory.add(List.of(message));
        }
        memory.messages();
    }
}
