package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What one store remembers of one segment file, so that a count or an info does not re-read it:
 * the committed prefix of the file (whole lines only) and what it holds. Mutable; every access
 * happens while holding the segment's stripe (see {@link DirectoryLocks}), which also orders it
 * between threads. It is only a cache: each locked access first checks it against the file (its
 * identity and size) and reads just the bytes added since. Whatever adds to {@link #count} offers
 * each new line to {@link #index}, so the index always covers every committed line.
 */
final class SegmentState {
    static final long UNKNOWN_TS = Long.MIN_VALUE;

    final SegmentId segment;
    /** Where the file is: in a session directory or in the flat layout. */
    final SegmentFile location;
    final Path file;

    /** The file this state describes (inode, where the platform has one); null before the first look. */
    Object fileKey;
    /** The file's size at the last look: more than {@link #committedSize} when it ends in uncommitted bytes. */
    long fileSize;
    /** Bytes of committed lines: the offset after the last {@code \n} counted. */
    long committedSize;
    /** Committed lines that are not blank, i.e. entries. */
    long count;
    /** Whether a committed line was blank: then a line's number in the file is no longer its position + 1. */
    boolean blankLines;
    /** Offset of the last entry's line; -1 when there is none. */
    long lastLineStart = -1;
    /** The ts of the last committed entry, or {@link #UNKNOWN_TS} until read. */
    long lastTs = UNKNOWN_TS;
    /** Whether {@link #lastHash} is known: false until read, and again when another writer appended. */
    boolean lastHashKnown;
    /** Nullable: the hash of the last committed entry (null when it has none), once known. */
    EntryHash lastHash;
    /** The decoded first entry, once read. */
    LogEntry.SegmentStart start;
    /** Where every {@value LineIndex#STRIDE}th entry starts: kept up to {@link #count}. */
    final LineIndex index = new LineIndex();

    SegmentState(SegmentFile location, Path file) {
        this.segment = location.segment();
        this.location = location;
        this.file = file;
    }

    /** Records the hash of the last committed entry (nullable). */
    void knowLastHash(EntryHash hash) {
        lastHash = hash;
        lastHashKnown = true;
    }

    /**
     * Holding the segment's stripe, with {@code channel} on the file this state describes as far as
     * the path goes (the stripe's replacement count has not moved): whether the file still ends
     * exactly after the committed lines. It reads the last committed byte, which must be a
     * {@code \n} with nothing after it, instead of asking the file's size: on Linux a {@code stat}
     * marks the file's change time as seen, and the file system then gives the next write a
     * fine-grained time and an inode update of its own ("multigrain timestamps"), which costs every
     * append more than the look itself. When it holds, the state is current and nothing is scanned.
     *
     * @param fileKey the identity of the file {@code channel} is on
     */
    boolean endsAtCommittedLines(FileChannel channel, Object fileKey) throws IOException {
        if (committedSize == 0 || !Objects.equals(fileKey, this.fileKey)
                || !Lines.endsWithLineAt(channel, committedSize)) {
            return false;
        }
        fileSize = committedSize;
        return true;
    }

    /**
     * Brings this state up to date with its file, holding the segment's stripe: when the file is the
     * same and has not grown this reads nothing; otherwise only the new bytes are scanned. Bytes of a
     * write that a dead writer left unfinished ({@code pending}) and a torn last line do not count.
     *
     * @param fileKey the file's identity and {@code size} its size, seen while holding the stripe
     */
    void refresh(FileChannel channel, Object fileKey, long size, PendingWrite pending) throws IOException {
        fileSize = size;
        long end = TailRecovery.countableEnd(location, channel, size, pending);
        if (!Objects.equals(fileKey, this.fileKey) || end < committedSize) {
            reset(fileKey); // another file under the same name: deleted and created again
        }
        if (end > committedSize) {
            Lines.Scan scan = Lines.scan(channel, committedSize, end, count, index);
            committedSize = scan.committedEnd(); // blank lines too: an append never cuts them off
            blankLines |= scan.blankLines() > 0;
            if (scan.entries() > 0) {
                count += scan.entries();
                lastLineStart = scan.lastEntryStart();
                lastTs = UNKNOWN_TS;
                lastHashKnown = false;
            }
        }
    }

    /**
     * Holding the segment's stripe, after {@code encoded} was written at {@code start} (the end of the
     * committed lines): what this state learns from it, so that nothing of it has to be read back.
     */
    void committed(long start, EncodedLines encoded) {
        int[] lineStarts = encoded.lineStarts();
        for (int i = 0; i < lineStarts.length; i++) {
            index.committed(count + i, start + lineStarts[i]);
        }
        count += lineStarts.length;
        committedSize = start + encoded.bytes().length;
        lastLineStart = start + lineStarts[lineStarts.length - 1];
        lastTs = encoded.lastTs();
        knowLastHash(encoded.lastHash());
    }

    /** Forgets everything: the file was replaced. */
    void reset(Object newFileKey) {
        fileKey = newFileKey;
        committedSize = 0;
        count = 0;
        blankLines = false;
        lastLineStart = -1;
        lastTs = UNKNOWN_TS;
        lastHashKnown = false;
        lastHash = null;
        start = null;
        index.clear();
    }
}
