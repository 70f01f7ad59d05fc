package dev.segmentlog.spi;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import java.util.List;
import java.util.Objects;

/**
 * What a store knows of a segment without reading its entries.
 *
 * @param segmentId     the segment
 * @param sessionId     the conversation it belongs to
 * @param createdAt     the {@code ts} of its {@code segment_start}
 * @param forkedFrom    nullable: the origin when it is a fork
 * @param compactedFrom nullable: the origin when it is a compaction
 * @param entryCount    how many entries it holds, {@code segment_start} included
 * @param lastEntryTs   the {@code ts} of its last entry
 */
public record SegmentInfo(
        SegmentId segmentId,
        SessionId sessionId,
        long createdAt,
        SegmentOrigin forkedFrom,
        SegmentOrigin compactedFrom,
        long entryCount,
        long lastEntryTs) {

    /**
     * @throws NullPointerException     if {@code segmentId} or {@code sessionId} is null
     * @throws IllegalArgumentException if {@code entryCount} is less than 1
     */
    public SegmentInfo {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(sessionId, "sessionId");
        if (entryCount < 1) {
            throw new IllegalArgumentException("a segment holds at least its segment_start, not " + entryCount);
        }
    }

    /**
     * The info of a segment about to be created with {@code entries}. Stores call this first in
     * {@link SegmentStore#create}, so every store refuses the same bad input the same way.
     *
     * @throws IllegalArgumentException if {@code entries} is empty or does not open with a
     *                                  {@code segment_start}
     * @throws NullPointerException     if an argument is or holds null
     */
    public static SegmentInfo ofNewSegment(SegmentId segmentId, List<? extends LogEntry> entries) {
        Objects.requireNonNull(segmentId, "segmentId");
        if (entries.isEmpty() || !(entries.get(0) instanceof LogEntry.SegmentStart start)) {
            throw new IllegalArgumentException("segment " + segmentId
                    + " must be created with a segment_start as its first entry");
        }
        return new SegmentInfo(segmentId, start.sessionId(), start.ts(), start.forkedFrom(), start.compactedFrom(),
                entries.size(), entries.get(entries.size() - 1).ts());
    }

    /**
     * This info after {@code appended} were added to the segment.
     *
     * @throws NullPointerException if {@code appended} is or holds null
     */
    public SegmentInfo withAppended(List<? extends LogEntry> appended) {
        if (appended.isEmpty()) {
            return this;
        }
        return new SegmentInfo(segmentId, sessionId, createdAt, forkedFrom, compactedFrom,
                entryCount + appended.size(), appended.get(appended.size() - 1).ts());
    }
}
