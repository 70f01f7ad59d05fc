package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteSchemaTest {
    private final Fixtures fixtures = new Fixtures();

    @TempDir
    Path dir;

    @Test
    void open_onANewFile_createsTheSchemaAndRecordsItsVersion() throws Exception {
        Path file = dir.resolve("new.db");
        SqliteSegmentStore.open(file).close();

        assertEquals(Schema.LATEST, Sqlite.queryLong(file, "PRAGMA user_version"));
        assertEquals(Schema.APPLICATION_ID, Sqlite.queryLong(file, "PRAGMA application_id"));
        assertEquals(3, Sqlite.queryLong(file,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('segments', 'entries', 'trace')"));
        assertEquals(1, Sqlite.queryLong(file,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'segments_by_session'"));
    }

    @Test
    void open_putsTheFileInWalMode() throws Exception {
        Path file = dir.resolve("wal.db");
        SqliteSegmentStore.open(file).close();

        assertEquals("wal", Sqlite.queryString(file, "PRAGMA journal_mode"));
    }

    @Test
    void open_createsMissingParentDirectories() {
        Path file = dir.resolve("a/b/c/agent.db");
        SqliteSegmentStore.open(file).close();

        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void open_anExistingStoreTwice_leavesTheSchemaAsItWas() throws Exception {
        Path file = dir.resolve("twice.db");
        SqliteSegmentStore.open(file).close();
        SqliteSegmentStore.open(file).close();

        assertEquals(Schema.LATEST, Sqlite.queryLong(file, "PRAGMA user_version"));
    }

    @Test
    void open_aFileWithANewerSchemaVersion_isRefusedNamingBothVersionsAndChangesNothing() throws Exception {
        Path file = dir.resolve("newer.db");
        SqliteSegmentStore.open(file).close();
        Sqlite.execute(file, "PRAGMA user_version = " + (Schema.LATEST + 1));

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("schema version " + (Schema.LATEST + 1)), refused.getMessage());
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
        assertEquals(Schema.LATEST + 1, Sqlite.queryLong(file, "PRAGMA user_version"));
    }

    @Test
    void open_aSqliteDatabaseOfAnotherApplication_isRefused() throws Exception {
        Path file = dir.resolve("foreign.db");
        Sqlite.execute(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a segmentlog store"), refused.getMessage());
        assertEquals(0, Sqlite.queryLong(file, "PRAGMA user_version"));
        assertEquals(0, Sqlite.queryLong(file,
                "SELECT count(*) FROM sqlite_schema WHERE name = 'segments'"));
    }

    /**
     * Files a store must refuse, each in the rollback-journal mode other applications use by default:
     * the refusal must leave them exactly as they were, journal mode included.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('buy milk')",
            "PRAGMA application_id = 1234; CREATE TABLE notes (text TEXT)",
            "PRAGMA user_version = 999; CREATE TABLE segments (segment_id TEXT)",
            "PRAGMA encoding = 'UTF-16le'; CREATE TABLE notes (text TEXT)"})
    void open_aFileThatIsNotOurs_isRefusedAndLeavesItsBytesAndJournalModeUnchanged(String setup) throws Exception {
        Path file = dir.resolve("foreign.db");
        try (java.sql.Connection connection = Sqlite.connect(file);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
            for (String sql : setup.split("; ")) {
                statement.execute(sql);
            }
        }
        byte[] before = Files.readAllBytes(file);

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), refused.getMessage());
        assertFalse(Files.exists(Path.of(file + "-wal")), "a -wal file was left");
        assertFalse(Files.exists(Path.of(file + "-shm")), "a -shm file was left");
        assertEquals("delete", Sqlite.queryString(file, "PRAGMA journal_mode"));
    }

    @Test
    void migrations_areNumberedByPositionAndEachHasStatements() {
        assertEquals(Schema.MIGRATIONS.size(), Schema.LATEST);
        Schema.MIGRATIONS.forEach(migration -> assertFalse(migration.statements().isEmpty(), migration.description()));
    }

    @Test
    void open_aFileInUtf16_isRefusedNamingTheEncoding() throws Exception {
        Path file = dir.resolve("utf16.db");
        try (java.sql.Connection connection = Sqlite.connect(file);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA encoding = 'UTF-16le'");
            statement.execute("CREATE TABLE t (x TEXT)");
        }

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(file).close());
        assertTrue(refused.getMessage().contains("UTF-16"), refused.getMessage());
    }

    @Test
    void entries_areStoredAsTheCodecsTextNotAsBlobs() throws Exception {
        Path file = dir.resolve("text.db");
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        LogEntry single = fixtures.marker("naïve 日本語 \uD83D\uDE00");
        LogEntry batched = fixtures.marker("ünïcode in a batch");
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(session))));
            store.append(segment, single);
            store.append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(batched, fixtures.marker("b"))));
        }

        assertEquals(0, Sqlite.queryLong(file, "SELECT count(*) FROM entries WHERE typeof(json) <> 'text'"));
        assertEquals(new String(EntryCodec.standard().encode(single), StandardCharsets.UTF_8),
                Sqlite.queryString(file, "SELECT json FROM entries WHERE seq = 1"));
        assertEquals(new String(EntryCodec.standard().encode(batched), StandardCharsets.UTF_8),
                Sqlite.queryString(file, "SELECT json FROM entries WHERE seq = 2"));
        assertEquals("user_input", Sqlite.queryString(file, "SELECT json_extract(json, '$.kind') FROM entries WHERE seq = 2"));
    }

    @Test
    void reopen_keepsSegmentsEntriesInfoAndTrace() {
        Path file = dir.resolve("reopen.db");
        SegmentId source = SegmentId.generate();
        SegmentId fork = SegmentId.generate();
        SessionId session = SessionId.generate();
        List<LogEntry> entries = List.of(fixtures.plainStart(session), fixtures.marker("one"), fixtures.marker("two"));
        LogEntry forkStart = new LogEntry.SegmentStart(5_000, session, null, RequestConfig.DEFAULT,
                List.of(), new SegmentOrigin(source, 0), null);
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(source, StoredEntry.plain(entries.subList(0, 2)));
            store.append(source, entries.get(2));
            store.create(fork, List.of(StoredEntry.plain(forkStart)));
            store.appendTrace(source, new TraceEntry(4_000, RawJson.of("{\"event\":\"x\"}")));
        }

        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            assertEquals(entries, store.readAll(source));
            assertEquals(new SegmentInfo(source, session, entries.get(0).ts(), null, null, 3, entries.get(2).ts()),
                    store.info(source));
            assertEquals(new SegmentInfo(fork, session, 5_000, new SegmentOrigin(source, 0), null, 1, 5_000),
                    store.info(fork));
            assertEquals(List.of(fork, source), store.listSegments(session, PageRequest.first(10)).items());
            assertEquals(List.of(new TraceEntry(4_000, RawJson.of("{\"event\":\"x\"}"))), store.readTrace(source));
        }
    }
}
