package dev.segmentlog.integration.chat.testkit;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.Decoded;
import dev.segmentlog.integration.chat.MessageCodec;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A framework's chat-memory integration as the shared contracts drive it: how to open it on a
 * store, its operations under neutral names, the framework's own window memory on it, and the
 * framework's messages of a {@link Turn}. A framework's suite implements it once, with the
 * framework's real classes (no stand-ins), and passes it to each contract its test classes extend.
 *
 * @param <M> the framework's message type
 */
public interface ChatFramework<M> {

    /** The integration on {@code store} with its default options, as an application opens it. */
    Conversations<M> open(SegmentStore store);

    /**
     * The framework's messages of {@code turn}, in order: a user message, an assistant message that
     * calls the tool (no text), the tool's result, the assistant's answer.
     */
    List<M> messages(Turn turn);

    /**
     * The integration's default namespace: what its extension entries' domains start with
     * ({@code <namespace>.conversation}, ...).
     */
    String namespace();

    /** The integration's codec, which reads a segment's history back as messages. */
    MessageCodec<M> codec();

    /** The messages of turn {@code n} of {@code who}'s conversation. */
    default List<M> turn(String who, int n) {
        return messages(Turn.of(who, n));
    }

    /** The messages of turns 1 to {@code count} of {@code who}'s conversation, in order. */
    default List<M> turns(String who, int count) {
        List<M> messages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            messages.addAll(turn(who, n));
        }
        return messages;
    }

    /** Every message the history of {@code segment} holds, read through the codec. */
    default List<M> historyOf(SegmentStore store, SegmentId segment) {
        return codec().decode(new SegmentLog(store).restore(segment).history()).stream().map(Decoded::message).toList();
    }

    /**
     * The integration's operations on conversations by id (Spring AI's {@code ChatMemoryRepository},
     * LangChain4j's {@code ChatMemoryStore}, and the integration's own additions).
     *
     * @param <M> the framework's message type
     */
    interface Conversations<M> {

        /** The conversation's current list, as last saved (the window). */
        List<M> read(String id);

        /** Makes {@code messages} the conversation's current list. */
        void save(String id, List<M> messages);

        /** Deletes the conversation. */
        void delete(String id);

        /** Every message of the conversation, also those the window dropped. */
        List<M> history(String id);

        /** The segment that holds the conversation now. */
        Optional<SegmentId> currentSegment(String id);

        /** The ids of the conversations in the store. */
        List<String> ids();

        /**
         * The framework's own message-window memory of conversation {@code id}, keeping at most
         * {@code maxMessages}, on this integration.
         */
        Window<M> window(String id, int maxMessages);
    }

    /**
     * A framework's chat memory of one conversation, as its model calls use it.
     *
     * @param <M> the framework's message type
     */
    interface Window<M> {

        /** Adds {@code messages} to the memory (which saves its list through the integration). */
        void add(List<M> messages);

        /** The messages the memory gives the model now. */
        List<M> messages();
    }
}
