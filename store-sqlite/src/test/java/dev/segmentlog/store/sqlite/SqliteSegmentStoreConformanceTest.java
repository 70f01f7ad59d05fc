package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract, run against a SQLite file; every capability is supported. */
class SqliteSegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    @TempDir
    Path dir;

    @Override
    protected SegmentStore openStore() {
        return SqliteSegmentStore.open(dir.resolve("conformance.db"));
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        SqliteSegmentStore store = (SqliteSegmentStore) closed;
        return SqliteSegmentStore.open(store.file(), store.durability());
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of();
    }
}
