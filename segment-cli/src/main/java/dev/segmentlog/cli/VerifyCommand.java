package dev.segmentlog.cli;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
        description = {"Check that segments decode and their lineage resolves; exit 1 if not.",
                "",
                "Decodes every entry and trace entry, and checks that each fork or compaction origin exists, "
                        + "belongs to the same session and reached the turn it names. Prints one line per "
                        + "segment (ok, or FAIL with the problem and its position) and a summary."})
final class VerifyCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", arity = "0..1", description = "The segment to verify (default: --all).")
    String segment;

    @Option(names = "--all", description = "Verify every segment of the store.")
    boolean all;

    /** The turns each segment reached (turn_end counts), so a source shared by many forks is read once. */
    private final Map<SegmentId, Set<Integer>> turnsReached = new HashMap<>();

    @Override
    int run(SegmentStore store) {
        if (all && segment != null) {
            throw new ParameterException(spec.commandLine(), "give either SEGMENT or --all, not both");
        }
        List<SegmentId> targets = segment != null ? List.of(SegmentId.parse(segment)) : store.listSegments();
        if (segment != null && !store.exists(targets.get(0))) {
            throw new SegmentNotFoundException(targets.get(0));
        }
        int bad = 0;
        long entries = 0;
        for (SegmentId target : targets) {
            List<String> problems = new ArrayList<>();
            entries += verify(store, target, problems);
            if (problems.isEmpty()) {
                out().println("ok    " + target);
            } else {
                bad++;
                problems.forEach(problem -> out().println("FAIL  " + target + ": " + problem));
            }
        }
        String verdict = bad == 0 ? "all ok" : Format.count(bad, "segment has", "segments have") + " problems";
        out().println("verified " + Format.count(targets.size(), "segment", "segments") + ", "
                + Format.count(entries, "entry", "entries") + ": " + verdict);
        return bad == 0 ? Main.OK : Main.USER_ERROR;
    }

    /** Adds what is wrong with one segment to {@code problems}; returns how many entries it decoded. */
    private long verify(SegmentStore store, SegmentId segment, List<String> problems) {
        List<LogEntry> entries;
        try {
            entries = store.readAll(segment);
        } catch (CorruptDataException e) {
            problems.add("corrupt entry at position " + e.position() + ": " + e.reason());
            return 0;
        }
        turnsReached.put(segment, turns(entries));
        try {
            store.readTrace(segment);
        } catch (CorruptDataException e) {
            problems.add("corrupt trace entry at position " + e.position() + ": " + e.reason());
        }
        if (entries.isEmpty() || !(entries.get(0) instanceof LogEntry.SegmentStart)) {
            problems.add("does not open with a segment_start");
            return entries.size();
        }
        SegmentInfo info = store.info(segment);
        if (info.entryCount() != entries.size()) {
            problems.add("the store counts " + info.entryCount() + " entries but " + entries.size() + " were read");
        }
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) entries.get(0);
        if (start.forkedFrom() != null) {
            checkOrigin(store, start.forkedFrom(), "forked_from", info, problems);
        }
        if (start.compactedFrom() != null) {
            checkOrigin(store, start.compactedFrom(), "compacted_from", info, problems);
        }
        return entries.size();
    }

    private void checkOrigin(SegmentStore store, SegmentOrigin origin, String field, SegmentInfo info,
                             List<String> problems) {
        String reference = field + " " + origin.segmentId() + " at turn " + origin.atTurnIndex();
        if (!store.exists(origin.segmentId())) {
            problems.add(reference + ": that segment does not exist");
            return;
        }
        if (!store.info(origin.segmentId()).sessionId().equals(info.sessionId())) {
            problems.add(reference + ": that segment belongs to another session");
        }
        Set<Integer> turns = turnsReached.get(origin.segmentId());
        if (turns == null) {
            try {
                turns = turns(store.readAll(origin.segmentId()));
            } catch (CorruptDataException e) {
                problems.add(reference + ": that segment has corrupt data at position " + e.position());
                return;
            }
            turnsReached.put(origin.segmentId(), turns);
        }
        if (origin.atTurnIndex() > 0 && !turns.contains(origin.atTurnIndex())) {
            problems.add(reference + ": that segment never reached turn " + origin.atTurnIndex()
                    + " (its last turn is " + turns.stream().mapToInt(Integer::intValue).max().orElse(0) + ")");
        }
    }

    /** The turn counts of a segment's turn_end entries: the turns a fork may be cut at (and 0). */
    private static Set<Integer> turns(List<LogEntry> entries) {
        Set<Integer> turns = new HashSet<>();
        for (LogEntry entry : entries) {
            if (entry instanceof LogEntry.TurnEnd end) {
                turns.add(end.turnCount());
            }
        }
        return turns;
    }
}
