package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A store opened with {@code mode=ro} or {@code openReadOnly}: it reads, refuses every write and changes nothing. */
class PostgresReadOnlyTest {
    private static final EmbeddedServer SERVER = EmbeddedServer.shared();

    private final Fixtures fixtures = new Fixtures();

    private final String schema = EmbeddedServer.freshSchema();
    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();

    /** A store holding one segment of three entries and a trace entry; returns the entries. */
    private List<LogEntry> written() {
        List<LogEntry> entries = List.of(fixtures.plainStart(session), fixtures.marker("one"), fixtures.marker("two"));
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, StoredEntry.plain(entries.subList(0, 2)));
            store.append(segment, entries.get(2));
            store.appendTrace(segment, fixtures.trace("written"));
        }
        return entries;
    }

    @Test
    void aStoreOpenedWithModeRo_readsEverythingTheStoreHolds() {
        List<LogEntry> entries = written();

        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema, "mode=ro"))) {
            assertEquals(entries, store.readAll(segment));
            assertEquals(3, store.count(segment));
            assertEquals(session, store.info(segment).sessionId());
            assertEquals(List.of(segment), store.listSegments(session, PageRequest.first(5)).items());
            assertEquals(List.of(session), store.listSessions(PageRequest.first(5)).items());
            assertEquals(1, store.readTrace(segment).size());
            assertTrue(((PostgresSegmentStore) store).readOnly());
            assertTrue(store.toString().contains("read-only"), store.toString());
        }
    }

    @Test
    void everyWriteOfAReadOnlyStore_isRefusedWithReadOnlyStoreException_andChangesNothing() throws Exception {
        written();
        List<String> before = snapshot();

        try (SegmentStore store = PostgresSegmentStore.openReadOnly(SERVER.dataSource(), new PostgresOptions(schema))) {
            List<Executable> writes = List.of(
                    () -> store.create(SegmentId.generate(), List.of(StoredEntry.plain(fixtures.plainStart(session)))),
                    () -> store.append(segment, fixtures.marker("three")),
                    () -> store.append(segment, ExpectedCount.exactly(3), List.of()),
                    () -> store.deleteSession(session),
                    () -> store.appendTrace(segment, fixtures.trace("refused")));
            for (Executable write : writes) {
                ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class, write);
                assertTrue(refused.getMessage().contains("(database postgres, schema " + schema + ") is read-only"),
                        refused.getMessage());
            }
            assertEquals(3, store.count(segment));
        }
        assertEquals(before, snapshot());
    }

    @Test
    void aReadOnlyStoresReads_runInReadOnlyTransactions_inWhichTheServerRefusesAWriteAsReadOnly() {
        written();
        Transactions transactions = new Transactions(SERVER.dataSource(),
                new PostgresErrors("PostgreSQL test store", "none", "none"), false, true);

        assertEquals("on", transactions.read("looking", connection -> {
            try (Statement show = connection.createStatement();
                 ResultSet rs = show.executeQuery("SHOW transaction_read_only")) {
                rs.next();
                return rs.getString(1);
            }
        }));
        ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class, () -> transactions.read("writing",
                connection -> {
                    try (Statement delete = connection.createStatement()) {
                        return delete.executeUpdate("DELETE FROM " + schema + ".entries");
                    }
                }));
        assertTrue(refused.getMessage().contains("SQLSTATE 25006"), refused.getMessage());
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            assertEquals(3, store.readAll(segment).size());
        }
    }

    @Test
    void aReadOnlyStoreOnASchemaThatDoesNotExist_isRefusedSayingSo_andCreatesNothing() {
        BackendException refused = assertThrows(BackendException.class,
                () -> SegmentStores.openReadOnly(SERVER.uri(schema)));

        assertTrue(refused.getMessage().contains("schema " + schema + " holds no segmentlog store, and a store opened "
                + "read-only creates none"), refused.getMessage());
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"));
    }

    @Test
    void aReadOnlyStoreOnASchemaOfAnEarlierVersion_isRefusedSayingSo_andMigratesNothing() {
        written();
        List<Schema.Migration> nextRelease = new ArrayList<>(Schema.MIGRATIONS);
        nextRelease.add(new Schema.Migration("segment notes", List.of("ALTER TABLE {schema}.segments ADD COLUMN note text")));

        BackendException refused = assertThrows(BackendException.class, () -> PostgresSegmentStore.open(
                SERVER.dataSource(), new PostgresOptions(schema), "PostgreSQL test store", "none", "none", null,
                List.copyOf(nextRelease), true));

        assertTrue(refused.getMessage().contains("has segmentlog schema version 1, older than this release reads (2)"),
                refused.getMessage());
        assertEquals(1, count("SELECT count(*) FROM " + schema + ".segmentlog_version"));
        assertEquals(0, count("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND column_name = 'note'"));
    }

    @Test
    void aModeThatIsNeitherRoNorRw_isAnInvalidUri() {
        InvalidStoreUriException invalid = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open(SERVER.uri(schema, "mode=readonly")));

        assertTrue(invalid.getMessage().contains("mode=readonly is not one of [ro, rw]"), invalid.getMessage());
    }

    /** Every row of the store's tables with its row version ({@code xmin}), which any write would change. */
    private List<String> snapshot() throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("segmentlog_version", "segments", "entries", "trace")) {
            try (Connection connection = SERVER.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT xmin::text || ' ' || t::text FROM " + schema + "."
                         + table + " t ORDER BY 1")) {
                while (rs.next()) {
                    rows.add(table + ": " + rs.getString(1));
                }
            }
        }
        return rows;
    }

    private static long count(String query) {
        try (Connection connection = SERVER.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
