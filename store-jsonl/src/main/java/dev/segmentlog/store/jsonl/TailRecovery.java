package dev.segmentlog.store.jsonl;

import dev.segmentlog.store.jsonl.DirectoryLocks.Stripe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a crash leaves at the end of a segment file, and cutting it back (see "What a crash leaves" in
 * the package overview): a torn last line, without its {@code \n}, and the bytes of a batch whose
 * writer died before it cleared its stripe's pending write. Readers never count either
 * ({@link #countableEnd}); the next writer of the stripe cuts the batch back ({@link #recover}) and a
 * torn line off (before it writes at the end of the committed lines).
 */
final class TailRecovery {
    private final Path directory;
    private final Durability durability;

    TailRecovery(Path directory, Durability durability) {
        this.directory = directory;
        this.durability = durability;
    }

    /**
     * Cuts back what a writer that died left half-written in this stripe, then forgets it. Called by
     * every writer right after taking a stripe, so a pending write is only ever seen after a crash.
     */
    void recover(Stripe stripe) throws IOException {
        PendingWrite pending = stripe.pending();
        if (pending == null) {
            return;
        }
        Path file = pending.file().log(directory);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size > pending.start() && !isComplete(channel, size, pending)) {
                channel.truncate(pending.start());
                if (durability == Durability.FSYNC) {
                    channel.force(false);
                }
            }
        } catch (NoSuchFileException e) {
            // the segment was deleted: nothing to cut back
        }
        stripe.clear();
    }

    /**
     * Where the bytes that may count end in the file of {@code location}, {@code size} bytes long:
     * its size, or the start of the stripe's pending write when that is this file's and unfinished
     * (a writer died in it, or, seen without the lock, is still in it).
     */
    static long countableEnd(SegmentFile location, FileChannel channel, long size, PendingWrite pending)
            throws IOException {
        if (pending != null && pending.file().equals(location) && !isComplete(channel, size, pending)) {
            return Math.min(size, pending.start());
        }
        return size;
    }

    /** Whether a pending write reached its last byte, the {@code \n} of its last line. */
    private static boolean isComplete(FileChannel channel, long size, PendingWrite pending) throws IOException {
        if (size < pending.end() || pending.end() < 1) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, pending.end() - 1) == 1 && last.get(0) == '\n';
    }
}
