package dev.segmentlog.spi;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The smallest store that keeps the port's contract, for testing the operations in this module
 * (the conformance kit's reference store lives downstream and cannot be used here).
 */
public final class ListStore implements SegmentStore {
    private final Map<SegmentId, List<StoredEntry>> segments = new LinkedHashMap<>();
    private final Map<SegmentId, List<TraceEntry>> traces = new LinkedHashMap<>();

    @Override
    public synchronized void create(SegmentId segment, List<StoredEntry> entries) {
        SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        if (segments.containsKey(segment)) {
            throw new SegmentAlreadyExistsException(segment);
        }
        segments.put(segment, new ArrayList<>(entries));
    }

    @Override
    public synchronized void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        List<StoredEntry> log = entries(segment);
        if (!expected.matches(log.size())) {
            throw new ConflictException(segment, ((ExpectedCount.Exactly) expected).count(), log.size());
        }
        log.addAll(entries);
    }

    @Override
    public synchronized List<StoredEntry> read(SegmentId segment, long position, int limit) {
        List<StoredEntry> log = entries(segment);
        int from = (int) Math.min(position, log.size());
        return List.copyOf(log.subList(from, (int) Math.min((long) from + limit, log.size())));
    }

    /** Replaces the stored entries: what an attacker with write access to the backend could do. */
    public synchronized void tamper(SegmentId segment, java.util.function.UnaryOperator<List<StoredEntry>> change) {
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
        List<LogEntry> log = StoredEntry.entries(entries(segment));
        return SegmentInfo.ofNewSegment(segment, log.subList(0, 1)).withAppended(log.subList(1, log.size()));
    }

    @Override
    public synchronized Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        return Page.of(segments.keySet(), page);
    }

    @Override
    public synchronized Page<SessionId> listSessions(PageRequest<SessionId> page) {
        return Page.of(segments.keySet().stream().map(id -> info(id).sessionId()).collect(Collectors.toSet()), page);
    }

    @Override
    public synchronized Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        return Page.of(segmentsOf(session), page);
    }

    private List<SegmentId> segmentsOf(SessionId session) {
        return segments.keySet().stream().filter(id -> info(id).sessionId().equals(session)).toList();
    }

    @Override
    public synchronized int deleteSession(SessionId session) {
        List<SegmentId> doomed = segmentsOf(session);
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
