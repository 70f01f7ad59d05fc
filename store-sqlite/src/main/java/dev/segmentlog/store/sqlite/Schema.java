package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.BackendException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The schema of a store file and how to bring a file up to it.
 *
 * <p>The version lives in {@code PRAGMA user_version} (part of the database header, so it changes
 * in the same transaction as the tables), and {@code PRAGMA application_id} marks the file as a
 * segmentlog store. {@link #MIGRATIONS} is append-only: a later release adds a migration and
 * every older file is brought up to date in place, in one transaction, on open.
 */
final class Schema {

    /** "SGLG": marks a SQLite file as a segmentlog store. */
    static final int APPLICATION_ID = 0x53474C47;

    /**
     * Migration {@code i} takes a file from version {@code i} to {@code i + 1}.
     *
     * <p>Version 2 (hash chains) keeps each entry's {@code hash} and {@code prev_hash} where they
     * already are, in its {@code json} (the codec's hashed line), and adds to {@code segments} the
     * head hash (the last entry's hash, null when it has none: what {@code headHash} reads) and the
     * entry and hash of a fork's or compaction's origin (so {@code info} returns the origin as
     * written).
     *
     * <p>Version 3 (disk size) keys {@code entries} and {@code trace} by the segment's
     * {@code segment_key}, a small integer given to each segment when it is created, instead of its
     * 36-character id, which every entry row and every entry of their primary-key index repeated; and
     * it drops the entries' {@code kind} and {@code ts} columns and the trace's {@code ts}, copies of
     * what the JSON holds that nothing read. An entry row is then its key and its line, about 8 bytes
     * beside the JSON instead of about 60, and the key's index about 14 bytes an entry instead of
     * about 54 (measured with {@code DiskSize} in the module's tests). The JSON stays the codec's
     * line, byte for byte, which the hash chain needs. The
     * tables are rebuilt, so the migration copies every entry once, in one transaction; the old
     * tables' pages go to the file's free list and are reused by later writes ({@code VACUUM} in the
     * {@code sqlite3} shell gives them back to the file system).
     *
     * <p>{@code segments} is WITHOUT ROWID: its rows are small and always looked up by their text
     * key, so clustering on the key saves the separate primary-key index. {@code entries} and
     * {@code trace} keep their rowid: their rows carry ~1 KB of JSON, and a WITHOUT ROWID table stores
     * whole rows in the interior pages of its b-tree too, which for large rows costs fan-out and
     * depth (SQLite recommends WITHOUT ROWID only for rows below ~1/20 of a page). Their primary key
     * (segment_key, seq) is a separate index, which is what rejects a second entry at a position.
     */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration("segments, entries and trace", List.of(
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
                    )""")),
            new Migration("hash chains: head hash, and the entry and hash of a lineage origin", List.of(
                    "ALTER TABLE segments ADD COLUMN head_hash TEXT",
                    "ALTER TABLE segments ADD COLUMN forked_from_entry INTEGER",
                    "ALTER TABLE segments ADD COLUMN forked_from_hash TEXT",
                    "ALTER TABLE segments ADD COLUMN compacted_from_entry INTEGER",
                    "ALTER TABLE segments ADD COLUMN compacted_from_hash TEXT",
                    // Rows written before: the head hash is the last entry's "hash", the origin's entry and
                    // hash are in the first entry's JSON. A value that is not there, or not of its type, stays
                    // null rather than failing the open (reading that entry reports it).
                    """
                    UPDATE segments SET head_hash = (
                        SELECT CASE WHEN json_valid(e.json) AND json_type(e.json, '$.hash') = 'text'
                                    THEN json_extract(e.json, '$.hash') END
                        FROM entries e WHERE e.segment_id = segments.segment_id AND e.seq = segments.entry_count - 1)""",
                    """
                    UPDATE segments SET
                        forked_from_entry = (SELECT CASE WHEN json_valid(e.json)
                                    AND json_type(e.json, '$.forked_from.at_entry') = 'integer'
                                    THEN json_extract(e.json, '$.forked_from.at_entry') END
                                FROM entries e WHERE e.segment_id = segments.segment_id AND e.seq = 0),
                        forked_from_hash = (SELECT CASE WHEN json_valid(e.json)
                                    AND json_type(e.json, '$.forked_from.at_hash') = 'text'
                                    THEN json_extract(e.json, '$.forked_from.at_hash') END
                                FROM entries e WHERE e.segment_id = segments.segment_id AND e.seq = 0),
                        compacted_from_entry = (SELECT CASE WHEN json_valid(e.json)
                                    AND json_type(e.json, '$.compacted_from.at_entry') = 'integer'
                                    THEN json_extract(e.json, '$.compacted_from.at_entry') END
                                FROM entries e WHERE e.segment_id = segments.segment_id AND e.seq = 0),
                        compacted_from_hash = (SELECT CASE WHEN json_valid(e.json)
                                    AND json_type(e.json, '$.compacted_from.at_hash') = 'text'
                                    THEN json_extract(e.json, '$.compacted_from.at_hash') END
                                FROM entries e WHERE e.segment_id = segments.segment_id AND e.seq = 0)
                    WHERE forked_from_segment IS NOT NULL OR compacted_from_segment IS NOT NULL""")),
            new Migration("entries and trace keyed by an integer segment key, without copies of the JSON's kind and ts",
                    List.of(
                    """
                    CREATE TABLE segments_v3 (
                        segment_id             TEXT    NOT NULL PRIMARY KEY,
                        segment_key            INTEGER NOT NULL UNIQUE,
                        session_id             TEXT    NOT NULL,
                        created_at             INTEGER NOT NULL,
                        forked_from_segment    TEXT,
                        forked_from_turn       INTEGER,
                        forked_from_entry      INTEGER,
                        forked_from_hash       TEXT,
                        compacted_from_segment TEXT,
                        compacted_from_turn    INTEGER,
                        compacted_from_entry   INTEGER,
                        compacted_from_hash    TEXT,
                        entry_count            INTEGER NOT NULL,
                        last_ts                INTEGER NOT NULL,
                        head_hash              TEXT
                    ) WITHOUT ROWID""",
                    """
                    INSERT INTO segments_v3 SELECT segment_id, row_number() OVER (ORDER BY segment_id), session_id,
                        created_at, forked_from_segment, forked_from_turn, forked_from_entry, forked_from_hash,
                        compacted_from_segment, compacted_from_turn, compacted_from_entry, compacted_from_hash,
                        entry_count, last_ts, head_hash
                    FROM segments""",
                    "DROP TABLE segments",
                    "ALTER TABLE segments_v3 RENAME TO segments",
                    "CREATE INDEX segments_by_session ON segments (session_id, segment_id)",
                    """
                    CREATE TABLE entries_v3 (
                        segment_key INTEGER NOT NULL,
                        seq         INTEGER NOT NULL,
                        json        TEXT    NOT NULL,
                        PRIMARY KEY (segment_key, seq)
                    )""",
                    // An entry row without a segment row was never readable; it is not carried over.
                    """
                    INSERT INTO entries_v3 SELECT s.segment_key, e.seq, e.json
                    FROM entries e JOIN segments s ON s.segment_id = e.segment_id ORDER BY s.segment_key, e.seq""",
                    "DROP TABLE entries",
                    "ALTER TABLE entries_v3 RENAME TO entries",
                    """
                    CREATE TABLE trace_v3 (
                        segment_key INTEGER NOT NULL,
                        seq         INTEGER NOT NULL,
                        json        TEXT    NOT NULL,
                        PRIMARY KEY (segment_key, seq)
                    )""",
                    """
                    INSERT INTO trace_v3 SELECT s.segment_key, t.seq, t.json
                    FROM trace t JOIN segments s ON s.segment_id = t.segment_id ORDER BY s.segment_key, t.seq""",
                    "DROP TABLE trace",
                    "ALTER TABLE trace_v3 RENAME TO trace")));

    /** The version this code writes and reads. */
    static final int LATEST = MIGRATIONS.size();

    private Schema() {}

    /** One step of the schema's history. */
    record Migration(String description, List<String> statements) {
        Migration {
            statements = List.copyOf(statements);
        }
    }

    /**
     * Reads what the file holds and refuses a file that is not a segmentlog store, without writing
     * anything. A file is ours when it carries {@link #APPLICATION_ID} (every version this code or
     * an older release wrote sets it with the schema), or is empty: no schema objects and no
     * {@code user_version}, as a new or zero-byte file is.
     *
     * @return the file's schema version, 0 for an empty file
     * @throws BackendException if the file is not in UTF-8, belongs to another application, holds
     *                          another database or has a schema newer than {@link #LATEST}
     */
    static int inspect(Handle handle, String file) {
        // One statement, so one snapshot: read one by one, the values could straddle another
        // process's creation of the schema and look like a foreign file.
        Header header = handle.createQuery("SELECT (SELECT encoding FROM pragma_encoding), "
                        + "(SELECT application_id FROM pragma_application_id), "
                        + "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)")
                .map((rs, ctx) -> new Header(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4) > 0))
                .one();
        // Entries are bound as UTF-8 bytes cast to TEXT: the cast takes the bytes in the database's
        // encoding, so a file in UTF-16 is refused.
        if (!"UTF-8".equalsIgnoreCase(header.encoding())) {
            throw new BackendException("SQLite database file " + file + " uses the text encoding "
                    + header.encoding() + "; this store needs UTF-8 (a file it creates is UTF-8): use another file. Nothing was changed",
                    null);
        }
        int applicationId = header.applicationId();
        int version = header.version();
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw new BackendException("SQLite database file " + file + " belongs to another application "
                    + "(application_id " + applicationId + "), it is not a segmentlog store; nothing was changed",
                    null);
        }
        boolean empty = version == 0 && !header.hasSchemaObjects();
        if (!empty && (applicationId != APPLICATION_ID || version == 0)) {
            throw new BackendException("SQLite database file " + file + " already holds a database that is not a "
                    + "segmentlog store; use another file. Nothing was changed", null);
        }
        if (version > LATEST) {
            throw new BackendException("SQLite database file " + file + " has segmentlog schema version "
                    + version + ", newer than this release understands (up to " + LATEST
                    + "); open it with a newer segmentlog release. Nothing was changed", null);
        }
        return version;
    }

    /**
     * Brings the file up to {@link #LATEST}, or refuses it as {@link #inspect} does. Runs inside the
     * caller's write transaction, so two processes opening a new file at once create the schema once.
     *
     * @return the version the file had before
     * @throws BackendException as {@link #inspect}
     */
    static int migrate(Handle handle, String file) {
        int version = inspect(handle, file);
        for (int step = version; step < LATEST; step++) {
            for (String statement : MIGRATIONS.get(step).statements()) {
                handle.execute(statement);
            }
        }
        if (version < LATEST) {
            // PRAGMA takes no bound parameters; both values are constants of this class.
            handle.execute("PRAGMA user_version = " + LATEST);
            handle.execute("PRAGMA application_id = " + APPLICATION_ID);
        }
        return version;
    }

    /** What {@link #inspect} reads: the text encoding, the two header values, whether there is any schema. */
    private record Header(String encoding, int applicationId, int version, boolean hasSchemaObjects) {}
}
