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
 * <p>Use {@link #replay(List)} for a whole list. An instance folds incrementally, one
 * {@link #apply(LogEntry)} at a time, for callers that keep a live view of a segment they write.
 * Replay never throws on a well-formed entry and is linear in the number of entries.
 * Instances are not thread-safe.
 */
public final class Replay {
    private SessionId sessionId;
    private String systemPrompt;
    private RequestConfig config = RequestConfig.DEFAULT;
    private final List<HistoryItem> history = new ArrayList<>();
    private int turnCount;
    private boolean lastRunInterrupted;
    private boolean runInFlight;
    private int lockedPrefixLen;
    private long entriesCount;
    private final List<LogEntry.LlmUsage> usageHistory = new ArrayList<>();
    private final List<LogEntry.Extension> extensions = new ArrayList<>();
    private final List<List<InputPart>> userInputs = new ArrayList<>();
    private final Map<String, HistoryItem.ToolCall> danglingToolCalls = new LinkedHashMap<>();

    /** An empty fold: no entries applied yet. */
    public Replay() {}

    /**
     * The state after all {@code entries}, in order.
     *
     * @throws NullPointerException if {@code entries} is or holds null
     */
    public static RestoredState replay(List<? extends LogEntry> entries) {
        Replay replay = new Replay();
        entries.forEach(replay::apply);
        return replay.state();
    }

    /**
     * Applies one more entry.
     *
     * @return this
     * @throws NullPointerException if {@code entry} is null
     */
    public Replay apply(LogEntry entry) {
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
            case INVOKE -> runInFlight = true;
            case USER_INPUT -> {
                List<InputPart> parts = ((LogEntry.UserInput) entry).parts();
                userInputs.add(parts);
                appendHistory(HistoryItem.user(InputPart.flatten(parts)));
            }
            case ASSISTANT_ITEM -> appendHistory(((LogEntry.AssistantItem) entry).item());
            case TOOL_RESULT -> appendHistory(((LogEntry.ToolResult) entry).item());
            case SYSTEM_ITEM -> appendHistory(HistoryItem.system(((LogEntry.SystemItemEntry) entry).item().body()));
            case TURN_END -> turnCount = ((LogEntry.TurnEnd) entry).turnCount();
            case RUN_COMPLETED -> endRun(((LogEntry.RunCompleted) entry).interrupted());
            case RUN_ERRORED -> endRun(((LogEntry.RunErrored) entry).interrupted());
            case RUN_OUTCOME -> endRun(((LogEntry.RunOutcome) entry).interrupted());
            case CONFIG_CHANGED -> config = ((LogEntry.ConfigChanged) entry).config();
            case LLM_USAGE -> usageHistory.add((LogEntry.LlmUsage) entry);
            case EXTENSION -> extensions.add((LogEntry.Extension) entry);
            case LOCKED -> lockedPrefixLen = ((LogEntry.Locked) entry).lockedPrefixLen();
            case CACHE_UNLOCKED -> lockedPrefixLen = 0;
            case ASSISTANT_ITEMS -> ((LogEntry.AssistantItems) entry).items().forEach(this::appendHistory);
            case TOOL_RESULTS -> ((LogEntry.ToolResults) entry).items().forEach(this::appendHistory);
            case HOOK_INJECTED_ITEMS -> ((LogEntry.HookInjectedItems) entry).items().forEach(this::appendHistory);
            case SYSTEM_ITEMS -> ((LogEntry.SystemItems) entry).items()
                    .forEach(item -> appendHistory(HistoryItem.system(item.body())));
        }
        return this;
    }

    /** The state after every entry applied so far (a copy: later applies do not change it). */
    public RestoredState state() {
        return new RestoredState(sessionId, systemPrompt, config, history, turnCount, lastRunInterrupted,
                runInFlight, lockedPrefixLen, entriesCount, usageHistory, extensions, userInputs,
                List.copyOf(danglingToolCalls.values()));
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
