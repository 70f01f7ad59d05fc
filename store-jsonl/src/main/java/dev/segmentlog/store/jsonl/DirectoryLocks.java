package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of one store directory: the file {@code DIR/.lock}, whose byte ranges are locked with
 * {@link FileChannel#lock(long, long, boolean)} across processes, plus one in-JVM lock per range.
 *
 * <p>One instance per directory per JVM, shared by every store open on that directory, because a
 * {@link FileLock} belongs to the whole JVM: a second lock on an overlapping range from the same JVM
 * throws {@code OverlappingFileLockException} instead of waiting, and on POSIX systems closing
 * <em>any</em> channel to a file drops every lock the process holds on it. So the lock file is
 * opened through one channel only, nothing else ever opens it, and the in-JVM locks decide which
 * thread may ask the OS for a range.
 *
 * <p>Layout of {@code .lock} (an on-disk protocol shared by every process that opens the store):
 * byte 0 is the directory range (create, delete); at {@value #RECORDS_OFFSET} start
 * {@value #STRIPES} records of {@value #RECORD_SIZE} bytes, one per stripe of segments. A segment's
 * stripe is a fixed function of its id ({@link #stripeOf}). Locking a stripe's record range guards
 * every segment of the stripe; the record itself holds the stripe's <em>pending write</em>: written
 * before a multi-line write, cleared after it, so that whoever takes the stripe after a crash can
 * tell an unfinished batch from committed lines.
 */
final class DirectoryLocks {
    static final int STRIPES = 256;
    static final long RECORDS_OFFSET = 4096;
    static final int RECORD_SIZE = 64;
    private static final int MAGIC = 0x534c5057; // "SLPW"

    // JVM-wide on purpose, see the class comment. Guarded by itself.
    private static final Map<Path, DirectoryLocks> OPEN = new HashMap<>();

    private final Path lockFile;
    private final ReentrantLock directoryLock = new ReentrantLock();
    private final ReentrantLock[] stripeLocks = new ReentrantLock[STRIPES];
    private FileChannel channel; // guarded by this
    private boolean released; // guarded by this
    private int users; // guarded by OPEN

    private DirectoryLocks(Path lockFile) throws IOException {
        this.lockFile = lockFile;
        for (int i = 0; i < STRIPES; i++) {
            stripeLocks[i] = new ReentrantLock();
        }
        this.channel = openChannel();
    }

    /** The locks of {@code realDir} (a real path), shared with the other stores of this JVM on it. */
    static DirectoryLocks acquire(Path realDir) throws IOException {
        synchronized (OPEN) {
            DirectoryLocks locks = OPEN.get(realDir);
            if (locks == null) {
                locks = new DirectoryLocks(realDir.resolve(".lock"));
                OPEN.put(realDir, locks);
            }
            locks.users++;
            return locks;
        }
    }

    /** Gives back what {@link #acquire} gave; the last user closes the lock file. */
    void release(Path realDir) throws IOException {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(realDir);
            synchronized (this) {
                released = true;
                channel.close();
            }
        }
    }

    Path lockFile() {
        return lockFile;
    }

    /** The stripe of a segment. Part of the on-disk protocol: every process must compute the same. */
    static int stripeOf(SegmentId segment) {
        UUID id = segment.value();
        long mixed = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
        mixed ^= mixed >>> 32;
        mixed ^= mixed >>> 16;
        return (int) Math.floorMod(mixed, (long) STRIPES);
    }

    /** Runs {@code action} holding the directory lock (in this JVM and across processes). */
    <T> T withDirectory(IoAction<T> action) throws IOException {
        directoryLock.lock();
        try (FileLock ignored = lockRange(0, 1, false)) {
            return action.run();
        } finally {
            directoryLock.unlock();
        }
    }

    /**
     * Runs {@code action} holding the stripe of {@code segment}: exclusively for writers; for
     * readers shared across processes (readers of this JVM still take turns, see class comment).
     */
    <T> T withStripe(SegmentId segment, boolean exclusive, StripeAction<T> action) throws IOException {
        int stripe = stripeOf(segment);
        ReentrantLock local = stripeLocks[stripe];
        local.lock();
        try (FileLock ignored = lockRange(recordOffset(stripe), RECORD_SIZE, !exclusive)) {
            return action.run(new Stripe(stripe));
        } finally {
            local.unlock();
        }
    }

    private FileLock lockRange(long position, long size, boolean shared) throws IOException {
        try {
            return channel().lock(position, size, shared);
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (AsynchronousCloseException e) {
            // Another thread was interrupted inside an operation on the shared channel, which closed
            // it; open it again and retry once.
            return channel().lock(position, size, shared);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (released) {
            throw new ClosedChannelException();
        }
        if (!channel.isOpen()) {
            channel = openChannel();
        }
        return channel;
    }

    private FileChannel openChannel() throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private static long recordOffset(int stripe) {
        return RECORDS_OFFSET + (long) stripe * RECORD_SIZE;
    }

    /** A write of several lines that had begun: {@code [start, end)} of the segment's file. */
    record PendingWrite(SegmentId segment, SessionId session, long start, long end) {}

    /** The stripe a caller holds: its pending-write record. */
    final class Stripe {
        private final int index;

        private Stripe(int index) {
            this.index = index;
        }

        /** The pending write recorded for this stripe, or null. */
        PendingWrite pending() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(RECORD_SIZE);
            long position = recordOffset(index);
            FileChannel ch = channel();
            while (buffer.hasRemaining()) {
                int read = ch.read(buffer, position + buffer.position());
                if (read < 0) {
                    return null; // the file was never extended to this record: nothing pending
                }
            }
            buffer.flip();
            if (buffer.getInt() != MAGIC) {
                return null;
            }
            SegmentId segment = new SegmentId(new UUID(buffer.getLong(), buffer.getLong()));
            SessionId session = new SessionId(new UUID(buffer.getLong(), buffer.getLong()));
            return new PendingWrite(segment, session, buffer.getLong(), buffer.getLong());
        }

        /** Records a pending write; forced to disk when {@code durable}. */
        void begin(PendingWrite write, boolean durable) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(RECORD_SIZE);
            buffer.putInt(MAGIC)
                    .putLong(write.segment().value().getMostSignificantBits())
                    .putLong(write.segment().value().getLeastSignificantBits())
                    .putLong(write.session().value().getMostSignificantBits())
                    .putLong(write.session().value().getLeastSignificantBits())
                    .putLong(write.start()).putLong(write.end());
            buffer.clear();
            put(buffer);
            if (durable) {
                channel().force(false);
            }
        }

        /** Clears the pending write. */
        void clear() throws IOException {
            put(ByteBuffer.allocate(RECORD_SIZE));
        }

        private void put(ByteBuffer buffer) throws IOException {
            long position = recordOffset(index);
            FileChannel ch = channel();
            while (buffer.hasRemaining()) {
                ch.write(buffer, position + buffer.position());
            }
        }
    }

    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    interface StripeAction<T> {
        T run(Stripe stripe) throws IOException;
    }
}
