package dev.segmentlog.cli;

import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "copy",
        description = {"Copy segments between two stores, verified by reading them back.",
                "",
                "Copies entries and traces, oldest segment first. A segment already in the target with the "
                        + "same entries is skipped; one holding a prefix of them is completed; one holding other "
                        + "entries is reported and left alone (exit 1). A hash-chained segment is copied with "
                        + "its hashes, which must read back equal; a target that keeps no hash chains refuses it.",
                "",
                "With --older-seed, imports log files of the older hash-chained seed instead (one segment "
                        + "per file, named by the old session id; a fork lands in its source's session when "
                        + "both are imported together). Each file's old chain is verified on its original "
                        + "bytes and reported; the segment gets a new chain and a provenance trace entry. "
                        + "Exit 1 if a file cannot be read or imported."})
final class CopyCommand extends StoreCommand {

    @Option(names = "--from", paramLabel = "URI", description = "The source store (default: the --store value).")
    String from;

    @Option(names = "--to", paramLabel = "URI", required = true, description = "The target store.")
    String to;

    @Option(names = "--session", paramLabel = "ID", description = "Copy only this session's segments.")
    String session;

    @Option(names = "--older-seed", paramLabel = "FILE", arity = "1..*",
            description = "Import these log files of the older seed, each named after its old session id, into --to.")
    List<Path> olderSeed;

    @Option(names = "--require-intact",
            description = "With --older-seed: refuse (and count as failed) a file whose old chain is broken.")
    boolean requireIntact;

    private enum Outcome { COPIED, COMPLETED, SKIPPED, FAILED }

    @Override
    public Integer call() {
        if (olderSeed != null) {
            if (from != null || session != null) {
                throw new ParameterException(spec.commandLine(), "--older-seed reads files: give it without "
                        + "--from and --session");
            }
            try (SegmentStore out = SegmentStores.open(to)) {
                return new OlderSeedCopy(out, to, requireIntact, out(), err()).run(olderSeed);
            }
        }
        if (requireIntact) {
            throw new ParameterException(spec.commandLine(), "--require-intact goes with --older-seed");
        }
        String source = from != null ? from : storeUri;
        if (source.equals(to)) {
            throw new ParameterException(spec.commandLine(), "--from and --to name the same store");
        }
        SessionId only = session == null ? null : SessionId.parse(session);
        try (SegmentStore in = open(source); SegmentStore out = SegmentStores.open(to)) {
            List<SegmentId> segments = new ArrayList<>(only == null ? in.listSegments() : in.listSegments(only));
            if (only != null && segments.isEmpty()) {
                throw new IllegalArgumentException("session " + only + " has no segments in " + Format.uri(source));
            }
            segments.sort(null); // oldest first: a fork's source lands before the fork
            Progress progress = Progress.of(err(), segments.size());
            int[] outcomes = new int[Outcome.values().length];
            long entries = 0;
            int chainedCopies = 0;
            for (SegmentId segment : segments) {
                Optional<List<StoredEntry>> hashed = Chains.readHashed(in, segment, 0);
                boolean chained = hashed.map(list -> !list.isEmpty() && list.get(0).isChained()).orElse(false);
                Outcome outcome;
                long size;
                if (chained) {
                    outcome = copyChained(in, out, segment, hashed.get());
                    size = hashed.get().size();
                    chainedCopies += outcome == Outcome.FAILED ? 0 : 1;
                } else {
                    List<LogEntry> sourceEntries = hashed.map(StoredEntry::entries).orElseGet(() -> in.readAll(segment));
                    outcome = copy(in, out, segment, sourceEntries);
                    size = sourceEntries.size();
                }
                outcomes[outcome.ordinal()]++;
                entries += outcome == Outcome.FAILED ? 0 : size;
                progress.step(segment);
            }
            progress.done();
            out().println("copy " + Format.uri(source) + " -> " + Format.uri(to) + ": " + outcomes[Outcome.COPIED.ordinal()] + " copied, "
                    + outcomes[Outcome.COMPLETED.ordinal()] + " completed, " + outcomes[Outcome.SKIPPED.ordinal()]
                    + " already present, " + outcomes[Outcome.FAILED.ordinal()] + " failed; "
                    + Format.count(entries, "entry", "entries") + " verified by read-back"
                    + (chainedCopies == 0 ? "" : ", the hashes of " + Format.count(chainedCopies,
                            "chained segment", "chained segments") + " too"));
            return outcomes[Outcome.FAILED.ordinal()] == 0 ? Main.OK : Main.USER_ERROR;
        }
    }

