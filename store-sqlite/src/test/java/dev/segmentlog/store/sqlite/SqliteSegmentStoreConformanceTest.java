package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared contract, run against a SQLite file; every capability is supported. A second instance
 * is another store on the same file, as another process would open it.
 */
class SqliteSegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    @TempDir
    Path dir;

    @Override
    protected SegmentStore openStore() {
        return SqliteSegmentStore.open(dir.resolve("conformance.db"));
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return sameFile((SqliteSegmentStore) closed);
    }

    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return sameFile((SqliteSegmentStore) first);
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    private static SqliteSegmentStore sameFile(SqliteSegmentStore store) {
        return SqliteSegmentStore.open(store.file(), store.durability());
    }
}
