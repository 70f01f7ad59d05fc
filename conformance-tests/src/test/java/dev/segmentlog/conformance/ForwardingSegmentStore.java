package dev.segmentlog.conformance;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Optional;

/** Forwards every call, default methods included, to a delegate; broken stores override one rule. */
abstract class ForwardingSegmentStore implements SegmentStore {
    protected final SegmentStore delegate;

    ForwardingSegmentStore(SegmentStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        delegate.create(segment, entries);
    }

    @Override
    public void append(SegmentId segment, LogEntry entry) {
        delegate.append(segment, entry);
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
    public List<LogEntry> readAll(SegmentId segment) {
        return delegate.readAll(segment);
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
    public void createHashed(SegmentId segment, List<StoredEntry> entries) {
        delegate.createHashed(segment, entries);
    }

    @Override
    public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        delegate.appendHashedIfCount(segment, expectedCount, entries);
    }

    @Override
    public List<StoredEntry> readHashed(SegmentId segment, long position) {
        return delegate.readHashed(segment, position);
    }

    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        return delegate.headHash(segment);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
