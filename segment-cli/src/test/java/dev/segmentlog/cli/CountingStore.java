package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory store {@code mem:NAME} behind a decorator that records what a command asks of it:
 * the listing pages it requests, and how many infos and entry pages it reads. Opened as
 * {@code cli-test-counted:NAME}; {@link #last()} is the store the last command opened.
 */
final class CountingStore extends ForwardingSegmentStore {
    static final String SCHEME = "cli-test-counted";

    private static volatile CountingStore last;

    final List<PageRequest<SessionId>> sessionPages = new CopyOnWriteArrayList<>();
    final List<PageRequest<SegmentId>> segmentPages = new CopyOnWriteArrayList<>();
    final AtomicLong sessionSegmentPages = new AtomicLong();
    final AtomicLong infos = new AtomicLong();
    final AtomicLong reads = new AtomicLong();

    private CountingStore(SegmentStore delegate) {
        super(delegate);
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
                CountingStore store = new CountingStore(SegmentStores.open("mem:" + uri.location()));
                last = store;
                return store;
            }
        });
    }

    static CountingStore last() {
        return last;
    }

    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        sessionPages.add(page);
        return super.listSessions(page);
    }

    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        segmentPages.add(page);
        return super.listSegments(page);
    }

    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        sessionSegmentPages.incrementAndGet();
        return super.listSegments(session, page);
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        infos.incrementAndGet();
        return super.info(segment);
    }

    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        reads.incrementAndGet();
        return super.read(segment, position, limit);
    }
}
