package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.List;
import java.util.Objects;

/**
 * The lines of a batch, each ended by {@code \n}, in one array written with one write, and what the
 * count cache learns from them so that nothing written has to be read back.
 *
 * @param bytes      the lines
 * @param lineStarts where each line starts in {@code bytes}
 * @param lastTs     the last entry's ts; meaningless when there are no lines
 * @param lastHash   nullable: the last entry's hash
 */
record EncodedLines(byte[] bytes, int[] lineStarts, long lastTs, EntryHash lastHash) {

    int lines() {
        return lineStarts.length;
    }

    /**
     * Encodes a batch, each entry once: an entry without chain fields is exactly
     * {@link EntryCodec#encode(LogEntry)}'s line, a chained one has them last.
     *
     * @throws NullPointerException  if {@code entries} is or holds null (checked before any encoding)
     * @throws InvalidEntryException if the codec refuses an entry
     */
    static EncodedLines encode(EntryCodec codec, List<StoredEntry> entries) {
        for (StoredEntry entry : entries) {
            Objects.requireNonNull(entry, "entries holds null");
        }
        byte[][] lines = new byte[entries.size()][];
        int total = 0;
        for (int i = 0; i < lines.length; i++) {
            lines[i] = codec.encode(entries.get(i));
            total = Math.addExact(total, lines[i].length + 1);
        }
        byte[] bytes = new byte[total];
        int[] lineStarts = new int[lines.length];
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            lineStarts[i] = offset;
            System.arraycopy(lines[i], 0, bytes, offset, lines[i].length);
            offset += lines[i].length;
            bytes[offset++] = '\n';
        }
        StoredEntry last = lines.length == 0 ? null : entries.get(lines.length - 1);
        return new EncodedLines(bytes, lineStarts, last == null ? SegmentState.UNKNOWN_TS : last.entry().ts(),
                last == null ? null : last.hash());
    }
}
