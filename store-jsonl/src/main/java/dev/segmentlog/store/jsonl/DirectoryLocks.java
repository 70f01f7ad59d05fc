package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of one store directory: byte ranges of the file {@code DIR/.lock}, locked across
 * processes with {@link FileLock}s, each behind an in-JVM lock; and, for whoever holds a stripe, its
 * record in {@code DIR/.pending} ({@link PendingRecords}).
 *
 * <p>One instance per directory per JVM, shared by every store open on that directory, because a
 * {@link FileLock} belongs to the whole JVM: a second lock on an overlapping range from the same JVM
 * throws {@code OverlappingFileLockException} instead of waiting, and on POSIX systems closing
 * <em>any</em> channel to a file drops every lock the process holds on it. So {@code .lock} is
 * opened through one channel only and nothing else ever opens it; the in-JVM locks decide which
 * thread may ask the OS for a range. That channel is an {@link AsynchronousFileChannel} used only
 * through its synchronous {@code tryLock}, because an interrupt that lands in an operation of a
 * {@link FileChannel} closes the channel, which would silently drop the locks of every other thread.
 *
 * <p>A read-only store gets an instance of its own ({@link #forReading}) that takes only the in-JVM
 * locks, creates neither file, and reads {@code .pending} only if a writer made it; its stripes
 * hold nothing across processes (see the package overview for what such a reader may see).
 *
 * <p>The on-disk protocol every process that opens the store follows: in {@code .lock}, byte 0 is
 * the directory range (create, delete) and byte {@code 1 + s} the range of stripe {@code s}, one
 * of {@value #STRIPES}; a segment's stripe is a fixed function of its id ({@link #stripeOf}).
 * Holding a stripe guards every segment of it, and its record in {@code .pending}.
 */
final class DirectoryLocks {
    static final int STRIPES = 256;
    private static final long MAX_BACKOFF_NANOS = 1_000_000;

    // JVM-wide on purpose, see the class comment. Keyed by the directory's file key (its identity),
    // or its real path where the platform has no file keys. Guarded by itself.
    private static final Map<Object, DirectoryLocks> OPEN = new HashMap<>();

    private final Object key;
    private final ReentrantLock directoryLock = new ReentrantLock();
    private final ReentrantLock[] stripeLocks = new ReentrantLock[STRIPES];
    /** Null for a read-only store: it takes no lock across processes. */
    private final AsynchronousFileChannel lockChannel;
    private final PendingRecords records;
    /** Each stripe's handle, handed to whoever holds it. */
    private final Stripe[] stripes = new Stripe[STRIPES];
    private int users; // guarded by OPEN

    private DirectoryLocks(Object key, Path realDir, boolean readOnly) throws IOException {
        this.key = key;
        for (int i = 0; i < STRIPES; i++) {
            stripeLocks[i] = new ReentrantLock();
            stripes[i] = new Stripe(i);
        }
        if (readOnly) {
            this.lockChannel = null;
            this.records = PendingRecords.forReading(realDir);
            return;
        }
        this.lockChannel = AsynchronousFileChannel.open(realDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            this.records = PendingRecords.open(realDir);
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** The locks of {@code realDir} (a real path), shared with the other stores of this JVM on it. */
    static DirectoryLocks acquire(Path realDir) throws IOException {
        Object fileKey = Files.readAttributes(realDir, BasicFileAttributes.class).fileKey();
        Object key = fileKey != null ? fileKey : realDir;
        synchronized (OPEN) {
            DirectoryLocks locks = OPEN.get(key);
            if (locks == null) {
                locks = new DirectoryLocks(key, realDir, false);
                OPEN.put(key, locks);
            }
            locks.users++;
            return locks;
        }
    }

    /**
     * The locks of a read-only store on {@code realDir}: its own instance, not shared (it holds no
     * {@link FileLock}, so nothing of it is JVM-wide), which creates no file.
     */
    static DirectoryLocks forReading(Path realDir) throws IOException {
        return new DirectoryLocks(realDir, realDir, true);
    }

    /** Gives back what {@link #acquire} or {@link #forReading} gave; the last user closes the files. */
    void release() throws IOException {
        if (lockChannel == null) {
            records.close();
            return;
        }
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(key);
            try {
                records.close();
            } finally {
                lockChannel.close();
            }
        }
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
        try (FileLock ignored = lockRange(0, false)) {
            return action.run();
        } finally {
            directoryLock.unlock();
        }
    }

    /**
     * Runs {@code action} holding the stripe of {@code segment}: exclusively for writers; for
     * readers shared across processes (readers of this JVM still take turns, see class comment).
     * A read-only store holds it in this JVM only.
     */
    <T> T withStripe(SegmentId segment, boolean exclusive, StripeAction<T> action) throws IOException {
        int stripe = stripeOf(segment);
        ReentrantLock local = stripeLocks[stripe];
        local.lock();
        try (FileLock ignored = lockRange(1 + stripe, !exclusive)) {
            return action.run(stripes[stripe]);
        } finally {
            local.unlock();
        }
    }

    /**
     * Locks one byte of {@code .lock}, waiting while another process holds it; null (nothing to
     * unlock) for a read-only store. {@code tryLock} of an asynchronous channel is synchronous and
     * does not react to interrupts; the wait backs off up to a millisecond, which only happens when
     * processes contend.
     */
    private FileLock lockRange(long position, boolean shared) throws IOException {
        if (lockChannel == null) {
            return null;
        }
        for (int attempt = 0; ; attempt++) {
            FileLock lock = lockChannel.tryLock(position, 1, shared);
            if (lock != null) {
                return lock;
            }
            backOff(attempt);
        }
    }

    /**
     * Waits a little before attempt {@code attempt + 1} at something another process holds up: spins
     * at first, then parks for longer and longer, up to a millisecond.
     */
    static void backOff(int attempt) {
        if (attempt < 16) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(Math.min(MAX_BACKOFF_NANOS, 1_000L << Math.min(attempt - 16, 10)));
        }
    }

    /**
     * The stripe a caller holds, with its record in {@code .pending}: what it says and writes is
     * meaningful only while the stripe is held.
     */
    final class Stripe {
        private final int index;

        private Stripe(int index) {
            this.index = index;
        }

        /** The pending write recorded for this stripe, or null. */
        PendingWrite pending() throws IOException {
            return records.pending(index);
        }

        /**
         * How many times a segment file of this stripe was deleted or created, by any process: while
         * it stays the same, each segment path of the stripe names the same file.
         */
        long replacements() {
            return records.replacements(index);
        }

        /**
         * Counts a replacement, before the caller deletes or creates a segment file of this stripe
         * (so a process that dies in between leaves the count raised, which only costs others a
         * {@code stat}).
         */
        void replacing() {
            records.writeReplacements(index, records.replacements(index) + 1);
        }

        /** Records a pending write; forced to disk when {@code durable}. */
        void begin(PendingWrite write, boolean durable) {
            records.begin(index, write, durable);
        }

        /** Clears the pending write (the replacement count stays). */
        void clear() {
            records.clear(index);
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
