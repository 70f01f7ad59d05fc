package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failures a shared server brings, each a clear error after which nothing was written. */
class PostgresFailureTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EmbeddedServer SERVER = EmbeddedServer.shared();

    private final String schema = EmbeddedServer.freshSchema();
    private final SegmentId segment = SegmentId.generate();

    @Test
    void anAppendWaitingPastTheStatementTimeout_failsSayingSo_andWritesNothing() throws Exception {
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema, "statement_timeout_ms=200"))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
            try (Connection other = lockTheSegmentsRow()) {
                BackendException failed = assertThrows(BackendException.class,
                        () -> store.append(segment, fixtures.marker("too late")));

                assertTrue(failed.getMessage().contains("statement timeout (statement_timeout_ms=200)"), failed.getMessage());
                assertTrue(failed.getMessage().contains("nothing was written"), failed.getMessage());
                assertTrue(failed.getMessage().contains("SQLSTATE 57014"), failed.getMessage());
                other.rollback();
            }
            assertEquals(1, store.count(segment));
            store.append(segment, fixtures.marker("in time"));
            assertEquals(2, store.readAll(segment).size());
        }
    }

    @Test
    void aCallFindingEveryPooledConnectionBusy_failsAfterThePoolTimeoutSayingSo() throws Exception {
        String application = "pool_" + schema;
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema, "pool_size=1", "pool_timeout_ms=300",
                "application_name=" + application))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
            CompletableFuture<Void> holding;
            try (Connection other = lockTheSegmentsRow()) {
                holding = CompletableFuture.runAsync(() -> store.append(segment, fixtures.marker("waits")));
                awaitLockWaiter(application);

                BackendException failed = assertThrows(BackendException.class, () -> store.count(segment));

                assertTrue(failed.getMessage().contains("every connection of the pool was busy"), failed.getMessage());
                assertTrue(failed.getMessage().contains("pool_size=1, pool_timeout_ms=300"), failed.getMessage());
                other.rollback();
            }
            holding.get(30, TimeUnit.SECONDS);
            assertEquals(2, store.count(segment));
        }
    }

    @Test
    void writesToAReadOnlyDatabase_failWithReadOnlyStoreException_whileReadsGoOn() {
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
        }
        try (SegmentStore readOnly = PostgresSegmentStore.open(
                SERVER.dataSource(Map.of("options", "-c default_transaction_read_only=on")), new PostgresOptions(schema))) {
            ReadOnlyStoreException failed = assertThrows(ReadOnlyStoreException.class,
                    () -> readOnly.append(segment, fixtures.marker("refused")));

            assertTrue(failed.getMessage().contains("is read-only"), failed.getMessage());
            assertTrue(failed.getMessage().contains("SQLSTATE 25006"), failed.getMessage());
            assertEquals(1, readOnly.count(segment));
        }
    }

    @Test
    void anAppendWhereAnEntryAlreadyHoldsThePositionTheCountGives_reportsCorruptData_andWritesNothing() {
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
            // an entry behind the store's back at position 1, the count still saying 1
            SERVER.execute("INSERT INTO " + schema + ".entries (segment_id, seq, kind, ts, json) SELECT segment_id, 1, "
                    + "kind, ts, json FROM " + schema + ".entries WHERE segment_id = '" + segment + "' AND seq = 0");

            CorruptDataException corrupt = assertThrows(CorruptDataException.class,
                    () -> store.append(segment, fixtures.marker("x")));

            assertEquals(1, corrupt.position());
            assertEquals(1, store.count(segment));
        }
    }

    @Test
    void aDatabaseNotInUtf8_isRefusedSayingSo() {
        String database = "latin1_" + schema;
        SERVER.execute("CREATE DATABASE " + database + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");

        BackendException refused = assertThrows(BackendException.class, () -> SegmentStores.open(
                "postgresql://postgres@localhost:" + SERVER.port() + "/" + database));

        assertTrue(refused.getMessage().contains("uses the encoding LATIN1; this store needs UTF8"), refused.getMessage());
    }

    /** Another connection in a transaction holding the segment's row lock, as a slow writer would. */
    private Connection lockTheSegmentsRow() throws SQLException {
        Connection other = SERVER.dataSource().getConnection();
        other.setAutoCommit(false);
        try (Statement statement = other.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + schema + ".segments WHERE segment_id = '" + segment + "' FOR UPDATE")
                    .close();
        }
        return other;
    }

    /** Waits until a connection of {@code application} waits for a lock. */
    private static void awaitLockWaiter(String application) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection watcher = SERVER.dataSource().getConnection(); Statement statement = watcher.createStatement()) {
            while (true) {
                try (ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE application_name = '" + application + "' AND wait_event_type = 'Lock'")) {
                    waiting.next();
                    if (waiting.getInt(1) > 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the append never waited for the lock");
                Thread.onSpinWait();
            }
        }
    }
}
