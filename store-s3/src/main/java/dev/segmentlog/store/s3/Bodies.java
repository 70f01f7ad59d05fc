package dev.segmentlog.store.s3;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The bodies of the store's objects: one codec line per entry, newline-terminated, chain fields on the
 * line when the entry has them (an entry without is exactly its plain line). The one encoder and the one
 * decoder of commits, packs and traces.
 */
final class Bodies {
    private final EntryCodec codec = EntryCodec.standard();

    /**
     * Entries encoded as the body of one object.
     *
     * @param lastTs the ts of the last entry; {@code Long.MIN_VALUE} for an empty batch
     */
    record Batch(byte[] body, int size, long lastTs) {}

    /**
     * @throws NullPointerException                     if {@code entries} is or holds null
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec
     */
    Batch encode(List<StoredEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, entries.size()));
        for (StoredEntry entry : entries) {
            out.writeBytes(codec.encode(Objects.requireNonNull(entry, "entry")));
            out.write('\n');
        }
        long lastTs = entries.isEmpty() ? Long.MIN_VALUE : entries.get(entries.size() - 1).entry().ts();
        return new Batch(out.toByteArray(), entries.size(), lastTs);
    }

    /** @throws dev.segmentlog.spi.InvalidEntryException if the entry is refused by the codec */
    byte[] encodeTrace(TraceEntry entry) {
        byte[] line = codec.encodeTrace(entry);
        byte[] body = Arrays.copyOf(line, line.length + 1);
        body[line.length] = '\n';
        return body;
    }

    /**
     * Every line of an object holding entries from {@code start} on, with its chain fields (null when it
     * has none). A {@code prev_hash} equal to the previous line's {@code hash} shares that instance, so a
     * chained entry costs one hash in memory, not two.
     *
     * @throws CorruptDataException if the body is not well-formed lines of valid entries
     */
    List<StoredEntry> decodeEntries(SegmentId segment, long start, byte[] body, String key) {
        List<StoredEntry> entries = new ArrayList<>();
        forEachLine(segment, start, body, key, (line, position) -> {
            StoredEntry entry = codec.decodeHashed(line, segment, position);
            if (!entries.isEmpty() && entry.prevHash() != null) {
                EntryHash previous = entries.get(entries.size() - 1).hash();
                if (entry.prevHash().equals(previous) && entry.prevHash() != previous) {
                    entry = new StoredEntry(entry.entry(), previous, entry.hash());
                }
            }
            entries.add(entry);
        });
        return Collections.unmodifiableList(entries);
    }

    /** @throws CorruptDataException if the body is not well-formed lines of valid trace entries */
    List<TraceEntry> decodeTraces(SegmentId segment, long start, byte[] body, String key) {
        List<TraceEntry> entries = new ArrayList<>();
        forEachLine(segment, start, body, key, (line, at) -> entries.add(codec.decodeTrace(line, segment, at)));
        return Collections.unmodifiableList(entries);
    }

    private interface LineConsumer {
        void accept(byte[] line, long position);
    }

    private static void forEachLine(SegmentId segment, long start, byte[] body, String key, LineConsumer consumer) {
        long position = start;
        int from = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                if (i == from) {
                    throw new CorruptDataException(segment, position, "empty line in object " + key);
                }
                consumer.accept(Arrays.copyOfRange(body, from, i), position++);
                from = i + 1;
            }
        }
        if (from < body.length) {
            throw new CorruptDataException(segment, position, "object " + key + " ends without a newline");
        }
        if (position == start) {
            throw new CorruptDataException(segment, start, "object " + key + " is empty");
        }
    }
}
