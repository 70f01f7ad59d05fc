package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reading entries from the committed lines of a segment file: which bytes a page covers (from the
 * {@link LineIndex}), and decoding lines with the line named when one is corrupt. Committed lines
 * never change once written, so a page is read outside the stripe from what the stripe told.
 */
final class SegmentReads {
    private SegmentReads() {}

    /** How a read turns a line into an entry: {@link EntryCodec#decode} or {@link EntryCodec#decodeHashed}. */
    @FunctionalInterface
    interface LineDecoder<T> {
        T decode(byte[] line, SegmentId segment, long position);
    }

    /**
     * What a read of committed lines covers: from offset {@code from}, a known line's start, pass over
     * {@code skip} lines, then take {@code lines} lines, all before {@code end}.
     */
    record Span(long from, long end, long skip, int lines) {

        /** Holding the segment's stripe: the span of at most {@code limit} lines from {@code position}. */
        static Span of(SegmentState state, long position, int limit) {
            if (position >= state.count) {
                return new Span(0, 0, 0, 0);
            }
            int lines = (int) Math.min(limit, state.count - position);
            if (position == state.count - 1) {
                // a tail read (what a chained writer does to find its head) starts at the last line
                return new Span(state.lastLineStart, state.committedSize, 0, lines);
            }
            long known = state.index.lineAtOrBefore(position);
            return new Span(state.index.offsetOf(known), state.committedSize, position - known, lines);
        }
    }

    /**
     * Reads and decodes the lines {@code span} covers, the first being entry {@code position}.
     *
     * @throws CorruptDataException if a line is not an entry, or a line is missing (the file changed
     *                              under the store)
     */
    static <T> List<T> readPage(SegmentState state, FileChannel channel, long position, Span span,
            LineDecoder<T> decoder) throws IOException {
        if (span.lines() == 0) {
            return List.of();
        }
        List<T> entries = new ArrayList<>(Math.min(span.lines(), 1 << 16));
        long first = position - span.skip(); // the line at span.from()
        Lines.forEach(channel, span.from(), span.end(), span.skip(), span.lines(),
                (index, offset, line) -> entries.add(decode(state, line, first + index, offset, decoder)));
        if (entries.size() < span.lines()) {
            throw new CorruptDataException(state.segment, position + entries.size(), "line "
                    + (position + entries.size() + 1) + " of " + state.file
                    + " is missing: the file changed under the store");
        }
        return Collections.unmodifiableList(entries);
    }

    /** Decodes the first entry from {@code offset} on, entry {@code position}. */
    static <T> T readLine(SegmentState state, FileChannel channel, long offset, long position,
            LineDecoder<T> decoder) throws IOException {
        List<T> found = new ArrayList<>(1);
        Lines.forEach(channel, offset, state.committedSize, 0, 1,
                (index, at, line) -> found.add(decode(state, line, position, at, decoder)));
        if (found.isEmpty()) {
            throw new CorruptDataException(state.segment, position, "line " + (position + 1) + " of " + state.file
                    + " is missing: the file changed under the store");
        }
        return found.get(0);
    }

    /** Decodes entry {@code position}, the line at {@code offset}; corrupt data names both and the file. */
    private static <T> T decode(SegmentState state, byte[] line, long position, long offset, LineDecoder<T> decoder) {
        try {
            return decoder.decode(line, state.segment, position);
        } catch (CorruptDataException e) {
            // with blank lines in the file, an entry's line number is not its position + 1
            String where = state.blankLines ? "the line at byte " + offset : "line " + (position + 1);
            throw new CorruptDataException(state.segment, position, e.reason() + " (" + where + " of " + state.file
                    + ")", e);
        }
    }
}
