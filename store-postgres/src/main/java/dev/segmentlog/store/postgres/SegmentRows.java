package dev.segmentlog.store.postgres;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

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
    boolean insert(Connection connection, SegmentInfo info, String headHash) throws SQLException {
        SegmentOrigin forked = info.forkedFrom();
        SegmentOrigin compacted = info.compactedFrom();
        try (PreparedStatement insert = connection.prepareStatement(sql.insertSegment)) {
            insert.setObject(1, info.segmentId().value());
            insert.setObject(2, info.sessionId().value());
            insert.setLong(3, info.createdAt());
            insert.setObject(4, originSegment(forked));
            insert.setObject(5, originTurn(forked));
            insert.setObject(6, originEntry(forked));
            insert.setString(7, originHash(forked));
            insert.setObject(8, originSegment(compacted));
            insert.setObject(9, originTurn(compacted));
            insert.setObject(10, originEntry(compacted));
            insert.setString(11, originHash(compacted));
            insert.setLong(12, info.entryCount());
            insert.setLong(13, info.lastEntryTs());
            insert.setString(14, headHash);
            return insert.executeUpdate() == 1;
        }
    }

    /** The segment's entry count, if it exists. */
    Optional<Long> count(Connection connection, SegmentId segment) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(sql.count)) {
            count.setObject(1, segment.value());
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * The segment's head hash, empty when its last entry has none.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if the row holds an invalid hash
     */
    Optional<EntryHash> headHash(Connection connection, SegmentId segment) throws SQLException {
        long count;
        String hash;
        try (PreparedStatement head = connection.prepareStatement(sql.head)) {
            head.setObject(1, segment.value());
            try (ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    throw new SegmentNotFoundException(segment);
                }
                count = rs.getLong(1);
                hash = rs.getString(2);
            }
        }
        if (hash == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EntryHash.parse(hash));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, count - 1, "the segment's row holds an invalid head hash: "
                    + e.getMessage(), e);
        }
    }

    /** What {@code info} returns, if the segment exists. */
    Optional<SegmentInfo> info(Connection connection, SegmentId segment) throws SQLException {
        try (PreparedStatement info = connection.prepareStatement(sql.info)) {
            info.setObject(1, segment.value());
            try (ResultSet rs = info.executeQuery()) {
                return rs.next() ? Optional.of(info(segment, rs)) : Optional.empty();
            }
        }
    }

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
