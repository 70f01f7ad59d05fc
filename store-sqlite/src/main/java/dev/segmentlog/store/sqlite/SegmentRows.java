package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * The {@code segments} table: one row per segment with its session, creation time, lineage, entry
 * count, last entry time and head hash, which is all that {@code count}, {@code exists},
 * {@code info} and {@code headHash} read, and the {@code segment_key} its entries and trace are
 * keyed by.
 */
final class SegmentRows {
    private static final String COUNT = "SELECT entry_count FROM segments WHERE segment_id = ?";

    private SegmentRows() {}

    /** The segment's entry count on a read connection, if it exists. */
    static Optional<Long> count(Handle handle, SegmentId segment) {
        return handle.createQuery(COUNT)
                .bind(0, segment.toString())
                .mapTo(Long.class)
                .findOne();
    }

    /** The segment's key inside a write transaction, if it exists. */
    static OptionalLong key(WriteStatements w, SegmentId segment) {
        return w.queryLong("SELECT segment_key FROM segments WHERE segment_id = ?", segment.toString());
    }

    /** The segment's entry count inside a write transaction, if it exists. */
    static Optional<Long> count(WriteStatements w, SegmentId segment) {
        OptionalLong count = w.queryLong(COUNT, segment.toString());
        return count.isPresent() ? Optional.of(count.getAsLong()) : Optional.empty();
    }

    /**
     * A new segment's row, as {@code info} describes it, with the head hash of its entries. Its
     * {@code segment_key}, what its entries and trace are keyed by, is one more than the largest
     * (a read of the key's index), taken inside the write transaction, so no two segments share one.
     */
    static void insert(WriteStatements w, SegmentInfo info, String headHash) {
        SegmentOrigin forked = info.forkedFrom();
        SegmentOrigin compacted = info.compactedFrom();
        w.update("INSERT INTO segments (segment_id, segment_key, session_id, created_at, forked_from_segment, "
                        + "forked_from_turn, forked_from_entry, forked_from_hash, compacted_from_segment, "
                        + "compacted_from_turn, compacted_from_entry, compacted_from_hash, entry_count, last_ts, "
                        + "head_hash) VALUES (?, (SELECT coalesce(max(segment_key), 0) + 1 FROM segments), "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                info.segmentId().toString(), info.sessionId().toString(), info.createdAt(),
                originSegment(forked), originTurn(forked), originEntry(forked), originHash(forked),
                originSegment(compacted), originTurn(compacted), originEntry(compacted), originHash(compacted),
                info.entryCount(), info.lastEntryTs(), headHash);
    }

    /**
     * Moves the segment's count from {@code from} on by the appended rows, and its last ts and head
     * hash to theirs; false if the count was not {@code from}.
     */
    static boolean advanceCount(WriteStatements w, SegmentId segment, long from, EntryRows.Batch appended) {
        return w.update("UPDATE segments SET entry_count = ?, last_ts = ?, head_hash = ? "
                        + "WHERE segment_id = ? AND entry_count = ?",
                from + appended.size(), appended.lastTs(), appended.lastHash(), segment.toString(), from) == 1;
    }

    /**
     * Why an append at {@code expected} was refused: the segment does not exist, another writer
     * moved its count, or (the count being {@code expected}) an entry already holds that position.
     *
     * @param keyViolation the primary key's refusal of the entry, if that was the refusal
     */
    static StoreException conflictOrMissing(WriteStatements w, SegmentId segment, long expected,
                                            RuntimeException keyViolation) {
        Optional<Long> actual = count(w, segment);
        if (actual.isEmpty()) {
            return new SegmentNotFoundException(segment);
        }
        if (actual.get() == expected) {
            return new CorruptDataException(segment, expected, "an entry is stored at position " + expected
                    + " but the segment's entry count is " + expected, keyViolation);
        }
        return new ConflictException(segment, expected, actual.get());
    }

    /**
     * The segment's head hash, empty when its last entry has none.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if the row holds an invalid hash
     */
    static Optional<EntryHash> headHash(Handle handle, SegmentId segment) {
        HeadRow head = handle.createQuery("SELECT entry_count, head_hash FROM segments WHERE segment_id = ?")
                .bind(0, segment.toString())
                .map((rs, ctx) -> new HeadRow(rs.getLong(1), rs.getString(2)))
                .findOne()
                .orElseThrow(() -> new SegmentNotFoundException(segment));
        if (head.hash() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EntryHash.parse(head.hash()));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, head.count() - 1, "the segment's row holds an invalid head hash: "
                    + e.getMessage(), e);
        }
    }

    /** What {@code info} returns, if the segment exists. */
    static Optional<SegmentInfo> info(Handle handle, SegmentId segment) {
        return handle.createQuery("SELECT session_id, created_at, forked_from_segment, forked_from_turn, "
                        + "forked_from_entry, forked_from_hash, compacted_from_segment, compacted_from_turn, "
                        + "compacted_from_entry, compacted_from_hash, entry_count, last_ts FROM segments "
                        + "WHERE segment_id = ?")
                .bind(0, segment.toString())
                .map((rs, ctx) -> info(segment, rs))
                .findOne();
    }

    private record HeadRow(long count, String hash) {}

    private static SegmentInfo info(SegmentId segment, ResultSet rs) throws SQLException {
        String session = rs.getString(1);
        long createdAt = rs.getLong(2);
        SegmentOrigin forkedFrom = origin(rs.getString(3), rs, 4);
        SegmentOrigin compactedFrom = origin(rs.getString(7), rs, 8);
        long entryCount = rs.getLong(11);
        long lastTs = rs.getLong(12);
        try {
            return new SegmentInfo(segment, SessionId.parse(session), createdAt, forkedFrom, compactedFrom,
                    entryCount, lastTs);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, 0, "the segment's row is invalid: " + e.getMessage(), e);
        }
    }

    /** An origin from its columns: segment, then turn, entry and hash from {@code turnColumn} on. */
    private static SegmentOrigin origin(String segment, ResultSet rs, int turnColumn) throws SQLException {
        if (segment == null) {
            return null;
        }
        int turn = rs.getInt(turnColumn);
        long entry = rs.getLong(turnColumn + 1);
        Long atEntry = rs.wasNull() ? null : entry;
        String hash = rs.getString(turnColumn + 2);
        try {
            return new SegmentOrigin(SegmentId.parse(segment), turn, atEntry, hash == null ? null : EntryHash.parse(hash));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(null, 0, "invalid lineage origin '" + segment + "' at turn " + turn
                    + ": " + e.getMessage(), e);
        }
    }

    private static String originSegment(SegmentOrigin origin) {
        return origin == null ? null : origin.segmentId().toString();
    }

    private static Integer originTurn(SegmentOrigin origin) {
        return origin == null ? null : origin.atTurnIndex();
    }

    private static Long originEntry(SegmentOrigin origin) {
        return origin == null ? null : origin.atEntry();
    }

    private static String originHash(SegmentOrigin origin) {
        return origin == null || origin.atHash() == null ? null : origin.atHash().hex();
    }
}
