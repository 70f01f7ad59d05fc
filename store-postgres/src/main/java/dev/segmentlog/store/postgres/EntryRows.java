package dev.segmentlog.store.postgres;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code entries} table: one row per entry keyed by (segment, position), holding the entry's
 * line as the codec writes it, chain fields included, in a {@code text} column that gives back
 * exactly what was written. Lines travel as the codec's UTF-8 bytes both ways: written as a
 * {@code bytea} array the server turns into text ({@code convert_from}, which also refuses bytes
 * that are not UTF-8), read with {@link ResultSet#getBytes}, which for a {@code text} column gives
 * the bytes the server sent, UTF-8 as the driver always asks for.
 */
final class EntryRows {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Statements sql;

    EntryRows(Statements sql) {
        this.sql = sql;
    }

    /**
     * A batch as the columns of its rows: the entries' kinds and timestamps, their lines (the
     * codec's UTF-8 line, chain fields included when they have them), and the last entry's hash
     * (null when it has none).
     */
    record Batch(String[] kinds, long[] timestamps, byte[][] lines, String lastHash) {
        int size() {
            return lines.length;
        }

        long lastTs() {
            return timestamps[timestamps.length - 1];
        }
    }

    /**
     * Encodes a batch.
     *
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry
     */
    static Batch encode(List<StoredEntry> stored) {
        int size = stored.size();
        String[] kinds = new String[size];
        long[] timestamps = new long[size];
        byte[][] lines = new byte[size][];
        for (int i = 0; i < size; i++) {
            StoredEntry entry = stored.get(i);
            kinds[i] = entry.entry().wireKind();
            timestamps[i] = entry.entry().ts();
            lines[i] = CODEC.encode(entry);
        }
        EntryHash last = size == 0 ? null : stored.get(size - 1).hash();
        return new Batch(kinds, timestamps, lines, last == null ? null : last.hex());
    }

    /**
     * A new segment's rows, from position 0 on.
     *
     * @throws CorruptDataException if a position is already taken: entries are stored for a
     *                              segment that had no row
     */
    void insert(Connection connection, SegmentId segment, Batch batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.insertEntries)) {
            insert.setObject(1, segment.value());
            bindRows(insert, 2, batch);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (PostgresErrors.isUniqueViolation(e)) {
                throw positionTaken(segment, 0, e);
            }
            throw e;
        }
    }

    /**
     * Appends the batch in one statement (see {@link Statements#appendEntries}): the segment's row
     * moved on, if its count is {@code expected} (any count when empty), and the rows after it.
     *
     * @return whether the segment's row was moved on and the rows written; false when the segment
     *         does not exist or holds another count, and nothing was written
     * @throws PositionTaken if a position after the count is already taken: the segment's count
     *                       and its entries disagree, and nothing was written
     */
    boolean append(Connection connection, SegmentId segment, OptionalLong expected, Batch batch) throws SQLException {
        try (PreparedStatement append = connection.prepareStatement(sql.appendEntries)) {
            append.setLong(1, batch.size());
            append.setLong(2, batch.lastTs());
            append.setString(3, batch.lastHash());
            append.setObject(4, segment.value());
            if (expected.isPresent()) {
                append.setLong(5, expected.getAsLong());
            } else {
                append.setNull(5, Types.BIGINT);
            }
            append.setLong(6, batch.size());
            bindRows(append, 7, batch);
            return append.executeUpdate() > 0;
        } catch (SQLException e) {
            if (PostgresErrors.isUniqueViolation(e)) {
                throw new PositionTaken(e);
            }
            throw e;
        }
    }

    /**
     * An append refused by the entries' key. It leaves the connection's work as the store's own
     * exceptions do (after the rollback), so that the store reads the count the append started from
     * in a read of its own: a transaction the violation aborted can run no further statement.
     */
    static final class PositionTaken extends RuntimeException {
        private PositionTaken(SQLException violation) {
            super(null, violation, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** Kinds, timestamps and lines as arrays, from parameter {@code first} on. */
    private static void bindRows(PreparedStatement statement, int first, Batch batch) throws SQLException {
        statement.setObject(first, batch.kinds());
        statement.setObject(first + 1, batch.timestamps());
        statement.setObject(first + 2, batch.lines());
    }

    /**
     * A write refused because an entry holds a position from {@code start} on while the segment's
     * row counts {@code start} entries: the row and the entries disagree.
     */
    static CorruptDataException positionTaken(SegmentId segment, long start, SQLException violation) {
        return new CorruptDataException(segment, start, "an entry is already stored at a position from " + start
                + " on, but the segment's row counts " + start + " entries", PostgresErrors.sqlCause(violation));
    }

    /**
     * The rows of at most {@code limit} entries of the segment from {@code position} on, in one
     * statement; {@link #decode} them once the connection is given back.
     */
    List<StoredRow> page(Connection connection, SegmentId segment, long position, int limit) throws SQLException {
        try (PreparedStatement page = connection.prepareStatement(sql.readPage)) {
            page.setLong(1, position);
            page.setInt(2, limit);
            page.setObject(3, segment.value());
            return rows(page);
        }
    }

    /** The (seq, line) rows a statement returns. */
    static List<StoredRow> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            List<StoredRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(storedRow(rs));
            }
            return rows;
        }
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
            if (row.line() == null) {
                continue;
            }
            if (row.seq() != expected) {
                throw new CorruptDataException(segment, expected, "the entry at position " + expected
                        + " is missing (the next stored entry is at " + row.seq() + ")");
            }
            entries.add(CODEC.decodeHashed(row.line(), segment, row.seq()));
            expected++;
        }
        return List.copyOf(entries);
    }

    /** A (seq, line) row, the line as UTF-8. */
    record StoredRow(long seq, byte[] line) {}

    /** A (seq, line) row, both null when a LEFT JOIN found the segment but no row. */
    private static StoredRow storedRow(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        boolean none = rs.wasNull();
        return new StoredRow(none ? -1 : seq, none ? null : rs.getBytes(2));
    }
}
