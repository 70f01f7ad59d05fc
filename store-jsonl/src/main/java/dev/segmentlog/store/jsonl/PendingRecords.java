package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * first never takes the second for a file of its own), the segment id, the session id (zero in the
 * flat layout), and the start and end offsets of the write. Its last 8 bytes (offset
 * {@value #REPLACEMENTS_OFFSET}) count the stripe's <em>replacements</em>: a writer that is about to
 * delete or create a segment file of the stripe adds one first, so whoever reads the record holding
 * the stripe knows that while the count is what it last saw, every segment path of the stripe still
 * names the file it named then (an open channel on it can be checked with {@code fstat} instead of a
 * {@code stat} of the path).
 *
 * <p>A read-only store's records ({@link #forReading}) never create the file and read it only once a
 * writer made it.
 */
final class PendingRecords {
    static final int RECORD_SIZE = 64;
    static final int REPLACEMENTS_OFFSET = RECORD_SIZE - Long.BYTES;
    private static final int MAGIC = 0x534c5057; // "SLPW": a pending write to DIR/{session}/{segment}.jsonl
    private static final int MAGIC_FLAT = 0x534c5046; // "SLPF": a pending write to DIR/{segment}.jsonl

    private final Path file;
    private final boolean readOnly;
    private FileChannel channel; // guarded by this; null while a read-only store has not found the file
    private boolean closed; // guarded by this

    private PendingRecords(Path file, boolean readOnly) throws IOException {
        this.file = file;
        this.readOnly = readOnly;
        this.channel = open();
    }

    /** The records of {@code realDir}, creating the file when missing. */
    static PendingRecords open(Path realDir) throws IOException {
        return new PendingRecords(realDir.resolve(".pending"), false);
    }

    /** The records of {@code realDir} for a read-only store: the file is never created. */
    static PendingRecords forReading(Path realDir) throws IOException {
        return new PendingRecords(realDir.resolve(".pending"), true);
    }

    /**
     * What the record of a stripe says.
     *
     * @param pending      the pending write, or null
     * @param replacements the stripe's replacement count
     */
    record Record(PendingWrite pending, long replacements) {}

    private static final Record NOTHING = new Record(null, 0);

    /** The record of {@code stripe}. */
    Record read(int stripe) throws IOException {
        FileChannel records = channel();
        if (records == null) {
            return NOTHING;
        }
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_SIZE);
        long position = (long) stripe * RECORD_SIZE;
        while (buffer.hasRemaining()) {
            if (records.read(buffer, position + buffer.position()) < 0) {
                return NOTHING; // the file was never extended to this record: nothing pending, nothing replaced
            }
        }
        buffer.flip();
        long replacements = buffer.getLong(REPLACEMENTS_OFFSET);
        int magic = buffer.getInt();
        if (magic != MAGIC && magic != MAGIC_FLAT) {
            return new Record(null, replacements);
        }
        SegmentId segment = new SegmentId(new UUID(buffer.getLong(), buffer.getLong()));
        UUID session = new UUID(buffer.getLong(), buffer.getLong());
        SegmentFile segmentFile = magic == MAGIC_FLAT ? SegmentFile.flat(segment)
                : SegmentFile.inSession(new SessionId(session), segment);
        return new Record(new PendingWrite(segmentFile, buffer.getLong(), buffer.getLong()), replacements);
    }

    /** Sets the replacement count of {@code stripe}, leaving its pending write as it is. */
    void writeReplacements(int stripe, long replacements) throws IOException {
        write(stripe, ByteBuffer.allocate(Long.BYTES).putLong(0, replacements), REPLACEMENTS_OFFSET);
    }

    /** Records a pending write of {@code stripe}, keeping its replacement count; forced to disk when {@code durable}. */
    void begin(int stripe, PendingWrite write, long replacements, boolean durable) throws IOException {
        SegmentFile segmentFile = write.file();
        UUID session = segmentFile.sessionDirectory().map(SessionId::value).orElse(new UUID(0, 0));
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_SIZE);
        buffer.putInt(segmentFile.isFlat() ? MAGIC_FLAT : MAGIC)
                .putLong(segmentFile.segment().value().getMostSignificantBits())
                .putLong(segmentFile.segment().value().getLeastSignificantBits())
                .putLong(session.getMostSignificantBits())
                .putLong(session.getLeastSignificantBits())
                .putLong(write.start()).putLong(write.end())
                .putLong(REPLACEMENTS_OFFSET, replacements);
        buffer.clear();
        write(stripe, buffer, 0);
        if (durable) {
            channel().force(false);
        }
    }

    /** Clears the pending write of {@code stripe}, keeping its replacement count. */
    void clear(int stripe, long replacements) throws IOException {
        write(stripe, ByteBuffer.allocate(RECORD_SIZE).putLong(REPLACEMENTS_OFFSET, replacements), 0);
    }

    private void write(int stripe, ByteBuffer buffer, int offset) throws IOException {
        long position = (long) stripe * RECORD_SIZE + offset;
        FileChannel records = channel();
        while (buffer.hasRemaining()) {
            records.write(buffer, position + buffer.position());
        }
    }

    /** Closes the file; later reads and writes fail. */
    synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    /** The channel on the file; null for a read-only store while the file does not exist. */
    private synchronized FileChannel channel() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (channel == null || !channel.isOpen()) {
            // an interrupt closed it (it holds no lock, so reopening is safe), or a read-only store looks again
            channel = open();
        }
        return channel;
    }

    private FileChannel open() throws IOException {
        if (!readOnly) {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null; // no writer ever opened the directory: nothing is pending
        }
    }
}
