package dev.segmentlog.store.postgres;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.Set;

/**
 * The shared contract, run against the embedded server, every capability supported. The clauses
 * of this class share one schema; each opens its own store (and pool) on it, as a process would,
 * and a second instance is one more store with a pool of its own on the same schema.
 */
class PostgresSegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    private static final String URI = EmbeddedServer.shared().uri(EmbeddedServer.freshSchema(), "pool_size=8");

    @Override
    protected SegmentStore openStore() {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return SegmentStores.open(URI);
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of();
    }
}
