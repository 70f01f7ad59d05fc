package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trace of a segment, {@code {segment_id}.trace.jsonl} next to its log: one codec line per trace
 * entry, created with the first one. Appended holding the segment's stripe, one line per write, a torn
 * last line cut off first; read without a lock, whole lines only.
 */
final class TraceFiles {
    private final EntryCodec codec;
    private final LineWriter writer;
    private final Durability durability;

    TraceFiles(EntryCodec codec, LineWriter writer, Durability durability) {
        this.codec = codec;
        this.writer = writer;
        this.durability = durability;
    }

    /**
     * The line of {@code entry}, ended by {@code \n}.
     *
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses the entry
     */
    byte[] encode(TraceEntry entry) {
        byte[] json = codec.encodeTrace(entry);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /** Holding the segment's stripe: appends {@code line} to {@code trace}, creating it when missing. */
    void append(Path trace, byte[] line) throws IOException {
        boolean created = !Files.exists(trace);
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = Lines.committedEnd(channel, size);
            if (end < size) {
                channel.truncate(end); // a torn tail left by a crash
            }
            writer.writeLine(channel, trace, end, line);
        }
        if (created && durability == Durability.FSYNC) {
            StoreDirectory.force(trace.getParent());
        }
    }

    /**
     * The entries of {@code trace}, the trace of {@code segment}; none when it does not exist.
     *
     * @throws CorruptDataException if a line is not a trace entry, naming it
     */
    List<TraceEntry> read(Path trace, SegmentId segment) throws IOException {
        List<TraceEntry> entries = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ)) {
            Lines.forEach(channel, 0, channel.size(), 0, Long.MAX_VALUE, (index, offset, line) -> {
                try {
                    entries.add(codec.decodeTrace(line, segment, index));
                } catch (CorruptDataException e) {
                    throw new CorruptDataException(segment, index, e.reason() + " (trace entry " + (index + 1)
                            + ", the line at byte " + offset + " of " + trace + ")", e);
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return Collections.unmodifiableList(entries);
    }
}
