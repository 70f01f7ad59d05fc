package dev.segmentlog.store.jsonl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a reader saw of a segment file at one moment: its attributes, its stripe's pending write
 * (null when there is none), and a channel on that very file. What the reader counts is decided by
 * these together (the committed lines up to the size, less an unfinished pending write), so they
 * must describe one moment.
 *
 * @param attributes the file's attributes
 * @param pending    the stripe's pending write, or null
 * @param channel    a channel on the file the attributes describe
 */
record Sighting(BasicFileAttributes attributes, PendingWrite pending, FileChannel channel) {

    /** Opens a channel on a file whose attributes were just read. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(BasicFileAttributes attributes) throws IOException;
    }

    /** Reads the stripe's pending-write record. */
    @FunctionalInterface
    interface Record {
        PendingWrite read() throws IOException;
    }

    /**
     * Holding the segment's stripe: the file's attributes and the stripe's pending write, seen at one
     * moment, with a channel on that file from {@code opener}. A writable store holds the stripe
     * across processes, so one look does ({@link #locked}); a read-only store looks without that lock
     * ({@link #unlocked}).
     *
     * @param readOnly whether the stripe is held in this JVM only
     * @param own      whether the channel is the caller's, to be closed on failure
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    static Sighting take(boolean readOnly, Path file, Record record, Opener opener, boolean own) throws IOException {
        return readOnly ? unlocked(file, record, opener, own) : locked(file, record, opener, own);
    }

    /**
     * For a reader holding the stripe across processes: no writer can change the file or the record
     * meanwhile, so one look at each does.
     *
     * @param own whether the channel is the caller's, to be closed on failure
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    static Sighting locked(Path file, Record record, Opener opener, boolean own) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        FileChannel channel = opener.open(attributes);
        try {
            return new Sighting(attributes, record.read(), channel);
        } catch (IOException | RuntimeException e) {
            closeIfOwn(channel, own, e);
            throw e;
        }
    }

    /**
     * For a reader holding no lock across processes (a read-only store): reads the record between
     * two looks at the file ({@code stat}), opening the channel after the first, and keeps what it
     * saw only when both looks agree (same file, same size); otherwise a writer is at work, and it
     * looks again a moment later.
     *
     * <p>Why that is enough for the record to speak for the size: a writer records a batch before
     * writing any of it and clears the record only after its last byte is in the file. If the first
     * look saw part of a batch, then either the record still announced it when read (and the reader
     * leaves the batch out), or the writer had finished it by then, and its remaining bytes had grown
     * the file by the second look. A single line needs no record: it counts only once its {@code \n}
     * is there. Equal looks also mean the channel, opened between them, is on the file they describe.
     *
     * @param own whether the channel is the caller's, closed when looking again and on failure
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    static Sighting unlocked(Path file, Record record, Opener opener, boolean own) throws IOException {
        for (int attempt = 0; ; attempt++) {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            FileChannel channel = opener.open(before);
            BasicFileAttributes after;
            PendingWrite pending;
            try {
                pending = record.read();
                after = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException | RuntimeException e) {
                closeIfOwn(channel, own, e);
                throw e;
            }
            if (Objects.equals(before.fileKey(), after.fileKey()) && before.size() == after.size()) {
                return new Sighting(after, pending, channel);
            }
            if (own) {
                channel.close();
            }
            DirectoryLocks.backOff(attempt);
        }
    }

    private static void closeIfOwn(FileChannel channel, boolean own, Exception failure) {
        if (!own) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
