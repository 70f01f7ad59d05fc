package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "copy",
        description = {"Copy segments between two stores, verified by reading them back.",
                "",
                "Copies entries and traces session by session, each session's oldest segment first, a page "
                        + "of entries at a time: each page is read back from the target as soon as it is "
                        + "written, so stores and segments of any size are copied in bounded memory. The source "
                        + "is opened read-only: nothing in it is created or changed. A segment "
                        + "already in the target with the same entries is skipped; one holding a prefix of them "
                        + "is completed; one holding other entries is reported and left alone (exit 1). A "
                        + "hash-chained segment is copied with its hashes, which must read back equal; a target "
                        + "that keeps no hash chains refuses it.",
                "",
                "With --session-log-v0, imports log files of the original runtime's hash-chained session log (format v0) instead (one segment "
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

    @Option(names = "--session-log-v0", paramLabel = "FILE", arity = "1..*",
            description = "Import these log files of session log v0, each named after its old session id, into --to.")
    List<Path> sessionLogV0;

    @Option(names = "--require-intact",
            description = "With --session-log-v0: refuse (and count as failed) a file whose old chain is broken.")
    boolean requireIntact;

    private enum Outcome { COPIED, COMPLETED, SKIPPED, FAILED }

    @Override
    public Integer call() {
        if (sessionLogV0 != null) {
            if (from != null || session != null) {
                throw new ParameterException(spec.commandLine(), "--session-log-v0 reads files: give it without "
                        + "--from and --session");
            }
            try (SegmentStore out = open(to, Access.CREATE)) {
                return new SessionLogV0Copy(out, to, requireIntact, out(), err()).run(sessionLogV0);
            }
        }
        if (requireIntact) {
            throw new ParameterException(spec.commandLine(), "--require-intact goes with --session-log-v0");
        }
        String source = from != null ? from : storeUri;
        if (source.equals(to)) {
            throw new ParameterException(spec.commandLine(), "--from and --to name the same store");
        }
        SessionId only = session == null ? null : SessionId.parse(session);
        // The source is only read: opened read-only before the target, so a missing source creates no target.
        try (SegmentStore in = open(source, Access.READ); SegmentStore out = open(to, Access.CREATE)) {
            Stream<SessionId> sessions = only != null ? Stream.of(only)
                    : Page.all(in::listSessions, PageRequest.DEFAULT_LIMIT);
            Progress progress = Progress.of(err(), "segments");
            int[] outcomes = new int[Outcome.values().length];
            long entries = 0;
            int chainedCopies = 0;
            Iterator<SessionId> each = sessions.iterator();
            while (each.hasNext()) {
                SessionId current = each.next();
                List<SegmentId> segments = new ArrayList<>(Page.all(
                        (PageRequest<SegmentId> page) -> in.listSegments(current, page), PageRequest.DEFAULT_LIMIT).toList());
                if (only != null && segments.isEmpty()) {
                    throw new IllegalArgumentException("session " + only + " has no segments in " + Format.uri(source));
                }
                // Oldest first: a fork's source lands before the fork (both are in the same session).
                segments.sort(null);
                for (SegmentId segment : segments) {
                    Copied copied = copy(in, out, segment);
                    outcomes[copied.outcome().ordinal()]++;
                    if (copied.outcome() != Outcome.FAILED) {
                        entries += copied.entries();
                        chainedCopies += copied.chained() ? 1 : 0;
                    }
                    progress.step(segment);
                }
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

    /** What copying one segment did: its outcome, how many entries it holds, whether it is hash-chained. */
    private record Copied(Outcome outcome, long entries, boolean chained) {}

    /**
     * Copies one segment a page at a time, with its chain fields, so the hashes of a chained segment
     * (and the at_hash of forks made from it) stay valid in the target. A page that the target lacks is
     * appended only if the target still holds exactly the entries before it, and is read back at once.
     * A target that already holds a prefix of the segment is checked page by page and completed.
     */
    private Copied copy(SegmentStore in, SegmentStore out, SegmentId segment) {
        long size = in.count(segment); // a live segment may grow meanwhile: this copy takes what it holds now
        boolean present = out.exists(segment);
        long held = present ? out.count(segment) : 0;
        boolean chained = false;
        Outcome outcome = present ? Outcome.SKIPPED : Outcome.COPIED;
        if (held > size) {
            err().println("segment " + segment + " already exists in " + Format.uri(to) + " with other entries; left alone");
            return new Copied(Outcome.FAILED, size, false);
        }
        long position = 0;
        try {
            for (List<StoredEntry> page : SegmentPages.before(in, segment, size)) {
                chained |= position == 0 && page.get(0).isChained();
                List<StoredEntry> missing = page;
                if (position < held) {
                    List<StoredEntry> there = out.read(segment, position, page.size());
                    if (!there.equals(page.subList(0, there.size()))) {
                        err().println("segment " + segment + " already exists in " + Format.uri(to) + " with "
                                + otherEntries(there, page.subList(0, there.size())) + "; left alone");
                        return new Copied(Outcome.FAILED, size, chained);
                    }
                    missing = page.subList(there.size(), page.size());
                }
                if (!missing.isEmpty()) {
                    long at = position + page.size() - missing.size();
                    if (present || at > 0) {
                        out.append(segment, ExpectedCount.exactly(at), missing);
                        outcome = present ? Outcome.COMPLETED : outcome;
                    } else {
                        out.create(segment, missing);
                    }
                    List<StoredEntry> readBack = out.read(segment, at, missing.size());
                    if (!readBack.equals(missing)) {
                        err().println("segment " + segment + " reads back from " + Format.uri(to) + " differently "
                                + "from the source at positions " + at + " to " + (at + missing.size() - 1)
                                + (StoredEntry.entries(readBack).equals(StoredEntry.entries(missing))
                                        ? " (the hashes differ)" : ""));
                        return new Copied(Outcome.FAILED, size, chained);
                    }
                }
                position += page.size();
            }
        } catch (UnsupportedCapabilityException e) {
            err().println("segment " + segment + " is hash-chained but " + Format.uri(to)
                    + " does not keep hash chains; not copied");
            return new Copied(Outcome.FAILED, size, true);
        }
        if (outcome == Outcome.COPIED) {
            for (TraceEntry traceEntry : in.readTrace(segment)) {
                out.appendTrace(segment, traceEntry);
            }
        }
        return new Copied(outcome, size, chained);
    }

    /** How the entries a target holds differ from the source's at the same positions. */
    private static String otherEntries(List<StoredEntry> there, List<StoredEntry> source) {
        if (!StoredEntry.entries(there).equals(StoredEntry.entries(source))) {
            return "other entries";
        }
        return StoredEntry.anyChained(there) ? "the same entries but other hashes"
                : "the same entries but without their hashes";
    }
}
