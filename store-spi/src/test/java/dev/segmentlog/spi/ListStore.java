package dev.segmentlog.spi;

import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest store that keeps the port's contract, for testing the operations in this module
 * (the conformance kit's reference store lives downstream and cannot be used here).
 */
final class ListStore implements SegmentStore {
    private final Map<SegmentId, List<StoredEntry>> segments = new LinkedHashMap<>();
    private final Map<SegmentId, List<TraceEntry>> traces = new LinkedHashMap<>();

    @Override
    public synchronized void create(SegmentId segment, List<LogEntry> entries) {
        createHashed(segment, entries.stream().map(StoredEntry::plain).toList());
    }

    @Override
    public synchronized void createHashed(SegmentId segment, List<StoredEntry> entries) {
        SegmentInfo.ofNewSegment(segment, entries.stream().map(StoredEntry::entry).toList());
        if (segments.containsKey(segment)) {
            throw new SegmentAlreadyExistsException(segment);
        }
        segments.put(segment, new ArrayList<>(entries));
    }

    @Override
    public synchronized void appendAll(SegmentId segment, List<LogEntry> entries) {
        entries(segment).addAll(entries.stream().map(StoredEntry::plain).toList());
    }

    @Override
    public synchronized void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        appendHashedIfCount(segment, expectedCount, entries.stream().map(StoredEntry::plain).toList());
    }

    @Override
    public synchronized void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        List<StoredEntry> log = entries(segment);
        if (log.size() != expectedCount) {
            throw new ConflictException(segment, expectedCount, log.size());
        }
        log.addAll(entries);
    }

    @Override
    public synchronized List<LogEntry> readFrom(SegmentId segment, long position) {
        return readHashed(segment, position).stream().map(StoredEntry::entry).toList();
    }

    @Override
    public synchronized List<StoredEntry> readHashed(SegmentId segment, long position) {
        List<StoredEntry> log = entries(segment);
        return List.copyOf(log.subList((int) Math.min(position, log.size()), log.size()));
    }

    /** Replaces the stored entries: what an attacker with write access to the backend could do. */
    synchronized void tamper(SegmentId segment, java.util.function.UnaryOperator<List<StoredEntry>> change) {
        segments.put(segment, new ArrayList<>(change.apply(List.copyOf(entries(segment)))));
    }

    @Override
    public synchronized long count(SegmentId segment) {
        return entries(segment).size();
    }

    @Override
    public synchronized boolean exists(SegmentId segment) {
        return segments.containsKey(segment);
    }

    @Override
    public synchronized SegmentInfo info(SegmentId segment) {
        List<LogEntry> log = readFrom(segment, 0);
        return SegmentInfo.ofNewSegment(segment, log.subList(0, 1)).withAppended(log.subList(1, log.size()));
    }

    @Override
    public synchronized List<SegmentId> listSegments() {
        return segments.keySet().stream().sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public synchronized List<SessionId> listSessions() {
        return segments.keySet().stream().map(id -> info(id).sessionId()).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public synchronized List<SegmentId> listSegments(SessionId session) {
        return listSegments().stream().filter(id -> info(id).sessionId().equals(session)).toList();
    }

    @Override
    public synchronized int deleteSession(SessionId session) {
        List<SegmentId> doomed = listSegments(session);
        doomed.forEach(id -> {
            segments.remove(id);
            traces.remove(id);
        });
        return doomed.size();
    }

    @Override
    public synchronized void appendTrace(SegmentId segment, TraceEntry entry) {
        entries(segment);
        traces.computeIfAbsent(segment, id -> new ArrayList<>()).add(entry);
    }

    @Override
    public synchronized List<TraceEntry> readTrace(SegmentId segment) {
        entries(segment);
        return List.copyOf(traces.getOrDefault(segment, List.of()));
    }

    @Override
    public void close() {}

    private List<StoredEntry> entries(SegmentId segment) {
        List<StoredEntry> log = segments.get(segment);
        if (log == null) {
            throw new SegmentNotFoundException(segment);
        }
        return log;
    }
}
