package dev.segmentlog.core;

import java.util.Objects;

/**
 * Where a forked or compacted segment comes from: the source segment and the turn it was cut at.
 *
 * @param segmentId   the source segment
 * @param atTurnIndex the state of the source after its {@code turn_end} with this turn count;
 *                    0 means right after its {@code segment_start}
 */
public record SegmentOrigin(SegmentId segmentId, int atTurnIndex) {

    /**
     * @throws NullPointerException if {@code segmentId} is null
     * @throws IllegalArgumentException if {@code atTurnIndex} is negative
     */
    public SegmentOrigin {
        Objects.requireNonNull(segmentId, "segmentId");
        if (atTurnIndex < 0) {
            throw new IllegalArgumentException("at_turn_index must not be negative: " + atTurnIndex);
        }
    }
}
