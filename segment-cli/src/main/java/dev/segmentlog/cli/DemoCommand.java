package dev.segmentlog.cli;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry.RunResult;
import dev.segmentlog.core.LogEntry.Trigger;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentHead;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo",
        description = {"Record a scripted conversation; fork, compact, auto-fork and replay it.",
                "",
                "Writes a three-turn conversation (typed user input, reasoning, a tool call and its result, a "
                        + "system notification, token usage, a config change), forks it at turn 1, compacts it "
                        + "after turn 3, lets a second writer append to the compaction so that the first writer "
                        + "auto-forks, then replays every segment and prints the session tree and a summary.",
                "With --chained every segment is hash-chained: the summary shows each chain verified, and a "
                        + "tamper check alters, removes and cuts entries of an in-memory copy of the conversation "
                        + "(the store is not touched) to show what verification reports.",
                "Each run starts a new session. Without --store it writes segmentlog.db in the working directory."})
final class DemoCommand extends StoreCommand {

    @Option(names = "--chained", description = "Write hash-chained segments, verify them and show tamper detection.")
    boolean chained;

    private static final String PROMPT = "You are a careful coding agent. Read before you edit.";

    @Override
    Access access() {
        return Access.CREATE;
    }

    @Override
    int run(SegmentStore store) {
        SegmentLog log = chained ? new SegmentLog(store).chained() : new SegmentLog(store);
        PrintWriter out = out();
        out.println("segmentlog demo on " + Format.uri(storeUri) + (chained ? ", hash-chained" : ""));
        out.println();

        SegmentId main = log.create(new StartState(PROMPT, RequestConfig.DEFAULT.withMaxTokens(2048)
                .withTemperature(0.2), List.of()));
        SegmentWriter writer = log.writer(main);
        writeFirstThreeTurns(log, writer);
        String session = store.info(main).sessionId().toString();
        out.println("session " + session);
        step(out, "conversation", main, "3 turns: typed user input, reasoning, tool call + result, "
                + "notification, usage, config change");

        SegmentId fork = log.forkAtTurn(main, 1);
        SegmentWriter forkWriter = log.writer(fork);
        forkWriter.append(new LogEntry.Invoke(log.now(), Trigger.USER_SEND));
        forkWriter.saveUserInput(List.of(new InputPart.Text("Instead, make the argument optional.")));
        forkWriter.saveDelta(List.of(HistoryItem.assistant("Done: a missing argument now defaults to '.'.")));
        forkWriter.saveTurnEnd(2);
        forkWriter.append(new LogEntry.RunCompleted(log.now(), false, RunResult.FINISHED));
        step(out, "fork at turn 1", fork, "the same first turn, a different turn 2");

        RestoredState before = log.restore(main);
        SegmentId compacted = log.createCompacted(new StartState(before.systemPrompt(), before.config(), List.of(
                HistoryItem.user("Summary of turns 1-3: main() crashed without arguments; a check was added "
                        + "and the 3 failing tests pass."),
                HistoryItem.assistant("Understood, continuing from the summary."))), main, before.turnCount());
        step(out, "compaction at turn " + before.turnCount(), compacted, Format.count(before.history().size(),
                "history item", "history items") + " summarised into 2");

        SegmentWriter first = log.writer(compacted);
        first.append(new LogEntry.Invoke(log.now(), Trigger.USER_SEND));
        first.saveUserInput(List.of(new InputPart.Text("Now add a test for it.")));
        first.saveTurnEnd(4);
        SegmentWriter second = log.writer(compacted); // another process opens the same live segment
        second.saveUserInput(List.of(new InputPart.Text("(from a second terminal) Also update the README.")));
        SegmentId landed = first.saveDelta(List.of(HistoryItem.assistant("Added MainTest.noArgsPrintsUsage.")));
        first.saveTurnEnd(5);
        first.append(new LogEntry.RunCompleted(log.now(), false, RunResult.FINISHED));
        if (landed.equals(compacted)) {
            throw new IllegalStateException("the second writer's append did not make the first writer fork");
        }
        step(out, "auto-fork at turn 4", landed, "a second writer appended to the compaction; the first "
                + "writer's next append forked instead of interleaving");

        out.println();
        out.println("Session tree");
        TreeCommand.SessionTree tree = TreeCommand.SessionTree.load(store, store.info(main).sessionId());
        tree.print(out);

        out.println();
        out.println("Segments, replayed");
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("SEGMENT", "ENTRIES", "TURNS", "HISTORY", "ORIGIN"));
        if (chained) {
            header.add(4, "CHAIN");
        }
        rows.add(header);
        for (SegmentInfo info : tree.segments()) {
            RestoredState state = log.restore(info.segmentId());
            List<String> row = new ArrayList<>(List.of(info.segmentId().toString(), Long.toString(state.entriesCount()),
                    Integer.toString(state.turnCount()), Integer.toString(state.history().size()), Format.origin(info)));
            if (chained) {
                ChainReport report = log.verify(info.segmentId());
                row.add(4, report.intact() ? "intact" : "BROKEN: " + report.breaks().get(0).problem());
            }
            rows.add(row);
        }
        Format.table(rows).forEach(out::println);
        if (chained) {
            out.println();
            tamperCheck(store, main, out);
        }

