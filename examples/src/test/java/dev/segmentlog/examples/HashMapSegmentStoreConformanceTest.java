package dev.segmentlog.examples;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;

/**
 * The shared conformance kit, run on the example store: all a backend author writes to prove a
 * store. The store keeps everything the port describes, hash chains included, so it declares no
 * lacking capability. It lives in memory and does not override {@code reopen}: the kit skips its
 * durability clauses, saying why.
 */
class HashMapSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new HashMapSegmentStore();
    }
}
