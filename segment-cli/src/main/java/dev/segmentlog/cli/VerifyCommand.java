package dev.segmentlog.cli;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.UnknownContent;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentHead;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
                        + "on any problem.",
                "A segment imported from an older log whose hash chain was broken is reported as a warning "
                        + "(WARN, naming the old log and the line where its chain broke), and its chain as "
                        + "'intact since the import': the chain made at the import cannot vouch for the lines "
                        + "before it.",
                "Content this version does not understand is kept by the stores and reported as a warning "
                        + "(WARN, with the entry's position and the field's path, e.g. "
                        + "user_input.segmentz: unknown field 'segmentz'): a field of a known kind it does not "
                        + "know (written by a newer version, or a misspelt name), or an entry or item of a kind "
                        + "it does not know. Warnings leave the exit code 0; with --strict they are problems.",
                "--all walks the store's listing and reads each segment a page at a time; only the chain "
                        + "check of a hash-chained segment holds that segment's entries at once."})
final class VerifyCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", arity = "0..1", description = "The segment to verify (default: --all).")
    String segment;

    @Option(names = "--all", description = "Verify every segment of the store.")
    boolean all;

    @Option(names = "--head", paramLabel = "COUNT:HASH",
            description = "A head recorded earlier for SEGMENT: its entry count and the full hash of its last "
                    + "entry then. The chain must still reach it (else TRUNCATED or REWRITTEN).")
    String head;

    @Option(names = "--strict", description = "Count warnings (content this version does not understand) as "
            + "problems: FAIL and exit 1.")
    boolean strict;

    /** How many segments' turns are kept for the origin checks of later segments. */
    private static final int TURNS_KEPT = 1024;

    /**
     * The turns recently read segments reached (their turn_end counts), so a source shared by many
     * forks is read once; bounded, so that verifying a store of any size holds no state per segment.
     */
    private final Map<SegmentId, Set<Integer>> turnsReached = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SegmentId, Set<Integer>> eldest) {
            return size() > TURNS_KEPT;
        }
    };

    /**
     * What reading one segment found: how many entries decoded, whether its start carries a hash, and
     * (nullable) the mark of an imported segment.
     */
    private record Decoded(long entries, boolean chained, ImportedFrom imported) {}

    @Override
    int run(SegmentStore store) {
        if (all && segment != null) {
            throw new ParameterException(spec.commandLine(), "give either SEGMENT or --all, not both");
        }
        if (head != null && segment == null) {
            throw new ParameterException(spec.commandLine(), "--head needs a SEGMENT: a recorded head belongs to "
                    + "one segment");
        }
        SegmentId one = segment == null ? null : SegmentId.parse(segment);
        SegmentHead recorded = head == null ? null : parseHead(one, head);
        if (one != null && !store.exists(one)) {
            throw new SegmentNotFoundException(one);
        }
        Stream<SegmentId> targets = one != null ? Stream.of(one) : Page.<SegmentId>all(store::listSegments, PageRequest.DEFAULT_LIMIT);
        SegmentLog log = new SegmentLog(store);
        long verified = 0;
        int bad = 0;
        long warned = 0;
        int chained = 0;
        long entries = 0;
        Iterator<SegmentId> each = targets.iterator();
        while (each.hasNext()) {
            SegmentId target = each.next();
            verified++;
            List<String> problems = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            Decoded decoded = verify(store, target, problems, warnings);
            entries += decoded.entries();
            String chain = null;
            if (decoded.chained()) {
                chain = verifyChain(log, target, recorded, problems);
                if (decoded.imported() != null && decoded.imported().oldChain() == ImportedFrom.OldChain.BROKEN) {
                    // The chain was made at the import: it cannot vouch for what came before it.
                    chain = chain.replace("chain: intact", "chain: intact since the import");
                }
                chained++;
            } else if (decoded.entries() > 0 && recorded != null) {
                problems.add("--head cannot be checked: the segment is not hash-chained");
            }
            if (strict) {
                problems.addAll(warnings);
            } else {
                warnings.forEach(warning -> out().println("WARN  " + target + ": " + warning));
                warned += warnings.size();
            }
            if (problems.isEmpty()) {
                out().println("ok    " + target + (chain == null ? "" : "  " + chain));
            } else {
                bad++;
                problems.forEach(problem -> out().println("FAIL  " + target + ": " + problem));
            }
        }
        String verdict = bad == 0 ? "all ok" : Format.count(bad, "segment has", "segments have") + " problems";
        out().println("verified " + Format.count(verified, "segment", "segments")
                + (chained == 0 ? "" : " (" + chained + " chained)") + ", "
                + Format.count(entries, "entry", "entries") + ": " + verdict
                + (warned == 0 ? "" : "; " + Format.count(warned, "warning", "warnings")
                        + " (content this version does not understand; --strict counts it as a problem)"));
        return bad == 0 ? Main.OK : Main.USER_ERROR;
    }

    /**
     * Verifies a chained segment's hash chain through {@link SegmentLog#verify} (its own chain, and
     * the source history its origin's hash names), and {@code recorded} when given; adds what is broken
     * to {@code problems}. The chain check needs the segment's entries at once, read a page at a time.
     *
     * @return what to print after "ok": "chain: intact (N entries)"
     */
    private String verifyChain(SegmentLog log, SegmentId target, SegmentHead recorded, List<String> problems) {
        ChainReport report;
        try {
            report = log.verify(target);
        } catch (CorruptDataException e) {
            problems.add("chain: cannot be checked: " + e.getMessage());
            return "chain";
        }
        List<ChainReport.Break> breaks = new ArrayList<>(report.breaks());
        if (recorded != null && breaks.isEmpty()) {
            // SegmentLog.verify knows no recorded head; the chain itself is intact, so checking the
            // head against the same entries can only add TRUNCATED or REWRITTEN.
            breaks.addAll(HashChain.verify(target, log.readStored(target), recorded).breaks());
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

    /**
     * Adds what is wrong with one segment to {@code problems}, and what in its entries this version
     * does not understand to {@code warnings}, reading it a page at a time; returns how many entries
     * it decoded (0 when one is corrupt) and whether it is chained.
     */
    private Decoded verify(SegmentStore store, SegmentId segment, List<String> problems, List<String> warnings) {
        LogEntry first = null;
        boolean chained = false;
        long count = 0;
        Set<Integer> turns = new HashSet<>();
        try {
            for (List<StoredEntry> page : SegmentPages.from(store, segment, 0)) {
                if (first == null) {
                    first = page.get(0).entry();
                    chained = page.get(0).isChained();
                }
                for (StoredEntry stored : page) {
                    addTurn(stored.entry(), turns);
                    for (UnknownContent.Finding finding : UnknownContent.of(stored.entry())) {
                        warnings.add("entry at position " + count + ": " + finding);
                    }
                    count++;
                }
            }
        } catch (CorruptDataException e) {
            problems.add("corrupt entry at position " + e.position() + ": " + e.reason());
            return new Decoded(0, false, null);
        }
        turnsReached.put(segment, turns);
        try {
            store.readTrace(segment);
        } catch (CorruptDataException e) {
            problems.add("corrupt trace entry at position " + e.position() + ": " + e.reason());
        }
        if (!(first instanceof LogEntry.SegmentStart start)) {
            problems.add("does not open with a segment_start");
            return new Decoded(count, false, null);
        }
        if (start.importedFrom() != null && start.importedFrom().oldChain() == ImportedFrom.OldChain.BROKEN) {
            warnings.add(start.importedFrom().describe() + "; it was imported with --accept-broken-chain");
        }
        SegmentInfo info = store.info(segment);
        if (info.entryCount() != count) {
            problems.add("the store counts " + info.entryCount() + " entries but " + count + " were read");
        }
        if (start.forkedFrom() != null) {
            checkOrigin(store, start.forkedFrom(), "forked_from", info, problems);
        }
        if (start.compactedFrom() != null) {
            checkOrigin(store, start.compactedFrom(), "compacted_from", info, problems);
        }
        return new Decoded(count, chained, start.importedFrom());
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
            turns = new HashSet<>();
            try {
                for (List<StoredEntry> page : SegmentPages.from(store, origin.segmentId(), 0)) {
                    for (StoredEntry stored : page) {
                        addTurn(stored.entry(), turns);
                    }
                }
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

    /** Adds the turn a turn_end closes to {@code turns}: the turns a fork may be cut at (and 0). */
    private static void addTurn(LogEntry entry, Set<Integer> turns) {
        if (entry instanceof LogEntry.TurnEnd end) {
            turns.add(end.turnCount());
        }
    }
}
