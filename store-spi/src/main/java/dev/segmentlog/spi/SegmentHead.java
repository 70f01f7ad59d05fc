package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import java.util.Objects;

/**
 * The segment a caller writes and how many entries it holds as far as that caller knows.
 *
 * @param segmentId      the segment
 * @param entriesWritten the entries it holds, as the caller wrote them
 */
public record SegmentHead(SegmentId segmentId, long entriesWritten) {

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
}
