package dev.segmentlog.cli;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.Lineage;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.SegmentStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = "Replay a segment into the state an agent resumes from.")
final class ReplayCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", description = "The segment id.")
    String segment;

    @Option(names = "--json", description = "Print the restored state as one JSON object (snake_case fields).")
    boolean json;

    @Option(names = "--at-turn", paramLabel = "N", description = "Replay only up to the end of turn N.")
    Integer atTurn;

    @Override
    int run(SegmentStore store) {
        List<LogEntry> entries = store.readAll(SegmentId.parse(segment));
        RestoredState state = Replay.replay(atTurn == null ? entries : Lineage.cutAtTurn(entries, atTurn));
        if (json) {
            out().println(EntryCodec.standard().encodeState(state));
        } else {
            summary(state, out());
        }
        return Main.OK;
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
                List.of("entries", Long.toString(state.entriesCount())),
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
