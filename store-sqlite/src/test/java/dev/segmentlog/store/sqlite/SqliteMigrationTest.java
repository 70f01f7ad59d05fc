package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by version 1 (before hash chains), migrated to the latest version on open. */
class SqliteMigrationTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EntryCodec CODEC = EntryCodec.standard();

    /**
     * The version-1 DDL as release 1 shipped it, frozen here on purpose: {@link Schema#MIGRATIONS}
     * may only grow, and this is what files in the field hold.
     */
    private static final List<String> VERSION_1_DDL = List.of(
            """
            CREATE TABLE segments (
                segment_id             TEXT    NOT NULL PRIMARY KEY,
                session_id             TEXT    NOT NULL,
                created_at             INTEGER NOT NULL,
                forked_from_segment    TEXT,
                forked_from_turn       INTEGER,
                compacted_from_segment TEXT,
                compacted_from_turn    INTEGER,
                entry_count            INTEGER NOT NULL,
                last_ts                INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "CREATE INDEX segments_by_session ON segments (session_id, segment_id)",
            """
            CREATE TABLE entries (
                segment_id TEXT    NOT NULL,
                seq        INTEGER NOT NULL,
                kind       TEXT    NOT NULL,
                ts         INTEGER NOT NULL,
                json       TEXT    NOT NULL,
                PRIMARY KEY (segment_id, seq)
            )""",
            """
            CREATE TABLE trace (
                segment_id TEXT    NOT NULL,
                seq        INTEGER NOT NULL,
                ts         INTEGER NOT NULL,
                json       TEXT    NOT NULL,
                PRIMARY KEY (segment_id, seq)
            )""");

    @TempDir
    Path dir;

    private final SessionId session = SessionId.generate();

    /** A file as a version-1 store left it. */
    private Path version1File() throws Exception {
        Path file = dir.resolve("v1.db");
        try (Connection connection = Sqlite.connect(file); Statement statement = connection.createStatement()) {
            for (String ddl : VERSION_1_DDL) {
                statement.execute(ddl);
            }
            statement.execute("PRAGMA user_version = 1");
            statement.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
        }
        return file;
    }

    /** Writes a segment the way version 1 did: its row, and one row per entry holding {@code json}. */
    private static void insertVersion1(Path file, SegmentId segment, List<StoredEntry> entries) throws Exception {
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) entries.get(0).entry();
        SegmentOrigin forked = start.forkedFrom();
        try (Connection connection = Sqlite.connect(file)) {
            try (PreparedStatement row = connection.prepareStatement("INSERT INTO segments (segment_id, session_id, "
                    + "created_at, forked_from_segment, forked_from_turn, entry_count, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                row.setString(1, segment.toString());
                row.setString(2, start.sessionId().toString());
                row.setLong(3, start.ts());
                row.setString(4, forked == null ? null : forked.segmentId().toString());
                row.setObject(5, forked == null ? null : forked.atTurnIndex());
                row.setLong(6, entries.size());
                row.setLong(7, entries.get(entries.size() - 1).entry().ts());
                row.executeUpdate();
            }
            try (PreparedStatement entry = connection.prepareStatement(
                    "INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < entries.size(); i++) {
                    entry.setString(1, segment.toString());
                    entry.setLong(2, i);
                    entry.setString(3, entries.get(i).entry().wireKind());
                    entry.setLong(4, entries.get(i).entry().ts());
                    entry.setString(5, new String(CODEC.encode(entries.get(i)), StandardCharsets.UTF_8));
                    entry.executeUpdate();
                }
            }
        }
    }

    private List<LogEntry> conversation(SessionId session) {
        return List.of(fixtures.plainStart(session), fixtures.marker("one"), fixtures.marker("two"));
    }

    @Test
    void open_aVersion1File_migratesItInPlaceToTheLatestVersion() throws Exception {
        Path file = version1File();
        SegmentId plain = SegmentId.generate();
        List<LogEntry> entries = conversation(session);
        insertVersion1(file, plain, StoredEntry.plain(entries));

        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            assertEquals(entries, store.readAll(plain));
            assertEquals(3, store.count(plain));
            assertEquals(Optional.empty(), store.headHash(plain));
        }

        assertEquals(Schema.LATEST, Sqlite.queryLong(file, "PRAGMA user_version"));
        assertEquals(5, Sqlite.queryLong(file, "SELECT count(*) FROM pragma_table_info('segments') WHERE name IN "
                + "('head_hash', 'forked_from_entry', 'forked_from_hash', 'compacted_from_entry', 'compacted_from_hash')"));
    }

    @Test
    void open_aVersion1FileHoldingChainedRows_takesTheHeadHashFromTheLastEntry() throws Exception {
        Path file = version1File();
        SegmentId chained = SegmentId.generate();
        List<StoredEntry> linked = HashChain.link(null, conversation(session));
        insertVersion1(file, chained, linked);

        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            assertEquals(Optional.of(linked.get(2).hash()), store.headHash(chained));
            assertEquals(linked, store.read(chained, 0, 10));

            SegmentLog log = new SegmentLog(store).chained();
            log.saveTurnEnd(chained, 1);
            assertEquals(4, store.count(chained));
            assertTrue(log.verify(chained).intact(), log.verify(chained).breaks().toString());
            assertEquals(store.read(chained, 3, 1).get(0).hash(), store.headHash(chained).orElseThrow());
        }
    }

    @Test
    void open_aVersion1FileWithAForkRecordingItsEntryAndHash_returnsTheWholeOriginFromInfo() throws Exception {
        Path file = version1File();
        SegmentId source = SegmentId.generate();
        SegmentId fork = SegmentId.generate();
        EntryHash atHash = EntryHash.chain(null, "{}".getBytes(StandardCharsets.UTF_8));
        SegmentOrigin origin = new SegmentOrigin(source, 1, 3L, atHash);
        LogEntry forkStart = new LogEntry.SegmentStart(5_000, session, null, RequestConfig.DEFAULT, List.of(), origin,
                null);
        insertVersion1(file, source, StoredEntry.plain(conversation(session)));
        insertVersion1(file, fork, List.of(StoredEntry.plain(forkStart)));

        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            assertEquals(origin, store.info(fork).forkedFrom());
            assertNull(store.info(source).forkedFrom());
        }
    }

    @Test
    void open_aVersion1FileWithAnUnreadableRow_stillMigrates_andReadingThatRowReportsIt() throws Exception {
        Path file = version1File();
        SegmentId broken = SegmentId.generate();
        insertVersion1(file, broken, StoredEntry.plain(conversation(session)));
        Sqlite.execute(file, "UPDATE entries SET json = 'not json' WHERE segment_id = '" + broken + "' AND seq = 2");

        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            assertEquals(Optional.empty(), store.headHash(broken));
            assertEquals(2, assertThrows(CorruptDataException.class, () -> store.read(broken, 0, 10)).position());
        }
        assertEquals(Schema.LATEST, Sqlite.queryLong(file, "PRAGMA user_version"));
    }

    @Test
    void create_ofAChainedForkWithItsEntryAndHash_keepsThemInTheSegmentsRow() throws Exception {
        Path file = dir.resolve("v2.db");
        SegmentId source = SegmentId.generate();
        SegmentId fork = SegmentId.generate();
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            List<StoredEntry> linked = HashChain.link(null, conversation(session));
            store.create(source, linked);
            SegmentOrigin origin = new SegmentOrigin(source, 0, 2L, linked.get(1).hash());
            store.create(fork, HashChain.link(null, List.of(new LogEntry.SegmentStart(5_000, session, null,
                    RequestConfig.DEFAULT, List.of(), origin, null))));

            assertEquals(origin, store.info(fork).forkedFrom());
            assertEquals(linked.get(1).hash().hex(), Sqlite.queryString(file,
                    "SELECT forked_from_hash FROM segments WHERE segment_id = '" + fork + "'"));
            assertEquals(2, Sqlite.queryLong(file,
                    "SELECT forked_from_entry FROM segments WHERE segment_id = '" + fork + "'"));
        }
    }
}
