package dev.segmentlog.conformance;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;

/**
 * The in-memory store passes the whole kit, durability and second-instance clauses included. It is
 * opened by URI, as a user would: every clause gets a new store on the same named storage (so the
 * store is not empty, as the kit allows); reopening opens that name again, and so does a second
 * instance, while the first stays open.
 *
 * <p>A read-only store is opened by URI too, {@code mem:conformance-kit?mode=ro}. The hooks of two
 * capabilities are not overridden, and the kit skips their clauses saying so: the store keeps decoded
 * values, not bytes, so nothing can be altered beneath it ({@code RAW_STORAGE_ACCESS}); and its create
 * is one step under a lock, which leaves nothing half done ({@code TORN_CREATE}).
 */
class InMemorySegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    private static final String URI = "mem:conformance-kit";

    @Override
    protected SegmentStore openStore() {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        return SegmentStores.open(URI + "?mode=ro");
    }

    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return SegmentStores.open(URI);
    }
}
