package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one store instance knows of one segment's objects: the packs listed by the hint (contiguous
 * from position 0) followed by the commit objects after them, up to the tail it last saw. Every
 * position it holds as a boundary (a pack end, a commit start or end, the tail) really is the start
 * of an object or the end of the log, so a conditional write at {@link #tail} is arbitrated by
 * S3 itself. The tail is a lower bound of the true count: another writer may have appended since.
 *
 * <p>Guarded by {@link #lock}; operations on one segment are serialised within a store instance.
 */
final class SegmentState {

    /**
     * An object holding entries {@code [start, end)}; {@code level} -1 for a commit, 0.. for a pack;
     * {@code bytes} the size of a pack's body (-1 when unknown: commits, and packs of hints that did not say).
     */
    record Piece(long start, long end, int level, String key, long bytes) {
        long count() {
            return end - start;
        }
    }

    final SegmentId id;
    final ReentrantLock lock = new ReentrantLock();
    final List<Piece> packs = new ArrayList<>();
    final List<Piece> commits = new ArrayList<>();
    /** Whether the hint was consulted (or this instance created the segment). */
    boolean loaded;
    long tail;
    long lastTs;
    /** The next free trace position, -1 until known. */
    long traceTail = -1;
    /** When ({@link System#nanoTime()}) the tail was last known to be the true one; valid while {@link #confirmed}. */
    private long confirmedAt;
    private boolean confirmed;

    SegmentState(SegmentId id) {
        this.id = id;
    }

    long packEnd() {
        return packs.isEmpty() ? 0 : packs.get(packs.size() - 1).end();
    }

    void addCommit(long start, long count, long lastEntryTs, String key) {
        if (start != tail) {
            throw new IllegalStateException("commit at " + start + " does not follow the tail " + tail);
        }
        commits.add(new Piece(start, start + count, -1, key, -1));
        tail = start + count;
        lastTs = lastEntryTs;
        confirmed = false;
    }

    /** Notes that at {@code now} the tail was the true count: a probe found no object there, or this instance wrote up to it. */
    void confirmTail(long now) {
        confirmedAt = now;
        confirmed = true;
    }

    /** Whether the tail was confirmed less than {@code nanos} before {@code now}. */
    boolean confirmedWithin(long nanos, long now) {
        return confirmed && now - confirmedAt < nanos;
    }

    /** Replaces what is known by the hint's packs (only when they reach further than what is known). */
    void adoptPacks(List<Piece> hinted, long hintedLastTs) {
        long end = hinted.isEmpty() ? 0 : hinted.get(hinted.size() - 1).end();
        if (end <= tail) {
            return;
        }
        packs.clear();
        packs.addAll(hinted);
        commits.clear();
        tail = end;
        lastTs = hintedLastTs;
        confirmed = false;
    }

    /** Packs then commits: the objects that hold {@code [0, tail)}. */
    List<Piece> pieces() {
        List<Piece> all = new ArrayList<>(packs.size() + commits.size());
        all.addAll(packs);
        all.addAll(commits);
        return all;
    }
}
