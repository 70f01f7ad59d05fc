package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlStoreProviderTest {
    private final Path dir = TestDirectories.fresh("provider");

    @Test
    void open_jsonlUri_findsTheProviderThroughServiceLoader() {
        assertTrue(SegmentStores.installedSchemes().contains("jsonl"));
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open("jsonl:" + dir.toAbsolutePath())) {
            JsonlSegmentStore jsonl = assertInstanceOf(JsonlSegmentStore.class, store);
            assertEquals(Durability.BUFFERED, jsonl.durability());
            store.create(segment, List.of(StoredEntry.plain(new Fixtures().plainStart(SessionId.generate()))));
        }
        try (SegmentStore store = SegmentStores.open("jsonl:" + dir.toAbsolutePath())) {
            assertTrue(store.exists(segment));
        }
    }

    @Test
    void open_relativeDirectoryThatIsMissing_createsIt() {
        Path relative = Path.of("target", "provider", "relative-" + SegmentId.generate());
        try (SegmentStore store = SegmentStores.open("jsonl:./" + relative)) {
            assertTrue(Files.isDirectory(relative));
        }
    }

    @Test
    void open_withDurabilityFsync_opensADurableStore() {
        try (SegmentStore store = SegmentStores.open("jsonl:" + dir.toAbsolutePath() + "?durability=fsync")) {
            assertEquals(Durability.FSYNC, ((JsonlSegmentStore) store).durability());
        }
    }

    @Test
    void open_withAnUnknownOption_failsNamingItAndTheKnownOnes() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("jsonl:" + dir.toAbsolutePath() + "?sync=always"));
        assertTrue(e.getMessage().contains("sync") && e.getMessage().contains("durability"), e.getMessage());
    }

    @Test
    void open_withABadDurability_failsNamingTheAllowedValues() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("jsonl:" + dir.toAbsolutePath() + "?durability=sometimes"));
        assertTrue(e.getMessage().contains("buffered") && e.getMessage().contains("fsync"), e.getMessage());
    }

    @Test
    void open_withABadMode_failsNamingTheAllowedValues() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("jsonl:" + dir.toAbsolutePath() + "?mode=readonly"));
        assertTrue(e.getMessage().contains("ro") && e.getMessage().contains("rw"), e.getMessage());
    }

    @Test
    void open_withAHostInsteadOfAPath_fails() {
        assertThrows(InvalidStoreUriException.class, () -> SegmentStores.open("jsonl://host/logs"));
    }
}
