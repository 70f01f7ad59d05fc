package dev.segmentlog.examples;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.util.Set;

/**
 * The shared conformance kit, run on the example store: all a backend author writes to prove a
 * store. The store lives in memory, so it does not override {@code reopen}, and the kit skips its
 * durability clauses, saying why. It does not keep hash chains either, and declares so: the kit
 * skips the chain clauses naming the capability, and the store answers chained calls with
 * {@code UnsupportedCapabilityException} (the port's default).
 */
class HashMapSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return new HashMapSegmentStore();
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of(Capability.HASH_CHAIN);
    }
}
