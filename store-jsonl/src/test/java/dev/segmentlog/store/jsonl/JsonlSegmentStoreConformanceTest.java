package dev.segmentlog.store.jsonl;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;

/** The shared kit, run against the JSONL store: nothing is declared unsupported. */
class JsonlSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return JsonlSegmentStore.open(TestDirectories.fresh("conformance"));
    }

    /** The same directory, opened again: what survives is what was on disk. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        JsonlSegmentStore store = (JsonlSegmentStore) closed;
        return JsonlSegmentStore.open(store.directory(), store.durability());
    }

    /** Another store on the same directory while the first is open, as another process would open it. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        JsonlSegmentStore store = (JsonlSegmentStore) first;
        return JsonlSegmentStore.open(store.directory(), store.durability());
    }
}
