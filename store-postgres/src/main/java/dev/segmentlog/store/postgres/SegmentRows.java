package dev.segmentlog.store.postgres;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code segments} table: one row per segment with its session, creation time, lineage, entry
 * count, last entry time and head hash, which is all that {@code count}, {@code exists},
 * {@code info} and {@code headHash} read, and whose lock queues the appends to the segment.
 */
final class SegmentRows {
    private final Statements sql;

    SegmentRows(Statements sql) {
        this.sql = sql;
    }

    /** A new segment's row, as {@code info} describes it; false when the id is taken. */
    boolean insert(Handle handle, SegmentInfo info, String headHash) {
        SegmentOrigin forked = info.forkedFrom();
        SegmentOrigin compacted = info.compactedFrom();
        return handle.createUpdate(sql.insertSegment)
                .bind(0, info.segmentId().value())
                .bind(1, info.sessionId().value())
                .bind(2, info.createdAt())
                .bind(3, originSegment(forked))
                .bind(4, originTurn(forked))
                .bind(5, originEntry(forked))
                .bind(6, originHash(forked))
                .bind(7, originSegment(compacted))
                .bind(8, originTurn(compacted))
                .bind(9, originEntry(compacted))
                .bind(10, originHash(compacted))
                .bind(11, info.entryCount())
                .bind(12, info.lastEntryTs())
                .bind(13, headHash)
                .execute() == 1;
    }

    /**
     * Moves the segment's count on by the appended rows, and its last ts and head hash to theirs;
     * the row stays locked until the transaction ends.
     *
     * @return the count before the append, empty if the segment does not exist
     */
    Optional<Long> advanceCount(Handle handle, SegmentId segment, EntryRows.Batch appended) {
        return handle.createQuery(sql.advanceCount)
                .bind(0, (long) appended.size())
                .bind(1, appended.lastTs())
                .bind(2, appended.lastHash())
                .bind(3, segment.value())
                .mapTo(Long.class)
                .findOne()
                .map(count -> count - appended.size());
    }

    /** The segment's entry count, if it exists. */
    Optional<Long> count(Handle handle, SegmentId segment) {
        return handle.createQuery(sql.count)
                .bind(0, segment.value())
                .mapTo(Long.class)
                .findOne();
    }

    /**
     * The segment's head hash, empty when its last entry has none.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if the row holds an invalid hash
     */
    Optional<EntryHash> headHash(Handle handle, SegmentId segment) {
        HeadRow head = handle.createQuery(sql.head)
                .bind(0, segment.value())
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
    Optional<SegmentInfo> info(Handle handle, SegmentId segment) {
        return handle.createQuery(sql.info)
                .bind(0, segment.value())
                .map((rs, ctx) -> info(segment, rs))
                .findOne();
    }

    private record HeadRow(long count, String hash) {}

    private static SegmentInfo info(SegmentId segment, ResultSet rs) throws SQLException {
        SessionId session = new SessionId(rs.getObject(1, UUID.class));
        long createdAt = rs.getLong(2);
        SegmentOrigin forkedFrom = origin(segment, rs, 3);
        SegmentOrigin compactedFrom = origin(segment, rs, 7);
        long entryCount = rs.getLong(11);
        long lastTs = rs.getLong(12);
        try {
            return new SegmentInfo(segment, session, createdAt, forkedFrom, compactedFrom, entryCount, lastTs);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, 0, "the segment's row is invalid: " + e.getMessage(), e);
        }
    }

    /** An origin from four columns from {@code column} on: segment, turn, entry and hash. */
    private static SegmentOrigin origin(SegmentId segment, ResultSet rs, int column) throws SQLException {
        UUID origin = rs.getObject(column, UUID.class);
        if (origin == null) {
            return null;
        }
        int turn = rs.getInt(column + 1);
        long entry = rs.getLong(column + 2);
        Long atEntry = rs.wasNull() ? null : entry;
        String hash = rs.getString(column + 3);
        try {
            return new SegmentOrigin(new SegmentId(origin), turn, atEntry, hash == null ? null : EntryHash.parse(hash));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, 0, "the segment's row holds an invalid origin " + origin
                    + " at turn " + turn + ": " + e.getMessage(), e);
        }
    }

    private static UUID originSegment(SegmentOrigin origin) {
        return origin == null ? null : origin.segmentId().value();
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
