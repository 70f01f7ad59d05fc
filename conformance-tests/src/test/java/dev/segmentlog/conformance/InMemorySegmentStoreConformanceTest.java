package dev.segmentlog.conformance;

import dev.segmentlog.spi.SegmentStore;

/** The reference store passes the whole kit, durability clauses included. */
class InMemorySegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new InMemorySegmentStore();
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return ((InMemorySegmentStore) closed).reopen();
    }
}
