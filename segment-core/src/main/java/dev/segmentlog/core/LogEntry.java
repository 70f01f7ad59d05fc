package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a segment log. Every entry is an immutable record stamped with {@link #ts()},
 * milliseconds since the epoch. {@link #kind()} is the entry's {@code kind} tag in the wire format.
 *
 * <p>The plural forms ({@link AssistantItems}, {@link ToolResults}, {@link HookInjectedItems},
 * {@link SystemItems}) and the hash-chained format v0's {@link Locked}, {@link CacheUnlocked} and
 * {@link RunOutcome} are read and replayed so that old logs stay usable; the plural forms are
 * never written by the operations. An entry of a kind no known version writes is kept whole as
 * {@link Unknown}.
 *
 * <p>Every known entry keeps the {@link UnknownFields} it was read with, so a newer writer's
 * fields survive a round trip; each record has a shorter constructor without them.
 */
public sealed interface LogEntry {

    /** When the entry was made, in milliseconds since the epoch. */
    long ts();

    /** The entry's kind; {@code kind().wireName()} is its {@code kind} tag in the wire format. */
    EntryKind kind();

    /** The entry's {@code kind} tag in the wire format: {@code kind().wireName()}, or an unknown entry's own tag. */
    default String wireKind() {
        return kind().wireName();
    }

    /**
     * Opens a segment.
     *
     * @param ts            when
     * @param sessionId     the conversation this segment belongs to
     * @param systemPrompt  nullable: no system prompt
     * @param config        the request settings
     * @param history       the seed history (a summary, for a compaction)
     * @param forkedFrom    nullable: set when the segment is a fork
     * @param compactedFrom nullable: set when the segment is a compaction
     * @param importedFrom  nullable: set when the segment was imported from an older log
     * @param unknown       members this version does not know
     */
    record SegmentStart(
            long ts,
            SessionId sessionId,
            String systemPrompt,
            RequestConfig config,
            List<HistoryItem> history,
            SegmentOrigin forkedFrom,
            SegmentOrigin compactedFrom,
            ImportedFrom importedFrom,
            UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if a non-nullable component is or holds null */
        public SegmentStart {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(config, "config");
            history = List.copyOf(history);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A segment start that was not imported. */
        public SegmentStart(long ts, SessionId sessionId, String systemPrompt, RequestConfig config,
                            List<HistoryItem> history, SegmentOrigin forkedFrom, SegmentOrigin compactedFrom,
                            UnknownFields unknown) {
            this(ts, sessionId, systemPrompt, config, history, forkedFrom, compactedFrom, null, unknown);
        }

        /** A segment start that was not imported, without unknown members. */
        public SegmentStart(long ts, SessionId sessionId, String systemPrompt, RequestConfig config,
                            List<HistoryItem> history, SegmentOrigin forkedFrom, SegmentOrigin compactedFrom) {
            this(ts, sessionId, systemPrompt, config, history, forkedFrom, compactedFrom, null, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.SEGMENT_START;
        }

        /** The fork or compaction origin, whichever is set; null for a new conversation. */
        public SegmentOrigin origin() {
            return forkedFrom != null ? forkedFrom : compactedFrom;
        }
    }

    /** Why a run starts. */
    enum Trigger {
        USER_SEND("user_send"), NOTIFY("notify"), WORKER_EVENT("worker_event"),
        SYSTEM_REMINDER("system_reminder"), WAKEUP("wakeup"),
        /**
         * {@link #WORKER_EVENT} under the name runtimes wrote before the rename: read, replayed like
         * it, and written back unchanged (so hash chains over such entries still verify); the
         * original runtime no longer reads this name.
         *
         * @deprecated write {@link #WORKER_EVENT}
         */
        @Deprecated
        POD_EVENT("pod_event");

        private final String wireName;

        Trigger(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the wire format. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param ts      when
     * @param trigger why a run starts; until it ends the run is in flight
     * @param unknown members this version does not know
     */
    record Invoke(long ts, Trigger trigger, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public Invoke {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An invoke without unknown members. */
        public Invoke(long ts, Trigger trigger) {
            this(ts, trigger, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.INVOKE;
        }
    }

    /**
     * @param ts         when
     * @param parts      what the user submitted, typed
     * @param extensions payloads committed together with the input; empty when none
     * @param unknown    members this version does not know
     */
    record UserInput(long ts, List<InputPart> parts, List<ExtensionPayload> extensions, UnknownFields unknown)
            implements LogEntry {
        /** @throws NullPointerException if an argument is or holds null */
        public UserInput {
            parts = List.copyOf(parts);
            extensions = List.copyOf(extensions);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A user input without extensions or unknown members. */
        public UserInput(long ts, List<InputPart> parts) {
            this(ts, parts, List.of(), UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.USER_INPUT;
        }
    }

    /** @param ts when @param item an item the model produced @param unknown members this version does not know */
    record AssistantItem(long ts, HistoryItem item, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public AssistantItem {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public AssistantItem(long ts, HistoryItem item) {
            this(ts, item, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.ASSISTANT_ITEM;
        }
    }

    /** @param ts when @param item a tool's result @param unknown members this version does not know */
    record ToolResult(long ts, HistoryItem item, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public ToolResult {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public ToolResult(long ts, HistoryItem item) {
            this(ts, item, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.TOOL_RESULT;
        }
    }

    /** Wire kind {@code system_item}. @param ts when @param item what the runtime injected @param unknown members this version does not know */
    record SystemItemEntry(long ts, SystemItem item, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public SystemItemEntry {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public SystemItemEntry(long ts, SystemItem item) {
            this(ts, item, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.SYSTEM_ITEM;
        }
    }

    /** @param ts when @param turnCount the number of turns completed so far @param unknown members this version does not know */
    record TurnEnd(long ts, int turnCount, UnknownFields unknown) implements LogEntry {
        /** @throws IllegalArgumentException if {@code turnCount} is negative */
        public TurnEnd {
            requireNotNegative(turnCount, "turn_count");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public TurnEnd(long ts, int turnCount) {
            this(ts, turnCount, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.TURN_END;
        }
    }

    /** How a run that returned normally ended. */
    enum RunResult {
        FINISHED("finished"), PAUSED("paused"), LIMIT_REACHED("limit_reached"), YIELDED("yielded");

        private final String wireName;

        RunResult(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the wire format. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param ts          when
     * @param interrupted whether the user interrupted it
     * @param result      how it ended
     * @param unknown     members this version does not know
     */
    record RunCompleted(long ts, boolean interrupted, RunResult result, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if {@code result} or {@code unknown} is null */
        public RunCompleted {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public RunCompleted(long ts, boolean interrupted, RunResult result) {
            this(ts, interrupted, result, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_COMPLETED;
        }
    }

    /**
     * @param ts          when
     * @param interrupted whether the user interrupted it
     * @param message     the error
     * @param unknown     members this version does not know
     */
    record RunErrored(long ts, boolean interrupted, String message, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if {@code message} or {@code unknown} is null */
        public RunErrored {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public RunErrored(long ts, boolean interrupted, String message) {
            this(ts, interrupted, message, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_ERRORED;
        }
    }

    /**
     * A paused, interrupted turn was abandoned without being run or resumed again: the agent is
     * idle and the next input starts a new turn. Replay clears the interrupted flag.
     *
     * @param ts      when
     * @param unknown members this version does not know
     */
    record PausedTurnAbandoned(long ts, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if {@code unknown} is null */
        public PausedTurnAbandoned {
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public PausedTurnAbandoned(long ts) {
            this(ts, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.PAUSED_TURN_ABANDONED;
        }
    }

    /** @param ts when @param config the new request settings @param unknown members this version does not know */
    record ConfigChanged(long ts, RequestConfig config, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public ConfigChanged {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public ConfigChanged(long ts, RequestConfig config) {
            this(ts, config, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.CONFIG_CHANGED;
        }
    }

    /**
     * Token usage of one model request.
     *
     * @param ts               when
     * @param historyLen       the history length sent
     * @param inputTotalTokens the whole prompt, normalised by provider
     * @param cacheReadTokens  prompt tokens read from the provider's cache
     * @param cacheWriteTokens prompt tokens written to it
     * @param outputTokens     tokens generated
     * @param unknown          members this version does not know
     */
    record LlmUsage(long ts, int historyLen, long inputTotalTokens, long cacheReadTokens,
                    long cacheWriteTokens, long outputTokens, UnknownFields unknown) implements LogEntry {
        /** @throws IllegalArgumentException if a count is negative */
        public LlmUsage {
            requireNotNegative(historyLen, "history_len");
            requireNotNegative(inputTotalTokens, "input_total_tokens");
            requireNotNegative(cacheReadTokens, "cache_read_tokens");
            requireNotNegative(cacheWriteTokens, "cache_write_tokens");
            requireNotNegative(outputTokens, "output_tokens");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public LlmUsage(long ts, int historyLen, long inputTotalTokens, long cacheReadTokens,
                        long cacheWriteTokens, long outputTokens) {
            this(ts, historyLen, inputTotalTokens, cacheReadTokens, cacheWriteTokens, outputTokens, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.LLM_USAGE;
        }
    }

    /** @param ts when @param domain who owns the payload @param payload any JSON @param unknown members this version does not know */
    record Extension(long ts, String domain, RawJson payload, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public Extension {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public Extension(long ts, String domain, RawJson payload) {
            this(ts, domain, payload, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.EXTENSION;
        }
    }

    /**
     * Hash-chained format v0: the provider's cache was locked.
     *
     * @param ts              when
     * @param lockedPrefixLen history items locked
     * @param unknown         members this version does not know
     */
    record Locked(long ts, int lockedPrefixLen, UnknownFields unknown) implements LogEntry {
        /** @throws IllegalArgumentException if {@code lockedPrefixLen} is negative */
        public Locked {
            requireNotNegative(lockedPrefixLen, "locked_prefix_len");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public Locked(long ts, int lockedPrefixLen) {
            this(ts, lockedPrefixLen, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.LOCKED;
        }
    }

    /** Hash-chained format v0: the provider's cache was unlocked. @param ts when @param unknown members this version does not know */
    record CacheUnlocked(long ts, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if {@code unknown} is null */
        public CacheUnlocked {
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public CacheUnlocked(long ts) {
            this(ts, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.CACHE_UNLOCKED;
        }
    }

    /**
     * Hash-chained format v0: how a run ended.
     *
     * @param ts          when
     * @param outcome     the outcome, any JSON
     * @param interrupted whether interrupted
     * @param unknown     members this version does not know
     */
    record RunOutcome(long ts, RawJson outcome, boolean interrupted, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if {@code outcome} or {@code unknown} is null */
        public RunOutcome {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public RunOutcome(long ts, RawJson outcome, boolean interrupted) {
            this(ts, outcome, interrupted, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_OUTCOME;
        }
    }

    /** Read-only legacy form. @param ts when @param items assistant items @param unknown members this version does not know */
    record AssistantItems(long ts, List<HistoryItem> items, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is or holds null */
        public AssistantItems {
            items = List.copyOf(items);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public AssistantItems(long ts, List<HistoryItem> items) {
            this(ts, items, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.ASSISTANT_ITEMS;
        }
    }

    /** Read-only legacy form. @param ts when @param items tool results @param unknown members this version does not know */
    record ToolResults(long ts, List<HistoryItem> items, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is or holds null */
        public ToolResults {
            items = List.copyOf(items);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public ToolResults(long ts, List<HistoryItem> items) {
            this(ts, items, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.TOOL_RESULTS;
        }
    }

    /** Read-only legacy form. @param ts when @param items items a hook injected @param unknown members this version does not know */
    record HookInjectedItems(long ts, List<HistoryItem> items, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is or holds null */
        public HookInjectedItems {
            items = List.copyOf(items);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public HookInjectedItems(long ts, List<HistoryItem> items) {
            this(ts, items, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.HOOK_INJECTED_ITEMS;
        }
    }

    /** Read-only legacy form. @param ts when @param items system items @param unknown members this version does not know */
    record SystemItems(long ts, List<SystemItem> items, UnknownFields unknown) implements LogEntry {
        /** @throws NullPointerException if an argument is or holds null */
        public SystemItems {
            items = List.copyOf(items);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** An entry without unknown members. */
        public SystemItems(long ts, List<SystemItem> items) {
            this(ts, items, UnknownFields.NONE);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.SYSTEM_ITEMS;
        }
    }

    /**
     * An entry of a kind no known version writes, kept whole: stored, listed and copied unchanged
     * in meaning. {@link Replay} refuses it (skipping it could restore a wrong state) unless asked
     * to skip such entries. Its {@link #kind()} is {@link EntryKind#UNKNOWN}.
     *
     * @param wireKind  its {@code kind} tag
     * @param timestamp its integer {@code ts}, when it has one
     * @param original  the whole entry as it was read, {@code kind} included
     */
    record Unknown(String wireKind, OptionalLong timestamp, RawJson original) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public Unknown {
            Objects.requireNonNull(wireKind, "wireKind");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(original, "original");
        }

        /** Its {@code ts}, or 0 when it has none. */
        @Override
        public long ts() {
            return timestamp.orElse(0);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.UNKNOWN;
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
