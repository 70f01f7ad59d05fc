package dev.segmentlog.cli;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.util.List;
import java.util.Set;

/**
 * A store without the hash-chain capability, as a third-party store may be: a JSONL store behind
 * the port's required methods only, so the hashed ones throw the port's default
 * {@code UnsupportedCapabilityException}. Opened as {@code cli-test-plain:DIR}.
 */
final class PlainStore implements SegmentStore {
    static final String SCHEME = "cli-test-plain";

    private final SegmentStore inner;

    private PlainStore(SegmentStore inner) {
        this.inner = inner;
    }

    /** Registers the scheme once per JVM; registering again replaces it. */
    static void register() {
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of(SCHEME);
            }

            @Override
            public SegmentStore open(StoreUri uri) {
                return new PlainStore(SegmentStores.open("jsonl:" + uri.location()));
            }
        });
    }

    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        inner.create(segment, entries);
    }

    @Override
    public void appendAll(SegmentId segment, List<LogEntry> entries) {
        inner.appendAll(segment, entries);
    }

    @Override
    public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        inner.appendIfCount(segment, expectedCount, entries);
    }

    @Override
    public List<LogEntry> readFrom(SegmentId segment, long position) {
        return inner.readFrom(segment, position);
    }

    @Override
    public long count(SegmentId segment) {
        return inner.count(segment);
    }

    @Override
    public boolean exists(SegmentId segment) {
        return inner.exists(segment);
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        return inner.info(segment);
    }

    @Override
    public List<SegmentId> listSegments() {
        return inner.listSegments();
    }

    @Override
    public List<SessionId> listSessions() {
        return inner.listSessions();
    }

    @Override
    public List<SegmentId> listSegments(SessionId session) {
        return inner.listSegments(session);
    }

    @Override
    public int deleteSession(SessionId session) {
        return inner.deleteSession(session);
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        inner.appendTrace(segment, entry);
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        return inner.readTrace(segment);
    }

    @Override
    public void close() {
        inner.close();
    }
}
