package dev.segmentlog.integration.adk;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.integration.adk.AdkJson.SessionRecord;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ADK session rebuilt from the segments of its segmentlog session, with a writer on its head.
 *
 * <p>The head is the session's newest segment. A segment that is a fork (or a compaction) of
 * another holds only what was written to it after the cut; what came before is the source's,
 * up to the cut: the source's first {@code atEntry} entries when the origin names them, else the
 * source's history up to its {@code atTurnIndex}-th event (each event is one turn of the log). The
 * source may itself be a fork, so the history is rebuilt from the first segment down.
 *
 * @param record    the session's record: owner, id and initial session state
 * @param createdAt when the session was created (epoch milliseconds)
 * @param events    the {@code adk.event} entries of the history, oldest first
 * @param writer    a writer on the head, at the count it read
 */
record StoredSession(SessionRecord record, long createdAt, List<LogEntry.Extension> events, SegmentWriter writer) {

    /**
     * Reads the session's history, or empty when the session has no segment (it was deleted).
     *
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    static Optional<StoredSession> load(SegmentLog log, SessionId session) {
        SegmentStore store = log.store();
        List<SegmentId> newest = store.listSegments(session, PageRequest.first(1)).items();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        SegmentWriter writer;
        SegmentInfo head;
        try {
            writer = log.writer(newest.get(0));
            head = store.info(newest.get(0));
        } catch (SegmentNotFoundException deletedMeanwhile) {
            return Optional.empty();
        }
        List<LogEntry.Extension> history = history(store, origin(head), writer.state().extensions());
        LogEntry.Extension record = history.stream().filter(entry -> entry.domain().equals(AdkJson.SESSION))
                .findFirst().orElseThrow(() -> new IllegalStateException("session " + session
                        + " has no " + AdkJson.SESSION + " record: it was not written by this module"));
        List<LogEntry.Extension> events = history.stream().filter(entry -> entry.domain().equals(AdkJson.EVENT)).toList();
        return Optional.of(new StoredSession(AdkJson.sessionRecord(record.payload()), record.ts(), events, writer));
    }

    private static SegmentOrigin origin(SegmentInfo info) {
        return info.forkedFrom() != null ? info.forkedFrom() : info.compactedFrom();
    }

    /** The records a segment's history holds: what it inherits through {@code origin}, then its own. */
    private static List<LogEntry.Extension> history(SegmentStore store, SegmentOrigin origin,
                                                    List<LogEntry.Extension> own) {
        List<LogEntry.Extension> records = new ArrayList<>();
        if (origin != null) {
            records.addAll(inherited(store, origin));
        }
        for (LogEntry.Extension entry : own) {
            if (entry.domain().equals(AdkJson.SESSION) || entry.domain().equals(AdkJson.EVENT)) {
                records.add(entry);
            }
        }
        return records;
    }

    /** The records of the source's history up to the cut {@code origin} names. */
    private static List<LogEntry.Extension> inherited(SegmentStore store, SegmentOrigin origin) {
        List<LogEntry> entries = store.readAll(origin.segmentId());
        if (origin.atEntry() != null) {
            entries = entries.subList(0, (int) Math.min(origin.atEntry(), entries.size()));
        }
        List<LogEntry.Extension> own = new ArrayList<>();
        for (LogEntry entry : entries) {
            if (entry instanceof LogEntry.Extension extension) {
                own.add(extension);
            }
        }
        SegmentOrigin sourceOrigin = ((LogEntry.SegmentStart) entries.get(0)).origin();
        List<LogEntry.Extension> records = history(store, sourceOrigin, own);
        return origin.atEntry() != null ? records : upToEvent(records, origin.atTurnIndex());
    }

    /** The records up to and including the {@code count}-th event (the session record precedes every event). */
    private static List<LogEntry.Extension> upToEvent(List<LogEntry.Extension> records, int count) {
        int events = 0;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).domain().equals(AdkJson.EVENT) && ++events > count) {
                return records.subList(0, i);
            }
        }
        return records;
    }
}
