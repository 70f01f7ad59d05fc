package dev.segmentlog.integration.chat.testkit;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts the port calls made through it, and the entries read and appended. */
public final class CountingStore extends ForwardingSegmentStore {
    private final Map<String, Integer> calls = new TreeMap<>();
    private long entriesRead;
    private long entriesWritten;

    /** Counts the calls made to {@code delegate} through it. */
    public CountingStore(SegmentStore delegate) {
        super(delegate);
    }

    /** What was counted since the last reset: calls by method, then {@code entriesRead} and {@code entriesWritten}. */
    public synchronized Map<String, Long> counted() {
        Map<String, Long> counted = new TreeMap<>();
        calls.forEach((method, count) -> counted.put(method, (long) count));
        counted.put("entriesRead", entriesRead);
        counted.put("entriesWritten", entriesWritten);
        return counted;
    }

    /** Forgets what was counted. */
    public synchronized void reset() {
        calls.clear();
        entriesRead = 0;
        entriesWritten = 0;
    }

    private synchronized void call(String method) {
        calls.merge(method, 1, Integer::sum);
    }

    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        call("create");
        synchronized (this) {
            entriesWritten += entries.size();
        }
        super.create(segment, entries);
    }

    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        call("append");
        synchronized (this) {
            entriesWritten += entries.size();
        }
        super.append(segment, expected, entries);
    }

    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        call("read");
        List<StoredEntry> page = super.read(segment, position, limit);
        synchronized (this) {
            entriesRead += page.size();
        }
        return page;
    }

    @Override
    public long count(SegmentId segment) {
        call("count");
        return super.count(segment);
    }

    @Override
    public boolean exists(SegmentId segment) {
        call("exists");
        return super.exists(segment);
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        call("info");
        return super.info(segment);
    }

    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        call("listSegments");
        return super.listSegments(session, page);
    }

    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        call("listSessions");
        return super.listSessions(page);
    }
}
