package dev.segmentlog.examples;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;

/**
 * The shared conformance kit, run on the example store: all a backend author writes to prove a
 * store. The store keeps everything the port describes, hash chains included, so it declares no
 * lacking capability. Its storage is its own map, in memory, so it overrides neither {@code reopen}
 * nor {@code openSecondStore}: the kit skips its durability and second-instance clauses, saying why.
 * A backend whose storage outlives an instance (a directory, a database, a bucket) overrides both.
 */
class HashMapSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new HashMapSegmentStore();
    }
}
