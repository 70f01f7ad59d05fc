package dev.segmentlog.spi;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every call to another: the base of decorators (metrics, logging, caching,
 * access checks). Override the methods to decorate; the others pass through unchanged.
 *
 * <pre>{@code
 * SegmentStore counted = new ForwardingSegmentStore(store) {
 *     @Override
 *     public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
 *         appended.add(entries.size());
 *         super.append(segment, expected, entries);
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingSegmentStore implements SegmentStore {
    private final SegmentStore delegate;

    /**
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingSegmentStore(SegmentStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are forwarded to. */
    protected SegmentStore delegate() {
        return delegate;
    }

    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        delegate.create(segment, entries);
    }

    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        delegate.append(segment, expected, entries);
    }

    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        return delegate.read(segment, position, limit);
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
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        return delegate.listSegments(page);
    }

    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        return delegate.listSessions(page);
    }

    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        return delegate.listSegments(session, page);
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
    public Optional<EntryHash> headHash(SegmentId segment) {
        return delegate.headHash(segment);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
