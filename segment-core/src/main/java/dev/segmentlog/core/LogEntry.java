package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a segment log. Every entry is an immutable record stamped with {@link #ts()},
 * milliseconds since the epoch. {@link #kind()} is the entry's {@code kind} tag in the wire format.
 *
 * <p>The last five kinds ({@link AssistantItems}, {@link ToolResults}, {@link HookInjectedItems},
 * {@link SystemItems}) and the older seed's {@link Locked}, {@link CacheUnlocked} and
 * {@link RunOutcome} are read and replayed so that old logs stay usable; the plural forms are
 * never written by the operations.
 */
public sealed interface LogEntry {

    /** When the entry was made, in milliseconds since the epoch. */
    long ts();

    /** The entry's kind; {@code kind().wireName()} is its {@code kind} tag in the wire format. */
    EntryKind kind();

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
     */
    record SegmentStart(
            long ts,
            SessionId sessionId,
            String systemPrompt,
            RequestConfig config,
            List<HistoryItem> history,
            SegmentOrigin forkedFrom,
            SegmentOrigin compactedFrom) implements LogEntry {
        /** @throws NullPointerException if a non-nullable component is or holds null */
        public SegmentStart {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(config, "config");
            history = List.copyOf(history);
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
        USER_SEND("user_send"), NOTIFY("notify"), POD_EVENT("pod_event"),
        SYSTEM_REMINDER("system_reminder"), WAKEUP("wakeup");

        private final String wireName;

        Trigger(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the wire format. */
        public String wireName() {
            return wireName;
        }
    }

    /** @param ts when @param trigger why a run starts; until it ends the run is in flight */
    record Invoke(long ts, Trigger trigger) implements LogEntry {
        /** @throws NullPointerException if {@code trigger} is null */
        public Invoke {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.INVOKE;
        }
    }

    /** @param ts when @param parts what the user submitted, typed */
    record UserInput(long ts, List<InputPart> parts) implements LogEntry {
        /** @throws NullPointerException if {@code parts} is or holds null */
        public UserInput {
            parts = List.copyOf(parts);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.USER_INPUT;
        }
    }

    /** @param ts when @param item an item the model produced */
    record AssistantItem(long ts, HistoryItem item) implements LogEntry {
        /** @throws NullPointerException if {@code item} is null */
        public AssistantItem {
            Objects.requireNonNull(item, "item");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.ASSISTANT_ITEM;
        }
    }

    /** @param ts when @param item a tool's result */
    record ToolResult(long ts, HistoryItem item) implements LogEntry {
        /** @throws NullPointerException if {@code item} is null */
        public ToolResult {
            Objects.requireNonNull(item, "item");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.TOOL_RESULT;
        }
    }

    /** Wire kind {@code system_item}. @param ts when @param item what the runtime injected */
    record SystemItemEntry(long ts, SystemItem item) implements LogEntry {
        /** @throws NullPointerException if {@code item} is null */
        public SystemItemEntry {
            Objects.requireNonNull(item, "item");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.SYSTEM_ITEM;
        }
    }

    /** @param ts when @param turnCount the number of turns completed so far */
    record TurnEnd(long ts, int turnCount) implements LogEntry {
        /** @throws IllegalArgumentException if {@code turnCount} is negative */
        public TurnEnd {
            requireNotNegative(turnCount, "turn_count");
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

    /** @param ts when @param interrupted whether the user interrupted it @param result how it ended */
    record RunCompleted(long ts, boolean interrupted, RunResult result) implements LogEntry {
        /** @throws NullPointerException if {@code result} is null */
        public RunCompleted {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_COMPLETED;
        }
    }

    /** @param ts when @param interrupted whether the user interrupted it @param message the error */
    record RunErrored(long ts, boolean interrupted, String message) implements LogEntry {
        /** @throws NullPointerException if {@code message} is null */
        public RunErrored {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_ERRORED;
        }
    }

    /** @param ts when @param config the new request settings */
    record ConfigChanged(long ts, RequestConfig config) implements LogEntry {
        /** @throws NullPointerException if {@code config} is null */
        public ConfigChanged {
            Objects.requireNonNull(config, "config");
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
     */
    record LlmUsage(long ts, int historyLen, long inputTotalTokens, long cacheReadTokens,
                    long cacheWriteTokens, long outputTokens) implements LogEntry {
        /** @throws IllegalArgumentException if a count is negative */
        public LlmUsage {
            requireNotNegative(historyLen, "history_len");
            requireNotNegative(inputTotalTokens, "input_total_tokens");
            requireNotNegative(cacheReadTokens, "cache_read_tokens");
            requireNotNegative(cacheWriteTokens, "cache_write_tokens");
            requireNotNegative(outputTokens, "output_tokens");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.LLM_USAGE;
        }
    }

    /** @param ts when @param domain who owns the payload @param payload any JSON */
    record Extension(long ts, String domain, RawJson payload) implements LogEntry {
        /** @throws NullPointerException if an argument is null */
        public Extension {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.EXTENSION;
        }
    }

    /** Older seed: the provider's cache was locked. @param ts when @param lockedPrefixLen history items locked */
    record Locked(long ts, int lockedPrefixLen) implements LogEntry {
        /** @throws IllegalArgumentException if {@code lockedPrefixLen} is negative */
        public Locked {
            requireNotNegative(lockedPrefixLen, "locked_prefix_len");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.LOCKED;
        }
    }

    /** Older seed: the provider's cache was unlocked. @param ts when */
    record CacheUnlocked(long ts) implements LogEntry {
        @Override
        public EntryKind kind() {
            return EntryKind.CACHE_UNLOCKED;
        }
    }

    /** Older seed: how a run ended. @param ts when @param outcome the outcome, any JSON @param interrupted whether interrupted */
    record RunOutcome(long ts, RawJson outcome, boolean interrupted) implements LogEntry {
        /** @throws NullPointerException if {@code outcome} is null */
        public RunOutcome {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public EntryKind kind() {
            return EntryKind.RUN_OUTCOME;
        }
    }

    /** Read-only legacy form. @param ts when @param items assistant items */
    record AssistantItems(long ts, List<HistoryItem> items) implements LogEntry {
        /** @throws NullPointerException if {@code items} is or holds null */
        public AssistantItems {
            items = List.copyOf(items);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.ASSISTANT_ITEMS;
        }
    }

    /** Read-only legacy form. @param ts when @param items tool results */
    record ToolResults(long ts, List<HistoryItem> items) implements LogEntry {
        /** @throws NullPointerException if {@code items} is or holds null */
        public ToolResults {
            items = List.copyOf(items);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.TOOL_RESULTS;
        }
    }

    /** Read-only legacy form. @param ts when @param items items a hook injected */
    record HookInjectedItems(long ts, List<HistoryItem> items) implements LogEntry {
        /** @throws NullPointerException if {@code items} is or holds null */
        public HookInjectedItems {
            items = List.copyOf(items);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.HOOK_INJECTED_ITEMS;
        }
    }

    /** Read-only legacy form. @param ts when @param items system items */
    record SystemItems(long ts, List<SystemItem> items) implements LogEntry {
        /** @throws NullPointerException if {@code items} is or holds null */
        public SystemItems {
            items = List.copyOf(items);
        }

        @Override
        public EntryKind kind() {
            return EntryKind.SYSTEM_ITEMS;
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
