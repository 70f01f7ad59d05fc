package dev.segmentlog.store.jsonl;

import java.util.Arrays;

/**
 * Where every {@value #STRIDE}th entry of a segment file starts (the entries being its committed
 * lines that are not blank, see {@link Lines}), so that a read from any position seeks to the
 * nearest such entry at or before it and passes over fewer than {@value #STRIDE} entries (and the
 * blank lines among them), instead of every line before the position. A committed line never moves
 * (files only grow, and only bytes past the last committed line are ever cut off), so an offset once
 * recorded stays true until the file is replaced, when the {@link SegmentState} holding the index is
 * {@linkplain SegmentState#reset reset}. Memory: one {@code long} per {@value #STRIDE} entries, none
 * for a segment shorter than that. Guarded, like its state, by the segment's stripe.
 */
final class LineIndex {
    /** A power of two: at 1 KB a line, a read passes over at most 256 KB to reach its position. */
    static final int STRIDE = 256;
    private static final long[] NONE = new long[0];

    /** {@code offsets[k]} is where entry {@code (k + 1) * STRIDE} starts; reading for entry 0 starts at 0. */
    private long[] offsets = NONE;
    private int size;

    /**
     * Records that entry {@code line} starts at {@code offset}. Every entry is offered once, in
     * order, as the count grows; only the next multiple of {@link #STRIDE} is kept, so an index
     * that somehow missed one stays correct, only sparser.
     */
    void committed(long line, long offset) {
        if (line == (size + 1L) * STRIDE) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(4, size * 2));
            }
            offsets[size++] = offset;
        }
    }

    /** The nearest entry at or before {@code position} whose start is recorded. */
    long lineAtOrBefore(long position) {
        return Math.min(position / STRIDE, size) * STRIDE;
    }

    /** Where to read from for {@code line}, an entry {@link #lineAtOrBefore} returned. */
    long offsetOf(long line) {
        return line == 0 ? 0 : offsets[(int) (line / STRIDE) - 1];
    }

    /** Forgets every offset: the file was replaced. */
    void clear() {
        offsets = NONE;
        size = 0;
    }
}
