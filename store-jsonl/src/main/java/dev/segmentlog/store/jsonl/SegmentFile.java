package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a segment's files are in a store directory {@code DIR}: in its session's directory,
 * {@code DIR/{session_id}/{segment_id}.jsonl}, or in the flat layout, {@code DIR/{segment_id}.jsonl}
 * (written by the original runtime before it had sessions; such a segment is its own session). The
 * trace is next to the log, named {@code {segment_id}.trace.jsonl}.
 *
 * @param segment          the segment
 * @param sessionDirectory the session whose directory holds the files; empty in the flat layout
 */
record SegmentFile(SegmentId segment, Optional<SessionId> sessionDirectory) {
    static final String LOG_SUFFIX = ".jsonl";
    static final String TRACE_SUFFIX = ".trace.jsonl";

    SegmentFile {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
    }

    static SegmentFile inSession(SessionId session, SegmentId segment) {
        return new SegmentFile(segment, Optional.of(session));
    }

    static SegmentFile flat(SegmentId segment) {
        return new SegmentFile(segment, Optional.empty());
    }

    boolean isFlat() {
        return sessionDirectory.isEmpty();
    }

    /** The session the file's place names: its directory's, or in the flat layout the segment's own. */
    SessionId session() {
        return sessionDirectory.orElseGet(() -> SessionId.ofLegacySegment(segment));
    }

    /** The directory holding the files. */
    Path parent(Path directory) {
        return sessionDirectory.map(session -> directory.resolve(session.toString())).orElse(directory);
    }

    /** The segment log. */
    Path log(Path directory) {
        return parent(directory).resolve(segment + LOG_SUFFIX);
    }

    /** The segment's trace. */
    Path trace(Path directory) {
        return parent(directory).resolve(segment + TRACE_SUFFIX);
    }
}
