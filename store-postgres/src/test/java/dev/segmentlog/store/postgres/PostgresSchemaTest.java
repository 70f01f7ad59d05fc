package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Creating a store's schema, and migrating one written by an earlier release. */
class PostgresSchemaTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EmbeddedServer SERVER = EmbeddedServer.shared();

    /** What a next release might add: a column and an index, over tables holding data. */
    private static final List<Schema.Migration> WITH_A_NEXT_RELEASE = append(Schema.MIGRATIONS,
            new Schema.Migration("segment notes, entries by kind", List.of(
                    "ALTER TABLE {schema}.segments ADD COLUMN note text",
                    "CREATE INDEX entries_by_kind ON {schema}.entries (kind)")));

    private final String schema = EmbeddedServer.freshSchema();

    private PostgresSegmentStore open(List<Schema.Migration> migrations) {
        return PostgresSegmentStore.open(SERVER.dataSource(), new PostgresOptions(schema), "PostgreSQL test store",
                "none", "none", null, migrations, false);
    }

    @Test
    void open_onANewSchema_createsTheSchemaItsTablesAndRecordsTheVersion() {
        open(Schema.MIGRATIONS).close();

        assertEquals(List.of("1 segments, entries and trace"), versions());
        assertEquals(List.of("entries", "segmentlog_version", "segments", "trace"), strings(
                "SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "' ORDER BY tablename"));
    }

    @Test
    void open_anUpToDateSchema_changesNothingAndKeepsTheData() {
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = open(Schema.MIGRATIONS)) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
        }

        try (SegmentStore store = open(Schema.MIGRATIONS)) {
            assertEquals(1, store.count(segment));
        }
        assertEquals(List.of("1 segments, entries and trace"), versions());
    }

    @Test
    void open_aSchemaOfAnEarlierVersion_migratesIt_keepingEveryEntryChainAndTrace() {
        SegmentId segment;
        SessionId session = SessionId.generate();
        try (SegmentStore store = open(Schema.MIGRATIONS)) {
            segment = SegmentId.generate();
            store.create(segment, HashChain.link(null, List.of(fixtures.plainStart(session))));
            new SegmentLog(store).chained().writer(segment).append(fixtures.marker("before the migration"));
            store.appendTrace(segment, new TraceEntry(3_000, RawJson.of("{\"a\":1}")));
        }

        try (SegmentStore store = open(WITH_A_NEXT_RELEASE)) {
            assertEquals(List.of("1 segments, entries and trace", "2 segment notes, entries by kind"), versions());
            assertEquals(2, store.count(segment));
            assertEquals("before the migration", Fixtures.labelOf(store.readAll(segment).get(1)));
            assertTrue(new SegmentLog(store).verify(segment).intact(), "the chain after the migration");
            assertEquals(1, store.readTrace(segment).size());
            assertEquals(List.of(segment), store.listSegments(session, PageRequest.first(5)).items());
        }
        assertEquals(List.of("t"), strings("SELECT 't' FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = 'segments' AND column_name = 'note'"));
    }

    @Test
    void open_aSchemaOfANewerVersion_isRefusedSayingSo_andChangesNothing() {
        open(WITH_A_NEXT_RELEASE).close();

        BackendException refused = assertThrows(BackendException.class, () -> open(Schema.MIGRATIONS));

        assertTrue(refused.getMessage().contains("schema version 2, newer than this release understands (up to 1)"),
                refused.getMessage());
        assertEquals(2, versions().size());
    }

    @Test
    void aMigrationThatFails_leavesTheSchemaAsItWas() {
        open(Schema.MIGRATIONS).close();
        List<Schema.Migration> broken = append(Schema.MIGRATIONS, new Schema.Migration("half a migration", List.of(
                "CREATE TABLE {schema}.extra (x integer)",
                "SELECT no_such_function()")));

        assertThrows(BackendException.class, () -> open(broken));

        assertEquals(List.of("1 segments, entries and trace"), versions());
        assertEquals(List.of(), strings("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                + "' AND tablename = 'extra'"));
    }

    @Test
    void open_aSchemaHoldingTablesOfTheSameNamesThatAreNotAStore_isRefused_andChangesNothing() {
        SERVER.execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".entries (id integer)");

        BackendException refused = assertThrows(BackendException.class, () -> open(Schema.MIGRATIONS));

        assertTrue(refused.getMessage().contains("already holds tables [entries] that are not a segmentlog store"),
                refused.getMessage());
        assertEquals(List.of("entries"), strings("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'"));
    }

    @Test
    void open_aSchemaHoldingAnotherApplicationsTables_isRefused_andNothingIsWrittenToIt() {
        SERVER.execute("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".customers (id integer)",
                "CREATE VIEW " + schema + ".recent_customers AS SELECT id FROM " + schema + ".customers");

        BackendException refused = assertThrows(BackendException.class, () -> open(Schema.MIGRATIONS));

        assertTrue(refused.getMessage().contains("already holds tables [customers, recent_customers] that are not a "
                + "segmentlog store"), refused.getMessage());
        assertEquals(List.of("customers"), strings("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'"));
    }

    @Test
    void open_anEmptySchemaAnAdministratorCreated_createsTheStoreInIt() {
        SERVER.execute("CREATE SCHEMA " + schema);

        open(Schema.MIGRATIONS).close();

        assertEquals(List.of("1 segments, entries and trace"), versions());
    }

    @Test
    void storesInTwoSchemasOfOneDatabase_areIndependent() {
        String other = EmbeddedServer.freshSchema();
        SegmentId segment = SegmentId.generate();
        try (SegmentStore one = SegmentStores.open(SERVER.uri(schema));
             SegmentStore two = SegmentStores.open(SERVER.uri(other))) {
            one.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));

            assertTrue(one.exists(segment));
            assertFalse(two.exists(segment));
        }
    }

    @Test
    void eightStoresOpeningOneNewSchemaAtOnce_allOpen_andTheSchemaIsCreatedOnce() throws Exception {
        int stores = 8;
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<SegmentStore>> opening = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                opening.add(pool.submit((Callable<SegmentStore>) () -> {
                    go.await();
                    return SegmentStores.open(SERVER.uri(schema, "pool_size=1"));
                }));
            }
            go.countDown();
            for (Future<SegmentStore> store : opening) {
                store.get(60, TimeUnit.SECONDS).close(); // a race on CREATE SCHEMA or CREATE TABLE fails here
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }

        assertEquals(List.of("1 segments, entries and trace"), versions());
    }

    private List<String> versions() {
        return strings("SELECT version || ' ' || description FROM " + schema + ".segmentlog_version ORDER BY version");
    }

    private static List<String> strings(String query) {
        try (Connection connection = SERVER.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> longer = new ArrayList<>(list);
        longer.add(element);
        return List.copyOf(longer);
    }
}
