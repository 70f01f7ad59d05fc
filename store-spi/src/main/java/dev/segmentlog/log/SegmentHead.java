package dev.segmentlog.log;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import java.util.Objects;

/**
 * The segment a caller writes and how far it reaches as far as that caller knows: how many
 * entries it holds and, for a hash-chained segment, the hash of the last one.
 *
 * @param segmentId      the segment
 * @param entriesWritten the entries it holds, as the caller wrote them
 * @param headHash       nullable: the last entry's hash; null when the segment is not chained
 */
public record SegmentHead(SegmentId segmentId, long entriesWritten, EntryHash headHash) {

    /**
     * @throws NullPointerException     if {@code segmentId} is null
     * @throws IllegalArgumentException if {@code entriesWritten} is negative
     */
    public SegmentHead {
        Objects.requireNonNull(segmentId, "segmentId");
        if (entriesWritten < 0) {
            throw new IllegalArgumentException("entriesWritten must not be negative: " + entriesWritten);
        }
    }

    /** The head of a segment that is not chained. */
    public SegmentHead(SegmentId segmentId, long entriesWritten) {
        this(segmentId, entriesWritten, null);
    }
}
