package dev.segmentlog.store.postgres;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code entries} table: one row per entry keyed by (segment, position), holding the entry's
 * line as the codec writes it, chain fields included, in a {@code text} column that gives back
 * exactly what was written.
 */
final class EntryRows {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Statements sql;

    EntryRows(Statements sql) {
        this.sql = sql;
    }

    /**
     * A batch as rows: the entries, their JSON (the codec's line, chain fields included when they
     * have them), and the last entry's hash (null when it has none).
     */
    record Batch(List<LogEntry> entries, List<String> json, String lastHash) {
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
        List<String> json = new ArrayList<>(stored.size());
        for (StoredEntry entry : stored) {
            entries.add(entry.entry());
            json.add(new String(CODEC.encode(entry), StandardCharsets.UTF_8));
        }
        EntryHash last = stored.isEmpty() ? null : stored.get(stored.size() - 1).hash();
        return new Batch(entries, json, last == null ? null : last.hex());
    }

    /**
     * The batch's rows at positions from {@code start} on.
     *
     * @throws CorruptDataException if a position is already taken: the segment's count and its
     *                              entries disagree
     */
    void insert(Handle handle, SegmentId segment, long start, Batch batch) {
        List<LogEntry> entries = batch.entries();
        try {
            if (entries.size() == 1) {
                LogEntry entry = entries.get(0);
                handle.createUpdate(sql.insertEntry)
                        .bind(0, segment.value())
                        .bind(1, start)
                        .bind(2, entry.wireKind())
                        .bind(3, entry.ts())
                        .bind(4, batch.json().get(0))
                        .execute();
                return;
            }
            PreparedBatch rows = handle.prepareBatch(sql.insertEntry);
            for (int i = 0; i < entries.size(); i++) {
                LogEntry entry = entries.get(i);
                rows.add(segment.value(), start + i, entry.wireKind(), entry.ts(), batch.json().get(i));
            }
            rows.execute();
        } catch (JdbiException e) {
            if (PostgresErrors.sqlState(e).filter(PostgresErrors.UNIQUE_VIOLATION::equals).isPresent()) {
                throw new CorruptDataException(segment, start, "an entry is already stored at a position from "
                        + start + " on, but the segment's row counts " + start + " entries",
                        PostgresErrors.sqlCause(e));
            }
            throw e;
        }
    }

    /**
     * The rows of at most {@code limit} entries of the segment from {@code position} on, in one
     * statement; {@link #decode} them once the connection is given back.
     */
    List<StoredRow> page(Handle handle, SegmentId segment, long position, int limit) {
        return handle.createQuery(sql.readPage)
                .bind(0, position)
                .bind(1, limit)
                .bind(2, segment.value())
                .map((rs, ctx) -> storedRow(rs))
                .list();
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
            entries.add(CODEC.decodeHashed(row.json().getBytes(StandardCharsets.UTF_8), segment, row.seq()));
            expected++;
        }
        return List.copyOf(entries);
    }

    /** A (seq, json) row. */
    record StoredRow(long seq, String json) {}

    /** A (seq, json) row, both null when a LEFT JOIN found the segment but no row. */
    static StoredRow storedRow(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        boolean none = rs.wasNull();
        return new StoredRow(none ? -1 : seq, none ? null : rs.getString(2));
    }
}
