package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import java.util.List;

/** Refuses every write, whatever the store under it would allow: what {@link SegmentStores#openReadOnly} returns. */
final class ReadOnlySegmentStore extends ForwardingSegmentStore {
    private final String name;

    ReadOnlySegmentStore(SegmentStore delegate, String name) {
        super(delegate);
        this.name = name;
    }

    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        throw new ReadOnlyStoreException(name, "create segment " + segment);
    }

    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        throw new ReadOnlyStoreException(name, "append to segment " + segment);
    }

    @Override
    public int deleteSession(SessionId session) {
        throw new ReadOnlyStoreException(name, "delete session " + session);
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        throw new ReadOnlyStoreException(name, "append to the trace of segment " + segment);
    }

    @Override
    public String toString() {
        return name;
    }
}
