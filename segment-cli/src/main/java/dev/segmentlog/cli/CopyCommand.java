package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
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
                        + "is opened read-only: nothing in it is created or changed. What the target holds of a "
                        + "segment already (entries, trace entries) is compared and kept, and only what it lacks "
                        + "is written, so running the same copy again completes an unfinished one and duplicates "
                        + "nothing. A segment that cannot be read, or that the target holds with other entries, "
                        + "is reported on stderr with the reason and the copy goes on; the exit code is then 1. "
                        + "A hash-chained segment is copied with its hashes, which must read back equal; a target "
                        + "that keeps no hash chains refuses it.",
                "",
                "With --session-log, imports log files of the original runtime's session log instead: its "
                        + "first, unchained JSONL log and every hash-chained version before segments (one "
                        + "segment per file, named by the old session id; a fork lands in its source's session "
                        + "when both are imported together). Entries are written in the current kinds only "
                        + "(one entry per item of a plural line, run_outcome as run_completed or run_errored, "
                        + "pod_event as worker_event; cache locks are left out and noted). Each file's old chain "
                        + "is verified on its original bytes: a file whose chain is broken is refused and "
                        + "counted as failed, unless --accept-broken-chain is given; the segment gets a new "
                        + "chain, a segment_start marked with its source and what its old chain was "
                        + "(imported_from, shown by verify, show and ls), and a provenance trace entry. "
                        + "Exit 1 if a file cannot be read or imported."})
final class CopyCommand extends StoreCommand {

    @Option(names = "--from", paramLabel = "URI", description = "The source store (default: the --store value).")
    String from;

    @Option(names = "--to", paramLabel = "URI", required = true, description = "The target store.")
    String to;

    @Option(names = "--session", paramLabel = "ID", description = "Copy only this session's segments.")
    String session;

    @Option(names = "--session-log", paramLabel = "FILE", arity = "1..*",
            description = "Import these session log files of the original runtime (any version before segments, "
                    + "each named after its old session id) into --to.")
    List<Path> sessionLogs;

    @Option(names = "--accept-broken-chain",
            description = "With --session-log: import a file whose old hash chain is broken (refused by default); "
                    + "its segment_start then records the line where the old chain broke, and verify warns of it.")
    boolean acceptBrokenChain;

    @Override
    public Integer call() {
        if (sessionLogs != null) {
            if (from != null || session != null) {
                throw new ParameterException(spec.commandLine(), "--session-log reads files: give it without "
                        + "--from and --session");
            }
            try (SegmentStore out = open(to, Access.CREATE)) {
                return new SessionLogCopy(out, to, acceptBrokenChain, out(), err()).run(sessionLogs);
            }
        }
        if (acceptBrokenChain) {
            throw new ParameterException(spec.commandLine(), "--accept-broken-chain goes with --session-log");
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
            SegmentCopy copy = new SegmentCopy(in, out, Format.uri(to));
            Progress progress = Progress.of(err(), "segments");
            int[] outcomes = new int[SegmentCopy.Outcome.values().length];
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
                    SegmentCopy.Copied copied = copy.copy(segment);
                    outcomes[copied.outcome().ordinal()]++;
                    if (copied.outcome() == SegmentCopy.Outcome.FAILED) {
                        err().println("segment " + segment + " " + copied.problem());
                    } else {
                        entries += copied.entries();
                        chainedCopies += copied.chained() ? 1 : 0;
                    }
                    progress.step(segment);
                }
            }
            progress.done();
            out().println("copy " + Format.uri(source) + " -> " + Format.uri(to) + ": "
                    + outcomes[SegmentCopy.Outcome.COPIED.ordinal()] + " copied, "
                    + outcomes[SegmentCopy.Outcome.COMPLETED.ordinal()] + " completed, "
                    + outcomes[SegmentCopy.Outcome.PRESENT.ordinal()] + " already present, "
                    + outcomes[SegmentCopy.Outcome.FAILED.ordinal()] + " failed; "
                    + Format.count(entries, "entry", "entries") + " verified by read-back"
                    + (chainedCopies == 0 ? "" : ", the hashes of " + Format.count(chainedCopies,
                            "chained segment", "chained segments") + " too"));
            return outcomes[SegmentCopy.Outcome.FAILED.ordinal()] == 0 ? Main.OK : Main.USER_ERROR;
        }
    }

    /** Never called: {@link #call()} is overridden because copy works on two stores. */
    @Override
    int run(SegmentStore store) {
        throw new UnsupportedOperationException("copy opens two stores");
    }
}
