package dev.segmentlog.spi;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import java.util.List;

/** A store without the hash-chain capability (the port's defaults), over a {@link ListStore}. */
class UnchainedStore implements SegmentStore {
    private final ListStore delegate;

    UnchainedStore(ListStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        delegate.create(segment, entries);
    }

    @Override
    public void appendAll(SegmentId segment, List<LogEntry> entries) {
        delegate.appendAll(segment, entries);
    }

    @Override
    public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        delegate.appendIfCount(segment, expectedCount, entries);
    }

    @Override
    public List<LogEntry> readFrom(SegmentId segment, long position) {
        return delegate.readFrom(segment, position);
    }

    @Override
    public long count(SegmentId segment) {
        return delegate.count(segment);
    }

    @Override
    public boolean exists(SegmentId segment) {
        return delegate.exists(segment);
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        return delegate.info(segment);
    }

    @Override
    public List<SegmentId> listSegments() {
        return delegate.listSegments();
    }

    @Override
    public List<SessionId> listSessions() {
        return delegate.listSessions();
    }

    @Override
    public List<SegmentId> listSegments(SessionId session) {
        return delegate.listSegments(session);
    }

    @Override
    public int deleteSession(SessionId session) {
        return delegate.deleteSession(session);
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        delegate.appendTrace(segment, entry);
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        return delegate.readTrace(segment);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
