package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.PageRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by the release before schema version 3, {@code version-2.sqlite}: made by that release's
 * {@code SqliteSegmentStore} through {@code SegmentLog} (a plain segment of three turns, a chained
 * segment of two turns with two trace entries, a chained fork of it, a compaction of the plain one,
 * and a segment of a second session), then checkpointed. Opened by this release it is migrated in
 * place, every entry's bytes kept, and works as any store.
 */
class SqliteVersion2FileTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void copyTheFile() throws Exception {
        file = dir.resolve("version-2.db");
        try (InputStream in = getClass().getResourceAsStream("version-2.sqlite")) {
            Files.copy(in, file);
        }
        assertEquals(2, Sqlite.queryLong(file, "PRAGMA user_version"));
    }

    @Test
    void open_migratesItToTheLatestVersion_keepingEveryEntryTraceAndSegmentRowAsItWas() throws Exception {
        Map<String, byte[]> entriesBefore = bytes("SELECT segment_id || ' ' || seq, CAST(json AS BLOB) FROM entries");
        Map<String, byte[]> traceBefore = bytes("SELECT segment_id || ' ' || seq, CAST(json AS BLOB) FROM trace");
        List<String> segmentsBefore = rows("SELECT * FROM segments ORDER BY segment_id");

        SqliteSegmentStore.open(file).close();

        assertEquals(Schema.LATEST, Sqlite.queryLong(file, "PRAGMA user_version"));
        assertSameBytes(entriesBefore, bytes("SELECT s.segment_id || ' ' || e.seq, CAST(e.json AS BLOB) "
                + "FROM entries e JOIN segments s ON s.segment_key = e.segment_key"));
        assertSameBytes(traceBefore, bytes("SELECT s.segment_id || ' ' || t.seq, CAST(t.json AS BLOB) "
                + "FROM trace t JOIN segments s ON s.segment_key = t.segment_key"));
        assertEquals(0, Sqlite.queryLong(file, "SELECT count(*) FROM entries WHERE typeof(json) <> 'text'"));
        assertEquals(segmentsBefore, rows("SELECT segment_id, session_id, created_at, forked_from_segment, "
                + "forked_from_turn, compacted_from_segment, compacted_from_turn, entry_count, last_ts, head_hash, "
                + "forked_from_entry, forked_from_hash, compacted_from_entry, compacted_from_hash FROM segments "
                + "ORDER BY segment_id"));
        assertEquals(5, Sqlite.queryLong(file, "SELECT count(DISTINCT segment_key) FROM segments"));
    }

    @Test
    void aMigratedFile_readsVerifiesAndTakesNewWritesAsAnyStore() throws Exception {
        Fixtures fixtures = new Fixtures();
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            SegmentLog log = new SegmentLog(store);
            List<SegmentId> segments = store.listSegments(PageRequest.first(10)).items();
            assertEquals(5, segments.size());
            int chained = 0;
            for (SegmentId segment : segments) {
                ChainReport report = log.verify(segment);
                assertTrue(report.intact(), segment + ": " + report.breaks());
                assertEquals(store.count(segment), store.readAll(segment).size());
                chained += report.chained() ? 1 : 0;
                if (!store.readTrace(segment).isEmpty()) {
                    assertEquals(2, store.readTrace(segment).size());
                }
            }
            assertEquals(2, chained);

            SegmentId oldest = segments.get(segments.size() - 1);
            long count = store.count(oldest);
            store.append(oldest, fixtures.marker("after the migration"));
            assertEquals("after the migration", Fixtures.labelOf(store.read(oldest, count, 1).get(0).entry()));
            SessionId session = SessionId.generate();
            SegmentId created = SegmentId.generate();
            store.create(created, List.of(StoredEntry.plain(fixtures.plainStart(session))));
            assertEquals(List.of(created), store.listSegments(session, PageRequest.first(5)).items());
            store.deleteSession(store.info(oldest).sessionId());
            assertTrue(store.exists(created));
        }
        assertEquals(0, Sqlite.queryLong(file, "SELECT count(*) FROM entries WHERE segment_key NOT IN "
                + "(SELECT segment_key FROM segments)"));
    }

    @Test
    void openReadOnly_refusesIt_asAnOlderSchema_andLeavesTheFileAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(file);

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.openReadOnly(file));

        assertTrue(refused.getMessage().contains("schema version 2, older than this release reads"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private static void assertSameBytes(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, json) -> assertArrayEquals(json, actual.get(key), key));
    }

    private Map<String, byte[]> bytes(String query) throws Exception {
        Map<String, byte[]> values = new LinkedHashMap<>();
        try (Connection connection = Sqlite.connect(file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getBytes(2));
            }
        }
        assertTrue(!values.isEmpty(), "no rows for " + query);
        return values;
    }

    private List<String> rows(String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = Sqlite.connect(file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.append(columns.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
