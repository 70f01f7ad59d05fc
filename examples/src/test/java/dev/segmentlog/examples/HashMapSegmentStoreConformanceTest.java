package dev.segmentlog.examples;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;

/**
 * The shared conformance kit, run on the example store: all a backend author writes to prove a
 * store. The store lives in memory, so it does not override {@code reopen}, and the kit skips its
 * durability clauses, saying why.
 */
class HashMapSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new HashMapSegmentStore();
    }
}