        String shown = Format.uri(storeUri);
        String storeOption = storeUri.equals(DEFAULT_STORE) ? ""
                : " --store " + (shown.matches("[\\w:/.@%+=,-]+") ? shown : "'" + shown + "'");
        out.println();
        out.println("Try: segmentlog tree " + session + storeOption);
        out.println("     segmentlog show " + main + storeOption);
        out.println("     segmentlog replay " + landed + " --json" + storeOption);
        if (chained) {
            out.println("     segmentlog verify " + fork + storeOption);
        }
        return Main.OK;
    }

    /**
     * Shows what verification reports on damaged copies of a chained segment. The copies are made
     * in memory from the stored entries and their stored hashes: the store is not touched.
     */
    private static void tamperCheck(SegmentStore store, SegmentId segment, PrintWriter out) {
        List<StoredEntry> stored = new SegmentLog(store).readStored(segment);
        int edited = 2; // turn 1's user_input
        List<StoredEntry> altered = new ArrayList<>(stored);
        StoredEntry original = stored.get(edited);
        altered.set(edited, new StoredEntry(new LogEntry.UserInput(original.entry().ts(),
                List.of(new InputPart.Text("Delete the tests instead."))), original.prevHash(), original.hash()));
        List<StoredEntry> removed = new ArrayList<>(stored);
        removed.remove(5);
        List<StoredEntry> cut = stored.subList(0, stored.size() - 3);
        SegmentHead recorded = new SegmentHead(segment, stored.size(), stored.get(stored.size() - 1).hash());

        out.println("Tamper check on in-memory copies of " + segment + " (the store is not touched)");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("  COPY", "VERIFY REPORTS"));
        rows.add(List.of("  as stored", verdict(HashChain.verify(segment, stored, recorded))));
        rows.add(List.of("  user input at position " + edited + " edited", verdict(HashChain.verify(segment, altered, null))));
        rows.add(List.of("  entry at position 5 deleted", verdict(HashChain.verify(segment, removed, null))));
        rows.add(List.of("  last 3 entries cut off", verdict(HashChain.verify(segment, cut, recorded))));
        Format.table(rows).forEach(out::println);
    }

    private static String verdict(ChainReport report) {
        return report.intact() ? "chain: intact (" + Format.count(report.entriesChecked(), "entry", "entries") + ")"
                : report.breaks().get(0).problem() + " at position " + report.breaks().get(0).position();
    }

    /** Three turns that use every kind of entry a runtime writes. */
    private static void writeFirstThreeTurns(SegmentLog log, SegmentWriter writer) {
        writer.append(new LogEntry.Invoke(log.now(), Trigger.USER_SEND));
        writer.saveUserInput(List.of(new InputPart.Text("Why does "), new InputPart.FileRef("src/Main.java"),
                new InputPart.Text(" crash on start? See "), new InputPart.KnowledgeRef("build-notes")));
        writer.saveDelta(List.of(
                new HistoryItem.Reasoning("The crash is likely in argument parsing; read the file first.",
                        List.of("read src/Main.java"), null, null),
                new HistoryItem.ToolCall("call-1", "read_file", "{\"path\":\"src/Main.java\"}")));
        writer.saveDelta(List.of(new HistoryItem.ToolResult("call-1", "42 lines",
                "public class Main { public static void main(String[] args) { run(args[0]); } }", false)));
        writer.saveDelta(List.of(HistoryItem.assistant("main() reads args[0] without checking that it exists.")));
        writer.append(usage(log, 5, 1_250, 0, 1_250, 180));
        writer.saveTurnEnd(1);
        writer.append(new LogEntry.RunCompleted(log.now(), false, RunResult.FINISHED));

        writer.append(new LogEntry.SystemItemEntry(log.now(), new SystemItem.Notification("CI failed",
                "[notification] CI run #42 failed: 3 tests in MainTest")));
        writer.append(new LogEntry.Invoke(log.now(), Trigger.NOTIFY));
        writer.saveUserInput(List.of(new InputPart.Text("Here is the CI log: "), new InputPart.Paste(1, 93, 3,
                "FAIL MainTest.noArgs\nFAIL MainTest.emptyArgs\nFAIL MainTest.helpFlag")));
        writer.saveDelta(List.of(HistoryItem.assistant("All three fail on the same missing check; adding it.")));
        writer.append(usage(log, 8, 1_900, 1_250, 650, 95));
        writer.append(new LogEntry.ConfigChanged(log.now(), writer.state().config()
                .withReasoning(new RequestConfig.Reasoning.Effort("high"))));
        writer.saveTurnEnd(2);
        writer.append(new LogEntry.RunCompleted(log.now(), false, RunResult.FINISHED));

        writer.append(new LogEntry.Invoke(log.now(), Trigger.USER_SEND));
        writer.saveUserInput(List.of(new InputPart.WorkflowInvoke("fix-tests")));
        writer.saveDelta(List.of(new HistoryItem.ToolCall("call-2", "run_tests", "{\"suite\":\"MainTest\"}")));
        writer.saveDelta(List.of(new HistoryItem.ToolResult("call-2", "3 passed", null, false)));
        writer.saveDelta(List.of(HistoryItem.assistant("The check is in and all 3 tests pass.")));
        writer.append(new LogEntry.Extension(log.now(), "todo", RawJson.of("{\"open\":0,\"done\":2}")));
        writer.append(usage(log, 12, 2_400, 1_900, 500, 60));
        writer.saveTurnEnd(3);
        writer.append(new LogEntry.RunCompleted(log.now(), false, RunResult.FINISHED));
    }

    private static LogEntry usage(SegmentLog log, int historyLen, long input, long cacheRead, long cacheWrite,
                                  long output) {
        return new LogEntry.LlmUsage(log.now(), historyLen, input, cacheRead, cacheWrite, output);
    }

    private static void step(PrintWriter out, String what, SegmentId segment, String detail) {
        out.println("  " + Format.pad(what, 22) + segment + "  " + detail);
    }
}
