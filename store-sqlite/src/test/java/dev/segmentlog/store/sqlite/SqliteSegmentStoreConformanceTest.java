package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.DirectorySnapshot;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared contract, run against a SQLite file; every capability is supported. A second instance
 * is another store on the same file, as another process would open it. Beneath the store is the
 * file: a rewritten entry is its row's {@code json} column, set to the bytes through plain JDBC; a
 * snapshot is the bytes of every file in the directory but two that hold no data and that SQLite
 * creates for any reader, a read-only one included (the package documentation says it may leave
 * them): the {@code -shm} index, which readers write to, and an empty {@code -wal}. A create is one
 * transaction, which a crash cannot leave half done, so there is no torn create to stage
 * ({@code TORN_CREATE} is not enabled).
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
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        return SqliteSegmentStore.openReadOnly(((SqliteSegmentStore) writer).file());
    }

    /** {@code CAST(? AS TEXT)} of a blob keeps its bytes as they are, whatever they hold. */
    @Override
    protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
        Path file = ((SqliteSegmentStore) closed).file();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE entries SET json = CAST(? AS TEXT) WHERE "
                             + "segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq = ?")) {
            update.setBytes(1, stored);
            update.setString(2, segment.toString());
            update.setLong(3, position);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no entry " + position + " of segment " + segment + " in " + file);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rewrite entry " + position + " of segment " + segment, e);
        }
    }

    @Override
    protected Object storageSnapshot(SegmentStore store) {
        return DirectorySnapshot.of(dir, SqliteSegmentStoreConformanceTest::holdsNoData);
    }

    private static boolean holdsNoData(Path path) {
        String name = path.getFileName().toString();
        try {
            return name.endsWith("-shm") || name.endsWith("-wal") && Files.size(path) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    private static SqliteSegmentStore sameFile(SqliteSegmentStore store) {
        return SqliteSegmentStore.open(store.file(), store.durability());
    }
}
