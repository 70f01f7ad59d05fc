package dev.segmentlog.cli;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TurnNotReachedException;
import dev.segmentlog.core.UnknownEntryException;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay",
        description = {"Replay a segment into the state an agent resumes from.",
                "",
                "The segment is read and replayed a page at a time; with --at-turn N reading stops at the "
                        + "end of turn N.",
                "An entry this version cannot replay without guessing (an entry kind, or a history or system "
                        + "item kind, that it does not know) stops the replay with exit 1, naming its kind and "
                        + "position: skipping it could restore a wrong state. --skip-unknown skips such entries "
                        + "and reports how many it skipped."})
final class ReplayCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", description = "The segment id.")
    String segment;

    @Option(names = "--json", description = "Print the restored state as one JSON object (snake_case fields).")
    boolean json;

    @Option(names = "--at-turn", paramLabel = "N", description = "Replay only up to the end of turn N.")
    Integer atTurn;

    @Option(names = "--skip-unknown",
            description = "Skip the entries this version cannot replay, and report how many, instead of stopping.")
    boolean skipUnknown;

    @Override
    int run(SegmentStore store) {
        SegmentId id = SegmentId.parse(segment);
        Replay.OnUnknown onUnknown = skipUnknown ? Replay.OnUnknown.SKIP : Replay.OnUnknown.FAIL;
        RestoredState state;
        try {
            state = atTurn == null ? new SegmentLog(store).restore(id, onUnknown)
                    : replayUpTo(store, id, atTurn, onUnknown);
        } catch (UnknownEntryException e) {
            throw new IllegalArgumentException("segment " + id + ": " + e.getMessage()
                    + "; 'replay --skip-unknown' skips such entries", e);
        }
        if (json) {
            out().println(EntryCodec.standard().encodeState(state));
        } else {
            summary(state, out());
        }
        return Main.OK;
    }

    /**
     * Replays the entries {@code Lineage.cutAtTurn} keeps, the segment's start up to the {@code turn_end}
     * of {@code turn} (only the start for turn 0), reading no page past it.
     *
     * @throws TurnNotReachedException if no {@code turn_end} has that turn count
     */
    private static RestoredState replayUpTo(SegmentStore store, SegmentId segment, int turn, Replay.OnUnknown onUnknown) {
        if (turn < 0) {
            throw new IllegalArgumentException("--at-turn must not be negative: " + turn);
        }
        Replay replay = new Replay(onUnknown);
        int lastTurn = 0;
        for (List<StoredEntry> page : SegmentPages.from(store, segment, 0)) {
            for (StoredEntry stored : page) {
                LogEntry entry = stored.entry();
                if (turn == 0 && !(entry instanceof LogEntry.SegmentStart)) {
                    return replay.state();
                }
                replay.apply(entry);
                if (entry instanceof LogEntry.TurnEnd end) {
                    if (end.turnCount() == turn) {
                        return replay.state();
                    }
                    lastTurn = end.turnCount();
                }
            }
        }
        if (turn == 0) {
            return replay.state();
        }
        throw new TurnNotReachedException(turn, lastTurn);
    }

    private static void summary(RestoredState state, PrintWriter out) {
        long input = state.usageHistory().stream().mapToLong(LogEntry.LlmUsage::inputTotalTokens).sum();
        long output = state.usageHistory().stream().mapToLong(LogEntry.LlmUsage::outputTokens).sum();
        String lastRun = state.runInFlight() ? "in flight (the process stopped mid-run)"
                : state.lastRunInterrupted() ? "interrupted" : "not interrupted";
        List<List<String>> rows = List.of(
                List.of("session", String.valueOf(state.sessionId())),
                List.of("system prompt", state.systemPrompt() == null ? "none" : Format.quote(state.systemPrompt())),
                List.of("config", Format.config(state.config())),
                List.of("turns", Integer.toString(state.turnCount())),
                List.of("entries", Long.toString(state.entriesCount()) + (state.skippedEntries() == 0 ? ""
                        : ", " + state.skippedEntries() + " of them skipped: this version cannot replay them")),
                List.of("last run", lastRun),
                List.of("usage", Format.count(state.usageHistory().size(), "request", "requests")
                        + ", " + input + " input tokens, " + output + " output tokens"),
                List.of("user inputs", Integer.toString(state.userInputs().size())),
                List.of("extensions", Integer.toString(state.extensions().size())),
                List.of("dangling calls", state.danglingToolCalls().isEmpty() ? "none"
                        : state.danglingToolCalls().stream().map(HistoryItem.ToolCall::callId).toList().toString()),
                List.of("history", Format.count(state.history().size(), "item", "items")));
        Format.table(rows).forEach(out::println);
        for (int i = 0; i < state.history().size(); i++) {
            out.println(String.format("  %3d  %s", i, Format.historyItem(state.history().get(i))));
        }
    }
}
