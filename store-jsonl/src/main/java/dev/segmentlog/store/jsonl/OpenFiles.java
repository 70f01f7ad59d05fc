package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.store.jsonl.DirectoryLocks.Stripe;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The segment files one store keeps open, one per stripe (the stripe's most recently used file), and
 * bringing a segment's {@link SegmentState} up to date with its file through them. While nobody
 * deleted or created a segment file of the stripe (its replacement count in {@code .pending} is the
 * one seen when the channel was last matched with the path), the path still names the open file and
 * an {@code fstat} of the channel tells its size; otherwise the path is looked up ({@code stat}).
 * Better still, when the file ends right after the committed lines the state knows, it is current
 * ({@link SegmentState#endsAtCommittedLines}: one read of two bytes, no {@code fstat}). One channel
 * per stripe bounds the open files; closing one never drops a lock, since locks are taken
 * on {@code .lock} only. Every method runs holding the segment's stripe.
 */
final class OpenFiles {
    private final boolean readOnly;
    private final OpenFile[] files = new OpenFile[DirectoryLocks.STRIPES];

    OpenFiles(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /** An open segment file, and the stripe's replacement count when its path was last seen to name it. */
    private record OpenFile(Path file, Object fileKey, FileChannel channel, long replacements) {}

    /**
     * Brings {@code state} up to date ({@link SegmentState#refresh}) through the channel kept open for
     * the stripe, and returns that channel: for a writer of a writable store, which holds the stripe
     * across processes.
     *
     * @param pending the stripe's pending write, or null (a writer has just recovered it)
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    FileChannel look(SegmentState state, Stripe stripe, PendingWrite pending) throws IOException {
        long replacements = stripe.replacements();
        OpenFile open = files[DirectoryLocks.stripeOf(state.segment)];
        if (open != null && open.replacements == replacements && open.file.equals(state.file)
                && open.channel.isOpen()) {
            if (!state.endsAtCommittedLines(open.channel, open.fileKey)) {
                state.refresh(open.channel, open.fileKey, open.channel.size(), pending);
            }
            return open.channel;
        }
        BasicFileAttributes attributes = Files.readAttributes(state.file, BasicFileAttributes.class);
        FileChannel channel = channelFor(state, attributes, replacements);
        state.refresh(channel, attributes.fileKey(), attributes.size(), pending);
        return channel;
    }

    /**
     * For a reader: brings {@code state} up to date with its file and returns a channel on the file,
     * the one kept open for the stripe, or when {@code own} a new one for the caller to close (to read
     * outside the stripe). A writable store uses {@link #look} for the first; both kinds see the file
     * through a {@link Sighting}.
     *
     * @throws java.nio.file.NoSuchFileException if the file is gone
     */
    FileChannel observe(SegmentState state, Stripe stripe, boolean own) throws IOException {
        if (!own && !readOnly) {
            return look(state, stripe, stripe.pending());
        }
        // A read-only store's kept channels never take look's fstat shortcut, so no replacement count goes with them.
        Sighting sighting = Sighting.take(readOnly, state.file, stripe::pending,
                own ? attributes -> FileChannel.open(state.file, StandardOpenOption.READ)
                        : attributes -> channelFor(state, attributes, 0), own);
        try {
            state.refresh(sighting.channel(), sighting.attributes().fileKey(), sighting.attributes().size(),
                    sighting.pending());
        } catch (IOException | RuntimeException e) {
            if (own) {
                sighting.channel().close();
            }
            throw e;
        }
        return sighting.channel();
    }

    /**
     * The channel kept open on the stripe's most recently used file, opened again when that was
     * another file, or the same name now names another file (deleted and created again), or an
     * interrupt closed it.
     *
     * @param replacements the stripe's replacement count, under which {@code attributes} were read
     */
    private FileChannel channelFor(SegmentState state, BasicFileAttributes attributes, long replacements)
            throws IOException {
        int stripe = DirectoryLocks.stripeOf(state.segment);
        OpenFile open = files[stripe];
        Object fileKey = attributes.fileKey();
        if (open != null && open.file.equals(state.file) && fileKey != null && fileKey.equals(open.fileKey)
                && open.channel.isOpen()) {
            if (open.replacements != replacements) {
                files[stripe] = new OpenFile(open.file, fileKey, open.channel, replacements);
            }
            return open.channel;
        }
        files[stripe] = null;
        if (open != null) {
            open.channel.close();
        }
        FileChannel channel = readOnly ? FileChannel.open(state.file, StandardOpenOption.READ)
                : FileChannel.open(state.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        files[stripe] = new OpenFile(state.file, fileKey, channel, replacements);
        return channel;
    }

    /** Closes the stripe's open file if it is {@code file} (about to be deleted or replaced). */
    void close(SegmentId segment, Path file) throws IOException {
        int stripe = DirectoryLocks.stripeOf(segment);
        OpenFile open = files[stripe];
        if (open != null && open.file.equals(file)) {
            files[stripe] = null;
            open.channel.close();
        }
    }

    /**
     * Closes every open file, when the store closes (no stripe is held then: the store takes no more
     * calls).
     *
     * @throws IOException the last failure to close one, after trying them all
     */
    void closeAll() throws IOException {
        IOException failure = null;
        for (int i = 0; i < files.length; i++) {
            OpenFile open = files[i];
            files[i] = null;
            if (open != null) {
                try {
                    open.channel.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
