package dev.segmentlog.integration.springai;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.ConversationLog;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} that keeps each conversation as a segmentlog session, on
 * any {@link SegmentStore} (SQLite, JSONL, S3, memory, ...).
 *
 * <pre>{@code
 * ChatMemory memory = MessageWindowChatMemory.builder()
 *         .chatMemoryRepository(SegmentlogChatMemoryRepository.of(SegmentStores.open("sqlite:chat.db")))
 *         .build();
 * }</pre>
 *
 * <p><b>What it keeps.</b> A conversation is one segmentlog session whose ids are derived from the
 * conversation id under the namespace ({@code "spring-ai"} by default): the same id finds the same
 * conversation after a restart, from any process, on every store. {@link #saveAll} receives the
 * framework's whole current list and appends only the messages that are new, in one atomic append,
 * whatever the length of the conversation; {@link #findByConversationId} returns the list as last
 * saved (the window), {@link #findHistory} every message ever saved. With the conversation cached
 * (up to {@link Builder#maxCachedConversations}), a read costs one listing and one count, a save one
 * listing and one append. When another process or repository instance wrote the conversation after
 * this one last read it, a save forks the conversation instead of interleaving with or overwriting
 * it; nothing is lost. The layout, the costs and the forks are described in
 * {@link dev.segmentlog.integration.chat}. Within one repository instance, calls for one
 * conversation are serialized.
 *
 * <p><b>Tool calls and results</b> are kept: see the mapping in the package documentation.
 * Message metadata and media are not (as with Spring AI's JDBC repository).
 *
 * <p>The repository does not close the store. Thread-safe.
 */
public final class SegmentlogChatMemoryRepository implements ChatMemoryRepository {
    private final ConversationLog<Message> conversations;

    private SegmentlogChatMemoryRepository(Builder builder) {
        this.conversations = new ConversationLog<>(builder.log, new SpringAiMessages(), builder.namespace,
                builder.maxCachedConversations);
    }

    /**
     * A repository on {@code store} with the defaults of {@link #builder}.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public static SegmentlogChatMemoryRepository of(SegmentStore store) {
        return builder(store).build();
    }

    /**
     * A builder of a repository on {@code store}.
     *
     * @throws NullPointerException if {@code store} is null
     */
    public static Builder builder(SegmentStore store) {
        return new Builder(new SegmentLog(Objects.requireNonNull(store, "store")));
    }

    /**
     * A builder of a repository writing through {@code log}: a {@link SegmentLog#chained()} log
     * writes hash-chained segments that {@code SegmentLog.verify} checks.
     *
     * @throws NullPointerException if {@code log} is null
     */
    public static Builder builder(SegmentLog log) {
        return new Builder(Objects.requireNonNull(log, "log"));
    }

    /**
     * The id of every conversation of this repository's namespace in the store. Walks every session
     * of the store a page at a time, with one small read (the first segment's second entry) per
     * session.
     *
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    @Override
    public List<String> findConversationIds() {
        return conversations.conversationIds();
    }

    /**
     * The conversation's current list: what the last {@link #saveAll} saved, as a new list (empty
     * for an unknown conversation). Messages this repository returned are what a later save
     * recognises as already stored.
     *
     * @throws IllegalArgumentException if {@code conversationId} is empty
     * @throws NullPointerException     if {@code conversationId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        return conversations.window(requireId(conversationId));
    }

    /**
     * Makes {@code messages} the conversation's current list. Appends the messages that were not in
     * the previous list, and, when the list dropped or reordered earlier messages, a record of which
     * stored messages it holds now; stored messages are never rewritten or removed.
     *
     * @throws IllegalArgumentException if {@code conversationId} is empty, or a tool message has no responses
     * @throws NullPointerException     if an argument is or holds null
     * @throws dev.segmentlog.spi.StoreException what the store throws (a concurrent writer is not one: the save forks)
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        String id = requireId(conversationId);
        Objects.requireNonNull(messages, "messages");
        conversations.save(id, messages);
    }

    /**
     * Deletes the conversation: its session with every segment (forks included).
     *
     * @throws IllegalArgumentException if {@code conversationId} is empty
     * @throws NullPointerException     if {@code conversationId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    @Override
    public void deleteByConversationId(String conversationId) {
        conversations.delete(requireId(conversationId));
    }

    /**
     * Every message of the conversation in order, also those the window no longer shows; empty for
     * an unknown conversation. Reads the whole segment.
     *
     * @throws IllegalArgumentException if {@code conversationId} is empty
     * @throws NullPointerException     if {@code conversationId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    public List<Message> findHistory(String conversationId) {
        return conversations.history(requireId(conversationId));
    }

    /**
     * The segment that holds the conversation now, for segmentlog's own tools ({@code SegmentLog}
     * restore, fork and verify; {@code segmentlog show}); empty for an unknown conversation.
     *
     * @throws IllegalArgumentException if {@code conversationId} is empty
     * @throws NullPointerException     if {@code conversationId} is null
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    public Optional<SegmentId> currentSegment(String conversationId) {
        return conversations.currentSegment(requireId(conversationId));
    }

    private static String requireId(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        if (conversationId.isEmpty()) {
            throw new IllegalArgumentException("conversationId must not be empty");
        }
        return conversationId;
    }

    /** Options of a {@link SegmentlogChatMemoryRepository}. Not thread-safe. */
    public static final class Builder {
        private final SegmentLog log;
        private String namespace = "spring-ai";
        private int maxCachedConversations = 100;

        private Builder(SegmentLog log) {
            this.log = log;
        }

        /**
         * The namespace conversation ids live in (default {@code "spring-ai"}): repositories with
         * different namespaces keep different conversations under the same ids in one store. It also
         * prefixes the extension entries' domains ({@code <namespace>.conversation},
         * {@code <namespace>.window}).
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
         * How many conversations keep their list and writer in memory (default 100; least recently
         * used first out). A cached conversation holds its replayed history in memory (its writer's
         * view, which a fork would start from); one that is not cached is read from the store once.
         *
         * @return this
         * @throws IllegalArgumentException if {@code count} is less than 1
         */
        public Builder maxCachedConversations(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxCachedConversations must be at least 1: " + count);
            }
            this.maxCachedConversations = count;
            return this;
        }

        /** The repository. */
        public SegmentlogChatMemoryRepository build() {
            return new SegmentlogChatMemoryRepository(this);
        }
    }
}
