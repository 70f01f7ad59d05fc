package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import java.nio.file.Path;

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
