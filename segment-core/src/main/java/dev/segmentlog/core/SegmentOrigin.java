package dev.segmentlog.core;

import java.util.Objects;

/**
 * Where a forked or compacted segment comes from: the source segment and where it was cut.
 *
 * @param segmentId   the source segment
 * @param atTurnIndex the source's turn count at the cut: the state after its {@code turn_end} with
 *                    this count; 0 means right after its {@code segment_start}
 * @param atEntry     nullable: when the cut is at an entry rather than a turn boundary, how many
 *                    entries of the source it keeps
 * @param atHash      nullable: the source's head hash at the cut (a chained source), so the fork
 *                    proves which exact history it came from
 * @param unknown     members this version does not know
 */
public record SegmentOrigin(SegmentId segmentId, int atTurnIndex, Long atEntry, EntryHash atHash,
                            UnknownFields unknown) {

    /**
     * @throws NullPointerException     if {@code segmentId} or {@code unknown} is null
     * @throws IllegalArgumentException if {@code atTurnIndex} is negative or {@code atEntry} is less than 1
     */
    public SegmentOrigin {
        Objects.requireNonNull(segmentId, "segmentId");
        if (atTurnIndex < 0) {
            throw new IllegalArgumentException("at_turn_index must not be negative: " + atTurnIndex);
        }
        if (atEntry != null && atEntry < 1) {
            throw new IllegalArgumentException("at_entry keeps at least the segment_start: " + atEntry);
        }
        Objects.requireNonNull(unknown, "unknown");
    }

    /** An origin without unknown members. */
    public SegmentOrigin(SegmentId segmentId, int atTurnIndex, Long atEntry, EntryHash atHash) {
        this(segmentId, atTurnIndex, atEntry, atHash, UnknownFields.NONE);
    }

    /** A cut at a turn boundary, without a hash. */
    public SegmentOrigin(SegmentId segmentId, int atTurnIndex) {
        this(segmentId, atTurnIndex, null, null, UnknownFields.NONE);
    }

    /** This origin with the source's head hash at the cut. */
    public SegmentOrigin withHash(EntryHash hash) {
        return new SegmentOrigin(segmentId, atTurnIndex, atEntry, hash, unknown);
    }
}
