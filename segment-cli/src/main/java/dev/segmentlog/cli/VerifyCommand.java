package dev.segmentlog.cli;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.spi.ChainReport;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.HashChain;
import dev.segmentlog.spi.SegmentHead;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentLog;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
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
        description = {"Check decoding, lineage and hash chains; exit 1 on a problem.",
                "",
                "Decodes every entry and trace entry, and checks that each fork or compaction origin exists, "
                        + "belongs to the same session and reached the turn it names. For a hash-chained "
                        + "segment it recomputes the chain and checks the source history its origin's hash "
                        + "names (problems: ALTERED, REMOVED, REORDERED, TRUNCATED, REWRITTEN, UNCHAINED_ENTRY, "
                        + "LINEAGE_MISMATCH, each with the position of the first entry affected). Prints one line "
                        + "per segment (ok, or FAIL with the problem and its position) and a summary; exits 1 "
                        + "on any problem."})
final class VerifyCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", arity = "0..1", description = "The segment to verify (default: --all).")
    String segment;

    @Option(names = "--all", description = "Verify every segment of the store.")
    boolean all;

    @Option(names = "--head", paramLabel = "COUNT:HASH",
            description = "A head recorded earlier for SEGMENT: its entry count and the full hash of its last "
                    + "entry then. The chain must still reach it (else TRUNCATED or REWRITTEN).")
    String head;

    private static final String NOT_SUPPORTED = "chain: not supported by this store";

    /** Set once the store refused a chain read: none of its segments is chained then. */
    private boolean chainsUnsupported;

    /** The turns each segment reached (turn_end counts), so a source shared by many forks is read once. */
    private final Map<SegmentId, Set<Integer>> turnsReached = new HashMap<>();

    @Override
    int run(SegmentStore store) {
        if (all && segment != null) {
            throw new ParameterException(spec.commandLine(), "give either SEGMENT or --all, not both");
        }
        if (head != null && segment == null) {
            throw new ParameterException(spec.commandLine(), "--head needs a SEGMENT: a recorded head belongs to "
                    + "one segment");
        }
        SegmentHead recorded = head == null ? null : parseHead(SegmentId.parse(segment), head);
        List<SegmentId> targets = segment != null ? List.of(SegmentId.parse(segment)) : store.listSegments();
        if (segment != null && !store.exists(targets.get(0))) {
            throw new SegmentNotFoundException(targets.get(0));
        }
        SegmentLog log = new SegmentLog(store);
        int bad = 0;
        int chained = 0;
        long entries = 0;
        for (SegmentId target : targets) {
            List<String> problems = new ArrayList<>();
            long decoded = verify(store, target, problems);
            entries += decoded;
            String chain = decoded > 0 ? verifyChain(log, target, recorded, problems) : null;
            if (chain != null && !chain.equals(NOT_SUPPORTED)) {
                chained++;
            }
            if (problems.isEmpty()) {
                out().println("ok    " + target + (chain == null ? "" : "  " + chain));
            } else {
                bad++;
                problems.forEach(problem -> out().println("FAIL  " + target + ": " + problem));
            }
        }
        String verdict = bad == 0 ? "all ok" : Format.count(bad, "segment has", "segments have") + " problems";
        out().println("verified " + Format.count(targets.size(), "segment", "segments")
                + (chained == 0 ? "" : " (" + chained + " chained)") + ", "
                + Format.count(entries, "entry", "entries") + ": " + verdict);
        return bad == 0 ? Main.OK : Main.USER_ERROR;
    }

    /**
     * Verifies a segment's hash chain through {@link SegmentLog#verify} (its own chain, and the source
     * history its origin's hash names), and {@code recorded} when given; adds what is broken to
     * {@code problems}.
     *
     * @return what to print after "ok" ("chain: intact (N entries)", or that the store keeps no
     *         chains), or null when the segment is not chained
     */
    private String verifyChain(SegmentLog log, SegmentId target, SegmentHead recorded, List<String> problems) {
        if (chainsUnsupported) {
            return NOT_SUPPORTED;
        }
        ChainReport report;
        try {
            report = log.verify(target);
        } catch (UnsupportedCapabilityException e) {
            chainsUnsupported = true;
            if (recorded != null) {
                problems.add("--head cannot be checked: this store does not keep hash chains");
            }
            return NOT_SUPPORTED;
        } catch (CorruptDataException e) {
            problems.add("chain: cannot be checked: " + e.getMessage());
            return "chain";
        }
        if (!report.chained()) {
            if (recorded != null) {
                problems.add("--head cannot be checked: the segment is not hash-chained");
            }
            return null;
        }
        List<ChainReport.Break> breaks = new ArrayList<>(report.breaks());
        if (recorded != null && breaks.isEmpty()) {
            // SegmentLog.verify knows no recorded head; the chain itself is intact, so checking the
            // head against the same entries can only add TRUNCATED or REWRITTEN.
            breaks.addAll(HashChain.verify(target, log.store().readHashed(target, 0), recorded).breaks());
        }
        breaks.forEach(broken -> problems.add("chain: " + Format.chainBreak(broken)));
        return "chain: intact (" + Format.count(report.entriesChecked(), "entry", "entries")
                + (recorded == null ? "" : ", reaches the recorded head at " + recorded.entriesWritten()) + ")";
    }

    private SegmentHead parseHead(SegmentId target, String text) {
        int colon = text.indexOf(':');
        long count;
        try {
            count = colon < 0 ? -1 : Long.parseLong(text.substring(0, colon));
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --head '" + text + "': expected COUNT:HASH, "
                    + "the entry count (at least 1) and the full hash of the last entry then");
        }
        try {
            return new SegmentHead(target, count, EntryHash.parse(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --head '" + text + "': " + e.getMessage());
        }
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
        String reference = field + " " + origin.segmentId() + " " + Format.cut(origin);
        if (!store.exists(origin.segmentId())) {
            problems.add(reference + ": that segment does not exist");
            return;
        }
        if (!store.info(origin.segmentId()).sessionId().equals(info.sessionId())) {
            problems.add(reference + ": that segment belongs to another session");
        }
        if (origin.atEntry() != null) {
            long sourceCount = store.count(origin.segmentId());
            if (sourceCount < origin.atEntry()) {
                problems.add(reference + ": that segment holds " + Format.count(sourceCount, "entry", "entries")
                        + ", the cut is after entry " + origin.atEntry());
            }
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
