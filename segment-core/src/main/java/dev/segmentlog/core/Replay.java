package dev.segmentlog.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds a segment's entries into the {@link RestoredState} an agent resumes from. No snapshots:
 * the log is the state.
 *
 * <p>The fold follows the original runtime's newest replay: an {@code invoke} marks the run
 * interrupted until a {@code run_completed}, {@code run_errored} or {@code paused_turn_abandoned}
 * says how it ended; user inputs become one user message of their {@linkplain InputPart#flatten(List)
 * flattened} parts and add their extension payloads; system items append their
 * {@linkplain SystemItem#historyText() history text}. On top of that it tracks whether a run is in
 * flight and which tool calls no result answers yet.
 *
 * <p>An entry it cannot fold without guessing (see {@link UnknownEntryException}) stops the replay,
 * unless the replay was created with {@link OnUnknown#SKIP}: then the entry is skipped whole and
 * counted in {@link RestoredState#skippedEntries()}.
 *
 * <p>Use {@link #replay(List)} for a whole list. An instance folds incrementally, one
 * {@link #apply(LogEntry)} at a time, for callers that keep a live view of a segment they write.
 * Replay is linear in the number of entries. Instances are not thread-safe.
 */
public final class Replay {

    /** What replay does with an entry it cannot fold without guessing. */
    public enum OnUnknown {
        /** Stop with an {@link UnknownEntryException} naming the entry's kind and position. */
        FAIL,
        /** Skip the whole entry and count it in {@link RestoredState#skippedEntries()}. */
        SKIP
    }

    private final OnUnknown onUnknown;
    private SessionId sessionId;
    private String systemPrompt;
    private RequestConfig config = RequestConfig.DEFAULT;
    private final List<HistoryItem> history = new ArrayList<>();
    private int turnCount;
    private boolean lastRunInterrupted;
    private boolean runInFlight;
    private int lockedPrefixLen;
    private long entriesCount;
    private long skippedEntries;
    private final List<LogEntry.LlmUsage> usageHistory = new ArrayList<>();
    private final List<LogEntry.Extension> extensions = new ArrayList<>();
    private final List<List<InputPart>> userInputs = new ArrayList<>();
    private final Map<String, HistoryItem.ToolCall> danglingToolCalls = new LinkedHashMap<>();

    /** An empty fold that fails on an entry it cannot fold. */
    public Replay() {
        this(OnUnknown.FAIL);
    }

    /**
     * An empty fold.
     *
     * @throws NullPointerException if {@code onUnknown} is null
     */
    public Replay(OnUnknown onUnknown) {
        this.onUnknown = Objects.requireNonNull(onUnknown, "onUnknown");
    }

    /**
     * The state after all {@code entries}, in order.
     *
     * @throws UnknownEntryException if an entry cannot be folded (see {@link OnUnknown#FAIL})
     * @throws NullPointerException  if {@code entries} is or holds null
     */
    public static RestoredState replay(List<? extends LogEntry> entries) {
        return replay(entries, OnUnknown.FAIL);
    }

    /**
     * The state after all {@code entries}, in order, with an explicit choice for entries that
     * cannot be folded.
     *
     * @throws UnknownEntryException if an entry cannot be folded and {@code onUnknown} is FAIL
     * @throws NullPointerException  if an argument is or holds null
     */
    public static RestoredState replay(List<? extends LogEntry> entries, OnUnknown onUnknown) {
        Replay replay = new Replay(onUnknown);
        entries.forEach(replay::apply);
        return replay.state();
    }

    /**
     * Applies one more entry. An entry that cannot be folded changes nothing but the counts.
     *
     * @return this
     * @throws UnknownEntryException if the entry cannot be folded and this replay fails on such entries
     * @throws NullPointerException  if {@code entry} is null
     */
    public Replay apply(LogEntry entry) {
        String unfoldable = unfoldable(entry);
        if (unfoldable != null) {
            if (onUnknown == OnUnknown.FAIL) {
                throw new UnknownEntryException(entry.wireKind(), entriesCount, unfoldable);
            }
            entriesCount++;
            skippedEntries++;
            return this;
        }
        entriesCount++;
        switch (entry.kind()) {
            case SEGMENT_START -> {
                LogEntry.SegmentStart start = (LogEntry.SegmentStart) entry;
                sessionId = start.sessionId();
                systemPrompt = start.systemPrompt();
                config = start.config();
                history.clear();
                danglingToolCalls.clear();
                start.history().forEach(this::appendHistory);
            }
            case INVOKE -> {
                // Interrupted until a terminal entry says how the run ended: a log that stops
                // here restores conservatively, as the original runtime does.
                runInFlight = true;
                lastRunInterrupted = true;
            }
            case USER_INPUT -> {
                LogEntry.UserInput input = (LogEntry.UserInput) entry;
                userInputs.add(input.parts());
                appendHistory(HistoryItem.user(InputPart.flatten(input.parts())));
                for (ExtensionPayload extension : input.extensions()) {
                    extensions.add(new LogEntry.Extension(input.ts(), extension.domain(), extension.payload()));
                }
            }
            case ASSISTANT_ITEM -> appendHistory(((LogEntry.AssistantItem) entry).item());
            case TOOL_RESULT -> appendHistory(((LogEntry.ToolResult) entry).item());
            case SYSTEM_ITEM -> appendSystem(((LogEntry.SystemItemEntry) entry).item());
            case TURN_END -> turnCount = ((LogEntry.TurnEnd) entry).turnCount();
            case RUN_COMPLETED -> endRun(((LogEntry.RunCompleted) entry).interrupted());
            case RUN_ERRORED -> endRun(((LogEntry.RunErrored) entry).interrupted());
            case RUN_OUTCOME -> endRun(((LogEntry.RunOutcome) entry).interrupted());
            case PAUSED_TURN_ABANDONED -> endRun(false);
            case CONFIG_CHANGED -> config = ((LogEntry.ConfigChanged) entry).config();
            case LLM_USAGE -> usageHistory.add((LogEntry.LlmUsage) entry);
            case EXTENSION -> extensions.add((LogEntry.Extension) entry);
            case LOCKED -> lockedPrefixLen = ((LogEntry.Locked) entry).lockedPrefixLen();
            case CACHE_UNLOCKED -> lockedPrefixLen = 0;
            case ASSISTANT_ITEMS -> ((LogEntry.AssistantItems) entry).items().forEach(this::appendHistory);
            case TOOL_RESULTS -> ((LogEntry.ToolResults) entry).items().forEach(this::appendHistory);
            case HOOK_INJECTED_ITEMS -> ((LogEntry.HookInjectedItems) entry).items().forEach(this::appendHistory);
            case SYSTEM_ITEMS -> ((LogEntry.SystemItems) entry).items().forEach(this::appendSystem);
            case UNKNOWN -> throw new IllegalStateException("unreachable: unknown entries are refused above");
        }
        return this;
    }

    /** The state after every entry applied so far (a copy: later applies do not change it). */
    public RestoredState state() {
        return new RestoredState(sessionId, systemPrompt, config, history, turnCount, lastRunInterrupted,
                runInFlight, lockedPrefixLen, entriesCount, usageHistory, extensions, userInputs,
                List.copyOf(danglingToolCalls.values()), skippedEntries);
    }

    /** Why {@code entry} cannot be folded without guessing, or null when it can. */
    private static String unfoldable(LogEntry entry) {
        return switch (entry.kind()) {
            case UNKNOWN -> "no known version writes this kind";
            case SEGMENT_START -> unknownItem(((LogEntry.SegmentStart) entry).history());
            case ASSISTANT_ITEM -> unknownItem(List.of(((LogEntry.AssistantItem) entry).item()));
            case TOOL_RESULT -> unknownItem(List.of(((LogEntry.ToolResult) entry).item()));
            case ASSISTANT_ITEMS -> unknownItem(((LogEntry.AssistantItems) entry).items());
            case TOOL_RESULTS -> unknownItem(((LogEntry.ToolResults) entry).items());
            case HOOK_INJECTED_ITEMS -> unknownItem(((LogEntry.HookInjectedItems) entry).items());
            case SYSTEM_ITEM -> unknownSystemItem(List.of(((LogEntry.SystemItemEntry) entry).item()));
            case SYSTEM_ITEMS -> unknownSystemItem(((LogEntry.SystemItems) entry).items());
            default -> null;
        };
    }

    private static String unknownItem(List<HistoryItem> items) {
        for (HistoryItem item : items) {
            if (item instanceof HistoryItem.Unknown unknown) {
                return "it holds a history item of unknown kind '" + unknown.kind() + "'";
            }
        }
        return null;
    }

    private static String unknownSystemItem(List<SystemItem> items) {
        for (SystemItem item : items) {
            if (item.historyText().isEmpty()) {
                return "it holds a system item of unknown kind '" + ((SystemItem.Unknown) item).kind()
                        + "' without a body";
            }
        }
        return null;
    }

    private void appendSystem(SystemItem item) {
        appendHistory(HistoryItem.system(item.historyText().orElseThrow()));
    }

    private void appendHistory(HistoryItem item) {
        Objects.requireNonNull(item, "item");
        history.add(item);
        if (item instanceof HistoryItem.ToolCall call) {
            danglingToolCalls.put(call.callId(), call);
        } else if (item instanceof HistoryItem.ToolResult result) {
            danglingToolCalls.remove(result.callId());
        }
    }

    private void endRun(boolean interrupted) {
        lastRunInterrupted = interrupted;
        runInFlight = false;
    }
}
