package dev.segmentlog.examples.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.AdapterArchitectureRules;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import org.junit.jupiter.api.Test;

class HashMapStoreProviderTest {

    @Test
    void storesOpenByUri_throughServiceLoader() {
        try (SegmentStore store = SegmentStores.open("example-mem:test")) {
            assertInstanceOf(HashMapSegmentStore.class, store);
        }
        assertTrue(SegmentStores.installedSchemes().contains("example-mem"));
    }

    @Test
    void anOption_isRefused() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("example-mem:test?durability=full"));
        assertTrue(e.getMessage().contains("unknown option [durability]"), e.getMessage());
    }

    @Test
    void theExampleFollowsTheAdapterArchitectureRules() {
        AdapterArchitectureRules.check("dev.segmentlog.examples.store");
    }
}
