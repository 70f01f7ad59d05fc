package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFailureTest {
    private final Fixtures fixtures = new Fixtures();

    @TempDir
    Path dir;

    @Test
    void open_aFileThatIsNotASqliteDatabase_failsWithBackendExceptionNamingTheFile() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database. ".repeat(200), StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(file);

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a SQLite database"), refused.getMessage());
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(file).length));
    }

    @Test
    void append_whenAnEntryAlreadyHoldsThePositionTheCountGives_reportsCorruptDataAndWritesNothing() throws Exception {
        Path file = dir.resolve("disagree.db");
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
            // an entry behind the store's back at position 1, the count still saying 1
            Sqlite.execute(file, "INSERT INTO entries (segment_key, seq, json) SELECT segment_key, 1, json "
                    + "FROM entries WHERE " + Sqlite.ofSegment(segment) + " AND seq = 0");

            CorruptDataException corrupt = assertThrows(CorruptDataException.class,
                    () -> store.append(segment, fixtures.marker("x")));

            assertEquals(1, corrupt.position());
            assertEquals(1, store.count(segment));
            assertEquals(2, Sqlite.queryLong(file, "SELECT count(*) FROM entries WHERE " + Sqlite.ofSegment(segment)));
        }
    }

    @Test
    void read_aRowWhoseJsonIsIllFormedUtf8_reportsCorruptDataAtItsPosition() throws Exception {
        Path file = dir.resolve("bytes.db");
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
            store.append(segment, fixtures.marker("caf\u00e9"));
            // the two bytes of the e-acute replaced by 0xFF 0xFF, as damage or a foreign writer could leave them
            Sqlite.execute(file, "UPDATE entries SET json = CAST(replace(CAST(json AS BLOB), X'C3A9', X'FFFF') AS TEXT) "
                    + "WHERE " + Sqlite.ofSegment(segment) + " AND seq = 1");

            CorruptDataException corrupt = assertThrows(CorruptDataException.class, () -> store.readAll(segment));

            assertEquals(1, corrupt.position());
            assertTrue(corrupt.reason().contains("ill-formed UTF-8"), corrupt.reason());
        }
    }

    @Test
    void open_aDirectory_failsWithBackendExceptionNamingIt() {
        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.open(dir));

        assertTrue(refused.getMessage().contains(dir.toString()), refused.getMessage());
    }

    @Test
    void aWrite_whileAnotherConnectionHoldsTheWriteLockPastTheBusyTimeout_failsNamingTheFile() throws Exception {
        Path file = dir.resolve("locked.db");
        try (SegmentStore store = SqliteSegmentStore.open(file, Durability.NORMAL, Duration.ofMillis(100));
             Connection other = Sqlite.connect(file);
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                BackendException failed = assertThrows(BackendException.class,
                        () -> store.deleteSession(SessionId.generate()));

                assertTrue(failed.getMessage().contains(file.toString()), failed.getMessage());
                assertTrue(failed.getMessage().contains("locked"), failed.getMessage());
                assertTrue(failed.getMessage().contains("100 ms"), failed.getMessage());
            } finally {
                statement.execute("ROLLBACK");
            }
            assertEquals(0, store.deleteSession(SessionId.generate()));
        }
    }

    @Test
    void reads_whileAnotherConnectionHoldsTheWriteLock_goOn() throws Exception {
        Path file = dir.resolve("reading.db");
        try (SegmentStore store = SqliteSegmentStore.open(file, Durability.NORMAL, Duration.ofMillis(100));
             Connection other = Sqlite.connect(file);
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("DELETE FROM segments");
            try {
                assertEquals(List.of(), store.listSegments(PageRequest.first(10)).items());
                assertTrue(!store.exists(SegmentId.generate()));
            } finally {
                statement.execute("ROLLBACK");
            }
        }
    }

    @Test
    void everyOperation_afterClose_failsWithBackendException() {
        SegmentStore store = SqliteSegmentStore.open(dir.resolve("closed.db"));
        store.close();
        store.close();

        BackendException failed = assertThrows(BackendException.class,
                () -> store.listSegments(PageRequest.first(10)));
        assertTrue(failed.getMessage().contains("closed"), failed.getMessage());
        assertThrows(BackendException.class, () -> store.deleteSession(SessionId.generate()));
    }
}
