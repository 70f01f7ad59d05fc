package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.importer.SessionLogFile;
import dev.segmentlog.importer.SessionLogImport;
import dev.segmentlog.importer.SessionLogOptions;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code copy --session-log}: imports session log files of the original runtime (any version before
 * segments) through {@link SessionLogFile}, one segment per file, sources before their forks so that
 * an origin's old {@code at_hash} becomes a cut in the imported source's new chain. A file whose old
 * chain is broken is refused unless accepted, and then imported marked.
 */
final class SessionLogCopy {
    private final SegmentStore target;
    private final String targetUri;
    private final boolean acceptBrokenChain;
    private final PrintWriter out;
    private final PrintWriter err;

    /** The files that parsed, by the segment id each becomes. */
    private final Map<SegmentId, Path> files = new LinkedHashMap<>();
    /** Logs read with their sources resolved, in the order they were finished: sources first. */
    private final Map<SegmentId, SessionLogFile> resolved = new LinkedHashMap<>();
    private final Set<SegmentId> resolving = new HashSet<>();

    SessionLogCopy(SegmentStore target, String targetUri, boolean acceptBrokenChain, PrintWriter out,
                   PrintWriter err) {
        this.target = target;
        this.targetUri = targetUri;
        this.acceptBrokenChain = acceptBrokenChain;
        this.out = out;
        this.err = err;
    }

    /** Imports the files; returns the exit code: 1 if any file could not be read or imported. */
    int run(List<Path> paths) {
        int failed = 0;
        // First pass: which files parse and which segment each becomes, so origins can name them.
        for (Path path : paths) {
            try {
                SessionLogFile log = SessionLogFile.read(path, options());
                Path other = files.putIfAbsent(log.segmentId(), path);
                if (other != null) {
                    failed++;
                    err.println("import " + path + ": FAILED: it is old session " + log.segmentId() + " again, as "
                            + other + " is");
                }
            } catch (StoreException | IllegalArgumentException e) {
                failed++;
                err.println("import " + path + ": FAILED: " + oneLine(e.getMessage()));
            }
        }
        for (SegmentId segment : files.keySet()) {
            resolve(segment);
        }
        int imported = 0;
        int present = 0;
        long entries = 0;
        for (SessionLogFile log : resolved.values()) {
            switch (importOne(log)) {
                case IMPORTED -> {
                    imported++;
                    entries += log.entries().size();
                }
                case PRESENT -> {
                    present++;
                    entries += log.entries().size();
                }
                default -> failed++;
            }
        }
        out.println("session-log import -> " + Format.uri(targetUri) + ": " + imported + " imported, " + present
                + " already present, " + failed + " failed; " + Format.count(entries, "entry", "entries")
                + " verified by read-back");
        return failed == 0 ? Main.OK : Main.USER_ERROR;
    }

    private enum Outcome { IMPORTED, PRESENT, FAILED }

    /** Reads a file again with the logs its origins name, which are resolved first. */
    private Optional<SessionLogFile> resolve(SegmentId segment) {
        if (resolved.containsKey(segment)) {
            return Optional.of(resolved.get(segment));
        }
        Path path = files.get(segment);
        if (path == null || !resolving.add(segment)) {
            return Optional.empty(); // not given, or an origin cycle (which hashes make impossible)
        }
        SessionLogFile log = SessionLogFile.read(path, options()
                .withSegmentId(segment)
                .withSessionFromSource(true)
                .withSourceLookup(this::resolve));
        resolved.put(segment, log);
        return Optional.of(log);
    }

    private SessionLogOptions options() {
        return SessionLogOptions.defaults().withBrokenChainAccepted(acceptBrokenChain);
    }

    private Outcome importOne(SessionLogFile log) {
        String name = "import " + log.sourceName() + " -> " + log.segmentId();
        ChainReport old = log.oldChain();
        String oldChain = !old.chained() ? "no old chain (the first, unchained version)"
                : old.intact() ? "old chain intact"
                : "old chain BROKEN at line " + log.mark().brokenAtLine() + ": "
                        + Format.chainBreak(old.breaks().get(0));
        if (!old.intact() && !acceptBrokenChain) {
            out.println(name + ": not imported, " + oldChain);
            err.println("import " + log.sourceName() + ": FAILED: its old hash chain is broken at line "
                    + log.mark().brokenAtLine() + " (" + log.mark().problem() + "); --accept-broken-chain imports "
                    + "it, marked as such");
            return Outcome.FAILED;
        }
        if (!old.intact()) {
            oldChain += ", accepted: the segment_start records it";
        }
        if (target.exists(log.segmentId())) {
            if (holdsTheSame(log)) {
                out.println(name + ": already present, " + oldChain);
                return Outcome.PRESENT;
            }
            err.println("import " + log.sourceName() + ": FAILED: segment " + log.segmentId() + " already exists in "
                    + Format.uri(targetUri) + " with other entries; left alone");
            return Outcome.FAILED;
        }
        SessionLogImport done;
        try {
            done = log.importInto(target);
        } catch (StoreException e) {
            err.println("import " + log.sourceName() + ": FAILED: " + oneLine(e.getMessage()));
            return Outcome.FAILED;
        }
        if (!holdsTheSame(log)) {
            err.println("import " + log.sourceName() + ": FAILED: segment " + log.segmentId() + " reads back from "
                    + Format.uri(targetUri) + " differently from what was imported");
            return Outcome.FAILED;
        }
        out.println(name + ": " + Format.count(done.entriesImported(), "entry", "entries") + ", " + oldChain
                + (done.chained() ? ", chained (head " + Format.shortHash(done.headHash()) + ")"
                        : ", not chained (the store keeps no hash chains)"));
        for (SessionLogFile.Origin origin : log.origins()) {
            out.println("  " + origin.relation().wireName() + " " + origin.sourceSegment() + " "
                    + (origin.resolved() ? Format.cut(origin.converted())
                            : "not resolved: its source was not imported with it"));
        }
        log.notes().forEach(note -> out.println("  note: " + note));
        return Outcome.IMPORTED;
    }

    /**
     * Whether the target holds exactly the log's entries: with their new hashes, or plain (as a store
     * without the hash-chain capability returns them, and as importInto writes them there).
     */
    private boolean holdsTheSame(SessionLogFile log) {
        List<StoredEntry> stored = new SegmentLog(target).readStored(log.segmentId());
        return stored.equals(log.chainedEntries())
                || !StoredEntry.anyChained(stored) && StoredEntry.entries(stored).equals(log.entries());
    }

    private static String oneLine(String text) {
        return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
