package dev.segmentlog.store.postgres;

/**
 * The SQL of a store, with every table qualified by the store's schema (never left to the
 * connection's {@code search_path}, which belongs to the application when it gives the DataSource).
 *
 * <p>Ids are bound as {@link java.util.UUID}s into {@code uuid} columns: PostgreSQL orders {@code uuid}
 * values as unsigned 128-bit numbers, which is the order of the ids themselves (UUIDv7: creation
 * order), independent of the database's collation.
 */
final class Statements {
    /** The columns of a segment's row, in the order {@link #insertSegment} binds them. */
    private static final String SEGMENT_COLUMNS = "segment_id, session_id, created_at, forked_from_segment, "
            + "forked_from_turn, forked_from_entry, forked_from_hash, compacted_from_segment, compacted_from_turn, "
            + "compacted_from_entry, compacted_from_hash, entry_count, last_ts, head_hash";

    /**
     * A new segment's row; no row when the id is taken (an insert racing it waits for its outcome).
     * The origin's columns are cast: a null bound without a type would be taken as text.
     */
    final String insertSegment;
    /**
     * A new segment's entries from position 0 on: the arrays of kinds, timestamps and UTF-8 lines
     * zipped into rows, each line turned into text by the server (no string built on the client).
     */
    final String insertEntries;
    /**
     * An append in one statement: the segment's row is updated first (count moved on by the
     * appended rows, last ts, head hash) only when its count is the expected one, which takes the
     * row's lock, so appends to one segment queue here and each sees the count the one before it
     * committed; the entries are inserted after the count it returned. A segment missing or at
     * another count updates no row, so the insert has no rows: the statement reports 0 rows and
     * writes nothing. Parameters: the number of entries, last ts, head hash, segment, the expected
     * count (null: any), the number of entries again, then the kinds, timestamps and lines.
     */
    final String appendEntries;
    /** A segment's count, if it exists. */
    final String count;
    /** A segment's count and head hash. */
    final String head;
    /** What {@code info} returns. */
    final String info;
    /**
     * A page of a segment: its row by key, and its entries from a position on as a range of the
     * entries' primary key (segment, seq), in key order. The LEFT JOIN yields one row with a null seq
     * for a segment with nothing past the position, so an unknown segment is told apart in the same
     * statement (one snapshot). The limit sits in the lateral subquery, on the index scan itself: an
     * ORDER BY above a join would sort every entry from the position on before cutting the page.
     */
    final String readPage;
    /** The segments of a session, locked in id order (two deletes lock them in the same order). */
    final String lockSession;
    final String deleteEntries;
    final String deleteTrace;
    final String deleteSegments;
    /**
     * A trace entry, if the segment exists; its key share lock on the segment's row makes a delete
     * of the session wait for it (and it for the delete), but not the segment's appends.
     */
    final String insertTrace;
    final String readTrace;
    final String listSegments;
    final String listSegmentsAfter;
    /** Sessions: a backward walk of the index on (session, segment) that stops after the limit. */
    final String listSessions;
    final String listSessionsAfter;
    final String listSessionSegments;
    final String listSessionSegmentsAfter;

    Statements(String schema) {
        String s = "\"" + schema + "\".";
        insertSegment = "INSERT INTO " + s + "segments (" + SEGMENT_COLUMNS + ") "
                + "VALUES (?, ?, ?, ?::uuid, ?::integer, ?::bigint, ?, ?::uuid, ?::integer, ?::bigint, ?, ?, ?, ?) "
                + "ON CONFLICT (segment_id) DO NOTHING";
        String rows = " unnest(?::text[], ?::bigint[], ?::bytea[]) WITH ORDINALITY AS e(kind, ts, line, i)";
        String entryColumns = "INSERT INTO " + s + "entries (segment_id, seq, kind, ts, json) ";
        insertEntries = entryColumns + "SELECT ?, e.i - 1, e.kind, e.ts, convert_from(e.line, 'UTF8') FROM" + rows;
        appendEntries = "WITH g AS (UPDATE " + s + "segments SET entry_count = entry_count + ?, last_ts = ?, "
                + "head_hash = ? WHERE segment_id = ? AND entry_count = coalesce(?::bigint, entry_count) "
                + "RETURNING segment_id, entry_count - ? AS start) "
                + entryColumns + "SELECT g.segment_id, g.start + e.i - 1, e.kind, e.ts, convert_from(e.line, 'UTF8') "
                + "FROM g," + rows;
        count = "SELECT entry_count FROM " + s + "segments WHERE segment_id = ?";
        head = "SELECT entry_count, head_hash FROM " + s + "segments WHERE segment_id = ?";
        info = "SELECT session_id, created_at, forked_from_segment, forked_from_turn, forked_from_entry, "
                + "forked_from_hash, compacted_from_segment, compacted_from_turn, compacted_from_entry, "
                + "compacted_from_hash, entry_count, last_ts FROM " + s + "segments WHERE segment_id = ?";
        readPage = "SELECT e.seq, e.json FROM " + s + "segments g LEFT JOIN LATERAL (SELECT seq, json FROM " + s
                + "entries WHERE segment_id = g.segment_id AND seq >= ? ORDER BY seq LIMIT ?) e ON true "
                + "WHERE g.segment_id = ? ORDER BY e.seq";
        lockSession = "SELECT segment_id FROM " + s + "segments WHERE session_id = ? ORDER BY segment_id FOR UPDATE";
        deleteEntries = "DELETE FROM " + s + "entries WHERE segment_id = ANY (?)";
        deleteTrace = "DELETE FROM " + s + "trace WHERE segment_id = ANY (?)";
        deleteSegments = "DELETE FROM " + s + "segments WHERE segment_id = ANY (?)";
        insertTrace = "INSERT INTO " + s + "trace (segment_id, ts, json) SELECT segment_id, ?, convert_from(?, 'UTF8') "
                + "FROM " + s + "segments WHERE segment_id = ? FOR KEY SHARE";
        readTrace = "SELECT t.seq, t.json FROM " + s + "segments g LEFT JOIN " + s + "trace t "
                + "ON t.segment_id = g.segment_id WHERE g.segment_id = ? ORDER BY t.seq";
        listSegments = "SELECT segment_id FROM " + s + "segments ORDER BY segment_id DESC LIMIT ?";
        listSegmentsAfter = "SELECT segment_id FROM " + s + "segments WHERE segment_id < ? "
                + "ORDER BY segment_id DESC LIMIT ?";
        listSessions = "SELECT DISTINCT session_id FROM " + s + "segments ORDER BY session_id DESC LIMIT ?";
        listSessionsAfter = "SELECT DISTINCT session_id FROM " + s + "segments WHERE session_id < ? "
                + "ORDER BY session_id DESC LIMIT ?";
        listSessionSegments = "SELECT segment_id FROM " + s + "segments WHERE session_id = ? "
                + "ORDER BY segment_id DESC LIMIT ?";
        listSessionSegmentsAfter = "SELECT segment_id FROM " + s + "segments WHERE session_id = ? AND segment_id < ? "
                + "ORDER BY segment_id DESC LIMIT ?";
    }
}
