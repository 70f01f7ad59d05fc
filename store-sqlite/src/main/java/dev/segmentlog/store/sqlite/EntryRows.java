package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The {@code entries} table: one row per entry keyed by (segment key, position), holding the entry's
 * line as the codec writes it, chain fields included. What goes in is the codec's bytes and what
 * comes out is decoded from the bytes the file holds, so the line a hash was computed over is kept
 * exactly.
 */
final class EntryRows {

    /**
     * A page of a segment: its row by key, and its entries from a position on as a range of the
     * entries' primary key (segment, seq), in key order. The LEFT JOIN yields one row with a null seq
     * for a segment with nothing past the position, so an unknown segment is told apart in the same
     * statement (one snapshot).
     */
    static final String READ_PAGE = "SELECT e.seq, e.json FROM segments s LEFT JOIN entries e "
            + "ON e.segment_key = s.segment_key AND e.seq >= ? WHERE s.segment_id = ? ORDER BY e.seq LIMIT ?";

    /**
     * The JSON is bound as the codec's UTF-8 bytes (a blob) and cast to TEXT by SQLite, which takes
     * the bytes as they are in the database's UTF-8: the column holds the same TEXT value as binding a
     * {@code String}, without decoding the bytes to a {@code String} for the driver to encode again.
     * Without the cast the value would be stored as a BLOB, which the JSON functions read as JSONB.
     * The segment's key is looked up by its id in the same statement; for a segment that does not
     * exist it is null, which the NOT NULL constraint refuses.
     */
    private static final String INSERT = "INSERT INTO entries (segment_key, seq, json) VALUES "
            + "((SELECT segment_key FROM segments WHERE segment_id = ?), ?, CAST(? AS TEXT))";

    private static final EntryCodec CODEC = EntryCodec.standard();

    private EntryRows() {}

    /**
     * A batch as rows: the entries and their JSON as the codec's UTF-8 bytes, and the last entry's
     * hash (null when it has none). An unchained entry's JSON is exactly
     * {@link EntryCodec#encode(LogEntry)}'s.
     */
    record Batch(List<LogEntry> entries, List<byte[]> json, String lastHash) {
        int size() {
            return entries.size();
        }

        long lastTs() {
            return entries.get(entries.size() - 1).ts();
        }
    }

    /**
     * Encodes a batch.
     *
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry
     */
    static Batch encode(List<StoredEntry> stored) {
        List<LogEntry> entries = new ArrayList<>(stored.size());
        List<byte[]> json = new ArrayList<>(stored.size());
        for (StoredEntry entry : stored) {
            entries.add(entry.entry());
            json.add(CODEC.encode(entry));
        }
        EntryHash last = stored.isEmpty() ? null : stored.get(stored.size() - 1).hash();
        return new Batch(entries, json, last == null ? null : last.hex());
    }

    /**
     * Inserts the batch's rows at positions from {@code start} on. A constraint refuses a position
     * taken (the primary key) and a segment that does not exist (its key is null).
     */
    static void insert(WriteStatements w, SegmentId segment, long start, Batch batch) {
        String id = segment.toString();
        if (batch.size() == 1) {
            w.update(INSERT, id, start, batch.json().get(0));
            return;
        }
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            rows.add(new Object[] {id, start + i, batch.json().get(i)});
        }
        w.batch(INSERT, rows);
    }

    /**
     * The rows of at most {@code limit} entries of the segment from {@code position} on, in one
     * statement ({@link #READ_PAGE}); {@link #decode} them once the connection is given back.
     */
    static List<StoredRow> page(Handle handle, SegmentId segment, long position, int limit) {
        return handle.createQuery(READ_PAGE)
                .bind(0, position)
                .bind(1, segment.toString())
                .bind(2, limit)
                .map((rs, ctx) -> storedRow(rs))
                .list();
    }

    /** A row's JSON as the bytes the file holds: read as text, the driver would turn ill-formed UTF-8 into U+FFFD. */
    record StoredRow(long seq, byte[] json) {}

    /** A (seq, json) row, both null when a LEFT JOIN found the segment but no row. */
    static StoredRow storedRow(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        boolean none = rs.wasNull();
        return new StoredRow(none ? -1 : seq, none ? null : rs.getBytes(2));
    }

    /**
     * The entries of a {@link #page} read from {@code position}.
     *
     * @throws SegmentNotFoundException if the rows are none: the segment does not exist
     * @throws CorruptDataException     if a position is missing or an entry cannot be decoded
     */
    static List<StoredEntry> decode(SegmentId segment, long position, List<StoredRow> rows) {
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<StoredEntry> entries = new ArrayList<>(rows.size());
        long expected = position;
        for (StoredRow row : rows) {
            if (row.json() == null) {
                continue;
            }
            if (row.seq() != expected) {
                throw new CorruptDataException(segment, expected, "the entry at position " + expected
                        + " is missing (the next stored entry is at " + row.seq() + ")");
            }
            entries.add(CODEC.decodeHashed(row.json(), segment, row.seq()));
            expected++;
        }
        return List.copyOf(entries);
    }
}
