package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state an agent resumes from, as {@link Replay} folds it out of a segment's entries.
 *
 * @param sessionId          nullable: null only when the entries hold no {@code segment_start}
 * @param systemPrompt       nullable: no system prompt
 * @param config             the request settings in force
 * @param history            the history to send to the model
 * @param turnCount          the turn count of the last {@code turn_end}
 * @param lastRunInterrupted whether the last run that ended was interrupted, or a run was invoked
 *                           and never ended (as the original runtime restores it)
 * @param runInFlight        whether a run was invoked and never ended: the process died mid-run
 * @param lockedPrefixLen    hash-chained format v0: history items locked in the provider's cache
 * @param entriesCount       how many entries were applied, skipped ones included (a writer compares
 *                           it with the store's count)
 * @param usageHistory       every usage record, in order
 * @param extensions         every extension entry, in order
 * @param userInputs         the typed parts of every user input, in order
 * @param danglingToolCalls  tool calls in the history that no tool result answers yet, in order:
 *                           a runtime must repair these before resending the history to a model
 * @param skippedEntries     how many entries were skipped because they could not be folded (only
 *                           with {@link Replay.OnUnknown#SKIP}; 0 otherwise)
 */
public record RestoredState(
        SessionId sessionId,
        String systemPrompt,
        RequestConfig config,
        List<HistoryItem> history,
        int turnCount,
        boolean lastRunInterrupted,
        boolean runInFlight,
        int lockedPrefixLen,
        long entriesCount,
        List<LogEntry.LlmUsage> usageHistory,
        List<LogEntry.Extension> extensions,
        List<List<InputPart>> userInputs,
        List<HistoryItem.ToolCall> danglingToolCalls,
        long skippedEntries) {

    /**
     * @throws NullPointerException     if a non-nullable component is or holds null
     * @throws IllegalArgumentException if {@code skippedEntries} is negative or above {@code entriesCount}
     */
    public RestoredState {
        Objects.requireNonNull(config, "config");
        history = List.copyOf(history);
        usageHistory = List.copyOf(usageHistory);
        extensions = List.copyOf(extensions);
        userInputs = userInputs.stream().map(List::copyOf).toList();
        danglingToolCalls = List.copyOf(danglingToolCalls);
        if (skippedEntries < 0 || skippedEntries > entriesCount) {
            throw new IllegalArgumentException("skipped entries must be between 0 and " + entriesCount + ": "
                    + skippedEntries);
        }
    }

    /** A state with no skipped entries. */
    public RestoredState(SessionId sessionId, String systemPrompt, RequestConfig config, List<HistoryItem> history,
                         int turnCount, boolean lastRunInterrupted, boolean runInFlight, int lockedPrefixLen,
                         long entriesCount, List<LogEntry.LlmUsage> usageHistory,
                         List<LogEntry.Extension> extensions, List<List<InputPart>> userInputs,
                         List<HistoryItem.ToolCall> danglingToolCalls) {
        this(sessionId, systemPrompt, config, history, turnCount, lastRunInterrupted, runInFlight, lockedPrefixLen,
                entriesCount, usageHistory, extensions, userInputs, danglingToolCalls, 0);
    }

    /** The payload of the latest extension entry of {@code domain}, if there is one. */
    public Optional<RawJson> latestExtension(String domain) {
        Objects.requireNonNull(domain, "domain");
        for (int i = extensions.size() - 1; i >= 0; i--) {
            if (extensions.get(i).domain().equals(domain)) {
                return Optional.of(extensions.get(i).payload());
            }
        }
        return Optional.empty();
    }
}
