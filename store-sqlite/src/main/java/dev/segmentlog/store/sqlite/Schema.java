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
     * <p>{@code segments} is WITHOUT ROWID: its rows are small and always looked up by their text
     * key, so clustering on the key saves the separate primary-key index. {@code entries} and
     * {@code trace} keep their rowid: their rows carry ~1 KB of JSON, and a WITHOUT ROWID table stores
     * whole rows in the interior pages of its b-tree too, which for large rows costs fan-out and
     * depth (SQLite recommends WITHOUT ROWID only for rows below ~1/20 of a page). Their primary key
     * (segment_id, seq) is a separate index, which is what rejects a second entry at a position.
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
                    WHERE forked_from_segment IS NOT NULL OR compacted_from_segment IS NOT NULL""")));

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
     * Brings the file up to {@link #LATEST}, or refuses it. Runs inside the caller's write
     * transaction, so two processes opening a new file at once create the schema once.
     *
     * @return the version the file had before
     * @throws BackendException if the file belongs to another application or has a newer schema
     */
    static int migrate(Handle handle, String file) {
        int applicationId = pragmaInt(handle, "application_id");
        int version = pragmaInt(handle, "user_version");
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw new BackendException("SQLite database file " + file + " belongs to another application "
                    + "(application_id " + applicationId + "), it is not a segmentlog store; nothing was changed",
                    null);
        }
        if (version > LATEST) {
            throw new BackendException("SQLite database file " + file + " has segmentlog schema version "
                    + version + ", newer than this release understands (up to " + LATEST
                    + "); open it with a newer segmentlog release. Nothing was changed", null);
        }
        if (version == 0 && applicationId == 0 && hasTables(handle)) {
            throw new BackendException("SQLite database file " + file + " already holds tables that are not a "
                    + "segmentlog store; use another file. Nothing was changed", null);
        }
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

    /** The schema version recorded in the file. */
    static int version(Handle handle) {
        return pragmaInt(handle, "user_version");
    }

    private static int pragmaInt(Handle handle, String pragma) {
        return handle.createQuery("PRAGMA " + pragma).mapTo(Integer.class).one();
    }

    private static boolean hasTables(Handle handle) {
        return handle.createQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
                .mapTo(Integer.class).one() > 0;
    }
}