    /** Never called: {@link #call()} is overridden because copy works on two stores. */
    @Override
    int run(SegmentStore store) {
        throw new UnsupportedOperationException("copy opens two stores");
    }

    /**
     * Copies a hash-chained segment with its chain fields, so its hashes (and the at_hash of forks
     * made from it) stay valid in the target; verified by reading the entries and hashes back.
     */
    private Outcome copyChained(SegmentStore in, SegmentStore out, SegmentId segment, List<StoredEntry> entries) {
        Outcome outcome;
        try {
            if (!out.exists(segment)) {
                out.createHashed(segment, entries);
                for (TraceEntry traceEntry : in.readTrace(segment)) {
                    out.appendTrace(segment, traceEntry);
                }
                outcome = Outcome.COPIED;
            } else {
                List<StoredEntry> present = out.readHashed(segment, 0);
                if (present.equals(entries)) {
                    return Outcome.SKIPPED;
                }
                boolean prefix = present.size() <= entries.size() && entries.subList(0, present.size()).equals(present);
                if (!prefix) {
                    boolean unchained = StoredEntry.entries(present).equals(StoredEntry.entries(entries).subList(0,
                            Math.min(present.size(), entries.size())));
                    err().println("segment " + segment + " already exists in " + Format.uri(to) + " with "
                            + (unchained ? "the same entries but without their hashes" : "other entries")
                            + "; left alone");
                    return Outcome.FAILED;
                }
                out.appendHashedIfCount(segment, present.size(), entries.subList(present.size(), entries.size()));
                outcome = Outcome.COMPLETED;
            }
        } catch (UnsupportedCapabilityException e) {
            err().println("segment " + segment + " is hash-chained but " + Format.uri(to)
                    + " does not keep hash chains; not copied");
            return Outcome.FAILED;
        }
        List<StoredEntry> readBack = out.readHashed(segment, 0);
        if (!readBack.equals(entries)) {
            err().println("segment " + segment + " reads back from " + Format.uri(to) + " differently from the source ("
                    + readBack.size() + " entries, the source has " + entries.size()
                    + (StoredEntry.entries(readBack).equals(StoredEntry.entries(entries)) ? "; the hashes differ" : "") + ")");
            return Outcome.FAILED;
        }
        return outcome;
    }

    private Outcome copy(SegmentStore in, SegmentStore out, SegmentId segment, List<LogEntry> entries) {
        Outcome outcome;
        if (!out.exists(segment)) {
            out.create(segment, entries);
            List<TraceEntry> trace = in.readTrace(segment);
            for (TraceEntry traceEntry : trace) {
                out.appendTrace(segment, traceEntry);
            }
            outcome = Outcome.COPIED;
        } else {
            List<LogEntry> present = out.readAll(segment);
            if (present.equals(entries)) {
                return Outcome.SKIPPED;
            }
            if (present.size() > entries.size() || !entries.subList(0, present.size()).equals(present)) {
                err().println("segment " + segment + " already exists in " + Format.uri(to) + " with other entries; left alone");
                return Outcome.FAILED;
            }
            out.appendIfCount(segment, present.size(), entries.subList(present.size(), entries.size()));
            outcome = Outcome.COMPLETED;
        }
        List<LogEntry> readBack = out.readAll(segment);
        if (!readBack.equals(entries)) {
            err().println("segment " + segment + " reads back from " + Format.uri(to) + " differently from the source ("
                    + readBack.size() + " entries, the source has " + entries.size() + ")");
            return Outcome.FAILED;
        }
        return outcome;
    }
}
