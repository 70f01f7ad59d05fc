package dev.segmentlog.examples.store;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;

/**
 * The shared conformance kit, run on the example store: all a backend author writes to prove a
 * store. The store keeps everything the port describes, hash chains included, so it declares no
 * lacking capability. Its storage outlives a store instance, as a directory or a database does, so
 * it overrides {@code reopen} (the durability clauses) and {@code openSecondStore} (two instances on
 * one storage, as two processes). Its bytes live in private maps that no test reaches beneath it, it
 * has no read-only mode, and its create is one step under a lock, which a crash cannot leave half
 * done: the kit skips the clauses of {@code RAW_STORAGE_ACCESS}, {@code READ_ONLY} and
 * {@code TORN_CREATE}, saying why.
 */
class HashMapSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new HashMapSegmentStore();
    }

    /** The same storage, opened again: what survives is what the storage holds. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return ((HashMapSegmentStore) closed).reopen();
    }

    /** Another store on the same storage while the first is open, as another process would open it. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return ((HashMapSegmentStore) first).reopen();
    }
}
