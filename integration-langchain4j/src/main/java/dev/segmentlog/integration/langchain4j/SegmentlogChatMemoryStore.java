package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.ConversationLog;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A LangChain4j {@link ChatMemoryStore} that keeps each chat memory as a segmentlog session, on any
 * {@link SegmentStore} (SQLite, JSONL, S3, memory, ...).
 *
 * <pre>{@code
 * ChatMemoryStore store = SegmentlogChatMemoryStore.of(SegmentStores.open("sqlite:chat.db"));
 * ChatMemory memory = MessageWindowChatMemory.builder().id("user-42").maxMessages(20).chatMemoryStore(store).build();
 * }</pre>
 *
 * <p><b>What it keeps.</b> A memory id is taken by its {@code toString()}. A memory is one segmentlog
 * session whose ids are derived from it under the namespace ({@code "langchain4j"} by default):
 * the same id finds the same memory after a restart, from any process, on every store.
 * {@link #updateMessages} receives the memory's whole current list and appends only the messages
 * that are new, in one atomic append, whatever the length of the conversation;
 * {@link #getMessages} returns the list as last updated (what a {@code MessageWindowChatMemory} or
 * {@code TokenWindowChatMemory} kept), {@link #getHistory} every message ever stored. With the
 * memory cached (up to {@link Builder#maxCachedMemories}), a get costs one listing and one count,
 * an update one listing and one append. When another process or store instance wrote the memory
 * after this one last read it, an update forks the memory instead of interleaving with or
 * overwriting it; nothing is lost. The layout, the costs and the forks are described in
 * {@link dev.segmentlog.integration.chat}. Within one store instance, calls for one memory are
 * serialized.
 *
 * <p><b>Tool calls and results</b> are kept, and so is every other part of a message: see
 * the package documentation.
 *
 * <p>This store does not close the segment store. Thread-safe.
 */
public final class SegmentlogChatMemoryStore implements ChatMemoryStore {
    private final ConversationLog<ChatMessage> memories;

    private SegmentlogChatMemoryStore(Builder builder) {
        this.memories = new ConversationLog<>(builder.log, new Langchain4jMessages(), builder.namespace,
                builder.maxCachedMemories);
    }

    /**
     * A chat memory store on {@code store} with the defaults of {@link #builder}.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public static SegmentlogChatMemoryStore of(SegmentStore store) {
        return builder(store).build();
    }

    /**
     * A builder of a chat memory store on {@code store}.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public static Builder builder(SegmentStore store) {
        return new Builder(new SegmentLog(Objects.requireNonNull(store, "store")));
    }

    /**
     * A builder of a chat memory store writing through {@code log}: a {@link SegmentLog#chained()}
     * log writes hash-chained segments that {@code SegmentLog.verify} checks.
     *
     * @throws NullPointerException if {@code log} is null
     */
    public static Builder builder(SegmentLog log) {
        return new Builder(Objects.requireNonNull(log, "log"));
    }

    /**
     * The memory's current list: what the last {@link #updateMessages} stored, as a new list (empty
     * for an unknown memory). Messages this store returned are what a later update recognises as
     * already stored.
     *
     * @throws NullPointerException if {@code memoryId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return memories.window(id(memoryId));
    }

    /**
     * Makes {@code messages} the memory's current list. Appends the messages that were not in the
     * previous list, and, when the list dropped or reordered earlier messages, a record of which
     * stored messages it holds now; stored messages are never rewritten or removed.
     *
     * @throws IllegalArgumentException if a message cannot be stored (a {@code CustomMessage})
     * @throws NullPointerException     if an argument is or holds null
     * @throws dev.segmentlog.spi.StoreException what the store throws (a concurrent writer is not one: the update forks)
     */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String id = id(memoryId);
        Objects.requireNonNull(messages, "messages");
        memories.save(id, messages);
    }

    /**
     * Deletes the memory: its session with every segment (forks included).
     *
     * @throws NullPointerException if {@code memoryId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    @Override
    public void deleteMessages(Object memoryId) {
        memories.delete(id(memoryId));
    }

    /**
     * Every message of the memory in order, also those the window no longer shows; empty for an
     * unknown memory. Reads the whole segment.
     *
     * @throws NullPointerException if {@code memoryId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    public List<ChatMessage> getHistory(Object memoryId) {
        return memories.history(id(memoryId));
    }

    /**
     * The ids (as strings) of every memory of this store's namespace in the segment store. Walks every
     * session of the store a page at a time, with one small read per session.
     *
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    public List<String> memoryIds() {
        return memories.conversationIds();
    }

    /**
     * The segment that holds the memory now, for segmentlog's own tools ({@code SegmentLog} restore,
     * fork and verify; {@code segmentlog show}); empty for an unknown memory.
     *
     * @throws NullPointerException if {@code memoryId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    public Optional<SegmentId> currentSegment(Object memoryId) {
        return memories.currentSegment(id(memoryId));
    }

    private static String id(Object memoryId) {
        return Objects.requireNonNull(memoryId, "memoryId").toString();
    }

    /** Options of a {@link SegmentlogChatMemoryStore}. Not thread-safe. */
    public static final class Builder {
        private final SegmentLog log;
        private String namespace = "langchain4j";
        private int maxCachedMemories = 100;

        private Builder(SegmentLog log) {
            this.log = log;
        }

        /**
         * The namespace memory ids live in (default {@code "langchain4j"}): stores with different
         * namespaces keep different memories under the same ids in one segment store. It also
         * prefixes the extension entries' domains ({@code <namespace>.conversation},
         * {@code <namespace>.window}, {@code <namespace>.message}).
         *
         * @return this
         * @throws IllegalArgumentException if {@code namespace} is empty
         * @throws NullPointerException     if {@code namespace} is null
         */
        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            if (namespace.isEmpty()) {
                throw new IllegalArgumentException("namespace must not be empty");
            }
            this.namespace = namespace;
            return this;
        }

        /**
         * How many memories keep their list and writer in memory (default 100; least recently used
         * first out). A cached memory holds its replayed history in memory (its writer's view, which a
         * fork would start from); one that is not cached is read from the store once.
         *
         * @return this
         * @throws IllegalArgumentException if {@code count} is less than 1
         */
        public Builder maxCachedMemories(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxCachedMemories must be at least 1: " + count);
            }
            this.maxCachedMemories = count;
            return this;
        }

        /** The chat memory store. */
        public SegmentlogChatMemoryStore build() {
            return new SegmentlogChatMemoryStore(this);
        }
    }
}
