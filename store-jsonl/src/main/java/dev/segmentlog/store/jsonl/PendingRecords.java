package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The file {@code DIR/.pending}: one {@value #RECORD_SIZE}-byte record per stripe, read and written
 * only by whoever holds the stripe (see {@link DirectoryLocks}).
 *
 * <p>The record at {@code s * }{@value #RECORD_SIZE} is part of the on-disk protocol every process
 * follows. Its first bytes are stripe {@code s}'s <em>pending write</em>: written before a write of
 * several lines, cleared after it, so that whoever holds the stripe after a crash can tell an
 * unfinished batch from committed lines. It holds a magic number ({@code "SLPW"} for a log in a
 * session directory, {@code "SLPF"} for one in the flat layout, so that a process that knows only the
 * first never takes the second for a file of its own; 0 when nothing is pending), the segment id,
 * the session id (zero in the flat layout), and the start and end offsets of the write. Its last 8
 * bytes (offset {@value #REPLACEMENTS_OFFSET}) count the stripe's <em>replacements</em>: a writer
 * that is about to delete or create a segment file of the stripe adds one first, so whoever reads the
 * record holding the stripe knows that while the count is what it last saw, every segment path of the
 * stripe still names the file it named then (an open channel on it can be checked with {@code fstat}
 * instead of a {@code stat} of the path).
 *
 * <p>A writable store maps the whole file into memory (extending it to its full size,
 * {@value #FILE_SIZE} bytes, the first time), so reading a record on every write and writing one
 * around a batch are memory accesses instead of system calls. The mapping is shared with the file:
 * what one process stores is what every other process reads, through its own mapping or a
 * {@code read}, and it is in the file even if the process is killed the next instant. A pending write
 * is stored with its magic number last, so a process that dies while recording it leaves no record;
 * with {@link Durability#FSYNC} the record is forced to disk ({@code msync}) before the batch is
 * written. The mapping outlives {@link #close} until the garbage collector frees it (the JDK has no
 * way to unmap a file), which matters only where a mapped file cannot be deleted, such as Windows.
 *
 * <p>A read-only store ({@link #forReading}) never creates, extends or maps the file: it reads a
 * record with one {@code pread}, once a writer made the file.
 */
final class PendingRecords {
    static final int RECORD_SIZE = 64;
    static final int REPLACEMENTS_OFFSET = RECORD_SIZE - Long.BYTES;
    static final int FILE_SIZE = DirectoryLocks.STRIPES * RECORD_SIZE;
    private static final int MAGIC = 0x534c5057; // "SLPW": a pending write to DIR/{session}/{segment}.jsonl
    private static final int MAGIC_FLAT = 0x534c5046; // "SLPF": a pending write to DIR/{segment}.jsonl
    private static final int SEGMENT_OFFSET = Integer.BYTES;
    private static final int SESSION_OFFSET = SEGMENT_OFFSET + 2 * Long.BYTES;
    private static final int START_OFFSET = SESSION_OFFSET + 2 * Long.BYTES;
    private static final int END_OFFSET = START_OFFSET + Long.BYTES;

    /** The whole file, for a writable store; null for a read-only one. */
    private final MappedByteBuffer mapped;
    /** For a read-only store: the file, read with {@code pread}. */
    private final Path file;
    private FileChannel channel; // guarded by this; null while a read-only store has not found the file
    private boolean closed; // guarded by this

    private PendingRecords(MappedByteBuffer mapped, Path file) {
        this.mapped = mapped;
        this.file = file;
    }

    /** The records of {@code realDir} for a writable store: the file created when missing, and mapped. */
    static PendingRecords open(Path realDir) throws IOException {
        try (FileChannel channel = FileChannel.open(realDir.resolve(".pending"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Extends a shorter file with zeros (ftruncate to the full size, which never cuts a record:
            // no process writes past it), so the mapping covers every stripe's record.
            return new PendingRecords(channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_SIZE), null);
        }
    }

    /** The records of {@code realDir} for a read-only store: the file is never created. */
    static PendingRecords forReading(Path realDir) throws IOException {
        PendingRecords records = new PendingRecords(null, realDir.resolve(".pending"));
        synchronized (records) {
            records.channel = records.openForReading();
        }
        return records;
    }

    /** The pending write recorded for {@code stripe}, or null. */
    PendingWrite pending(int stripe) throws IOException {
        if (mapped != null) {
            return parse(mapped, stripe * RECORD_SIZE);
        }
        ByteBuffer record = ByteBuffer.allocate(RECORD_SIZE);
        FileChannel records = channel();
        if (records == null) {
            return null;
        }
        long position = (long) stripe * RECORD_SIZE;
        while (record.hasRemaining()) {
            if (records.read(record, position + record.position()) < 0) {
                return null; // the file was never extended to this record: nothing pending
            }
        }
        return parse(record, 0);
    }

    private static PendingWrite parse(ByteBuffer records, int base) {
        int magic = records.getInt(base);
        if (magic != MAGIC && magic != MAGIC_FLAT) {
            return null;
        }
        SegmentId segment = new SegmentId(new UUID(records.getLong(base + SEGMENT_OFFSET),
                records.getLong(base + SEGMENT_OFFSET + Long.BYTES)));
        SegmentFile segmentFile = magic == MAGIC_FLAT ? SegmentFile.flat(segment)
                : SegmentFile.inSession(new SessionId(new UUID(records.getLong(base + SESSION_OFFSET),
                        records.getLong(base + SESSION_OFFSET + Long.BYTES))), segment);
        return new PendingWrite(segmentFile, records.getLong(base + START_OFFSET), records.getLong(base + END_OFFSET));
    }

    /** The replacement count of {@code stripe}. Only a writable store keeps channels that need it. */
    long replacements(int stripe) {
        return writable().getLong(stripe * RECORD_SIZE + REPLACEMENTS_OFFSET);
    }

    /** Sets the replacement count of {@code stripe}, leaving its pending write as it is. */
    void writeReplacements(int stripe, long replacements) {
        writable().putLong(stripe * RECORD_SIZE + REPLACEMENTS_OFFSET, replacements);
    }

    /** Records a pending write of {@code stripe}, its magic number last; forced to disk when {@code durable}. */
    void begin(int stripe, PendingWrite write, boolean durable) {
        MappedByteBuffer records = writable();
        int base = stripe * RECORD_SIZE;
        SegmentFile segmentFile = write.file();
        UUID session = segmentFile.sessionDirectory().map(SessionId::value).orElse(new UUID(0, 0));
        records.putLong(base + SEGMENT_OFFSET, segmentFile.segment().value().getMostSignificantBits())
                .putLong(base + SEGMENT_OFFSET + Long.BYTES, segmentFile.segment().value().getLeastSignificantBits())
                .putLong(base + SESSION_OFFSET, session.getMostSignificantBits())
                .putLong(base + SESSION_OFFSET + Long.BYTES, session.getLeastSignificantBits())
                .putLong(base + START_OFFSET, write.start())
                .putLong(base + END_OFFSET, write.end())
                .putInt(base, segmentFile.isFlat() ? MAGIC_FLAT : MAGIC);
        if (durable) {
            records.force(base, RECORD_SIZE);
        }
    }

    /** Clears the pending write of {@code stripe}, its magic number first, keeping its replacement count. */
    void clear(int stripe) {
        MappedByteBuffer records = writable();
        int base = stripe * RECORD_SIZE;
        records.putInt(base, 0);
        for (int offset = SEGMENT_OFFSET; offset < REPLACEMENTS_OFFSET; offset += Integer.BYTES) {
            records.putInt(base + offset, 0);
        }
    }

    /** Closes the file of a read-only store; later reads fail. A writable store's mapping needs no closing. */
    synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    private MappedByteBuffer writable() {
        if (mapped == null) {
            throw new IllegalStateException("a read-only store writes no record"); // the store refuses writes first
        }
        return mapped;
    }

    /** The channel on the file of a read-only store; null while the file does not exist. */
    private synchronized FileChannel channel() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (channel == null || !channel.isOpen()) {
            // not there yet when last looked, or an interrupt closed it (it holds no lock, so reopening is safe)
            channel = openForReading();
        }
        return channel;
    }

    private FileChannel openForReading() throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null; // no writer ever opened the directory: nothing is pending
        }
    }
}
