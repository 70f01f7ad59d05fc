package dev.segmentlog.integration.chat.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.testkit.ChatFramework.Conversations;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a save stores and a read gives back: the first entries name the conversation, a turn
 * becomes ordinary segmentlog history, saving the stored list again writes nothing, the history
 * keeps what the list dropped, and a deleted conversation is gone. Extend it with the framework's
 * {@link ChatFramework}.
 *
 * @param <M> the framework's message type
 */
public abstract class SavesContract<M> {
    private final ChatFramework<M> framework;
    private final SegmentStore store = new InMemorySegmentStore();
    private final Conversations<M> conversations;

    /** The contract run on {@code framework}'s integration. */
    protected SavesContract(ChatFramework<M> framework) {
        this.framework = framework;
        this.conversations = framework.open(store);
    }

    @Test
    void firstSave_opensTheSegmentWithAnEntryThatNamesTheConversation() {
        conversations.save("chat-1", framework.turn("ann", 1));

        List<LogEntry> entries = store.readAll(current("chat-1"));
        assertEquals(new LogEntry.Extension(entries.get(1).ts(), framework.namespace() + ".conversation",
                RawJson.of("{\"id\":\"chat-1\"}")), entries.get(1));
    }

    @Test
    void save_recordsToolCallsAndResultsAsSegmentlogHistory() {
        conversations.save("chat-1", framework.turn("ann", 1));

        RestoredState state = new SegmentLog(store).restore(current("chat-1"));
        assertEquals(Turn.of("ann", 1).items(), state.history());
        assertEquals(1, state.turnCount(), "the final answer ends a turn");
    }

    @Test
    void save_withTheSameList_writesNothing() {
        conversations.save("chat-1", framework.turn("ann", 1));
        long count = store.count(current("chat-1"));

        conversations.save("chat-1", conversations.read("chat-1"));
        conversations.save("chat-1", framework.turn("ann", 1)); // equal messages, not the same objects

        assertEquals(count, store.count(current("chat-1")));
    }

    @Test
    void history_afterTheListDroppedMessages_returnsEveryMessage() {
        conversations.save("chat-1", framework.turns("ann", 3));
        List<M> kept = new ArrayList<>(conversations.read("chat-1").subList(8, 12));
        kept.addAll(framework.turn("ann", 4));

        conversations.save("chat-1", kept);

        assertEquals(kept, conversations.read("chat-1"));
        assertEquals(framework.turns("ann", 4), conversations.history("chat-1"));
    }

    @Test
    void delete_removesTheConversation_andItsIdCanStartAnew() {
        conversations.save("chat-1", framework.turn("ann", 1));
        conversations.save("chat-2", framework.turn("bob", 1));
        SegmentId segment = current("chat-1");

        conversations.delete("chat-1");

        assertEquals(List.of(), conversations.read("chat-1"));
        assertFalse(store.exists(segment));
        assertEquals(List.of("chat-2"), conversations.ids());
        conversations.save("chat-1", framework.turn("cid", 1));
        assertEquals(framework.turn("cid", 1), conversations.read("chat-1"), "a deleted id can start anew");
    }

    private SegmentId current(String id) {
        return conversations.currentSegment(id).orElseThrow();
    }
}
