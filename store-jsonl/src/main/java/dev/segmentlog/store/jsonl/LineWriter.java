package dev.segmentlog.store.jsonl;

import dev.segmentlog.spi.BackendException;
import dev.segmentlog.store.jsonl.DirectoryLocks.Stripe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes whole lines at the end of a file's committed lines, holding its segment's stripe, under the
 * crash rules of the package overview: all lines in one write; several lines announced first as the
 * stripe's pending write and cleared after; {@code force} with {@link Durability#FSYNC}; and on
 * failure the file cut back to where the write began, so that an exception means nothing was
 * written.
 */
final class LineWriter {
    private final Durability durability;

    LineWriter(Durability durability) {
        this.durability = durability;
    }

    /**
     * Writes {@code encoded} at {@code start} of a segment's file (the end of its committed lines). A
     * batch is announced first as the stripe's pending write, so that if the process dies half-way
     * whoever comes next cuts the file back instead of taking the lines written so far for a
     * committed part of the batch.
     *
     * @param action what the caller does to the segment, such as "append to segment" (for a failure's message)
     * @throws BackendException if the write fails; the message says whether it was rolled back
     */
    void writeLines(FileChannel channel, Stripe stripe, SegmentState state, long start, EncodedLines encoded,
            String action) {
        boolean batch = encoded.lines() > 1;
        boolean force = durability == Durability.FSYNC;
        if (batch) {
            stripe.begin(new PendingWrite(state.location, start, start + encoded.bytes().length), force);
        }
        try {
            writeFully(channel, start, encoded.bytes());
            if (force) {
                channel.force(false);
            }
            if (batch) {
                stripe.clear();
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(state.file, start, IoFailures.what(action, state.segment), e);
        }
    }

    /**
     * Writes one line at {@code start} of {@code file} (a trace).
     *
     * @throws BackendException if the write fails; the message says whether it was rolled back
     */
    void writeLine(FileChannel channel, Path file, long start, byte[] line) {
        try {
            writeFully(channel, start, line);
            if (durability == Durability.FSYNC) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(file, start, "append to " + file, e);
        }
    }

    private static void writeFully(FileChannel channel, long start, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, start + buffer.position());
        }
    }

    /**
     * Cuts {@code file} back to {@code size} after a failed write. Runs even if the thread was
     * interrupted (an interrupt is what closes a channel mid-write), and keeps the interrupt.
     */
    private BackendException rollBack(Path file, long size, String what, Exception failure) {
        boolean interrupted = Thread.interrupted();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > size) {
                channel.truncate(size);
            }
            if (durability == Durability.FSYNC) {
                channel.force(false);
            }
            return new BackendException(what + " failed on " + file + ": " + IoFailures.describe(failure)
                    + "; it was rolled back, nothing was written", failure);
        } catch (IOException e) {
            failure.addSuppressed(e);
            return new BackendException(what + " failed on " + file + ": " + IoFailures.describe(failure)
                    + "; rolling back failed too (" + IoFailures.describe(e)
                    + "), so whole lines of it may be in the file", failure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
