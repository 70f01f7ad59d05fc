package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one store knows of each segment it looked at ({@link SegmentState}), found by segment id: from
 * this cache, else where {@link StoreDirectory#find} finds the segment's file. A state found stale
 * (its file gone) is dropped and the segment looked up again. Each state is touched only holding its
 * segment's stripe.
 */
final class SegmentStates {
    private final StoreDirectory paths;
    private final DirectoryLocks locks;
    private final OpenFiles openFiles;
    private final Map<SegmentId, SegmentState> states = new ConcurrentHashMap<>();

    SegmentStates(StoreDirectory paths, DirectoryLocks locks, OpenFiles openFiles) {
        this.paths = paths;
        this.locks = locks;
        this.openFiles = openFiles;
    }

    /** Work on the state of a segment. */
    @FunctionalInterface
    interface StateAction<T> {
        T run(SegmentState state) throws IOException;
    }

    /**
     * Runs {@code action} on the state of a segment; when its file turns out to be gone, looks the
     * segment up once more (it may have been deleted, or deleted and created again elsewhere).
     *
     * @throws SegmentNotFoundException if no file of the segment exists
     */
    <T> T withState(SegmentId segment, StateAction<T> action) throws IOException {
        for (int attempt = 0; ; attempt++) {
            SegmentState state = locate(segment, true);
            if (state == null) {
                throw new SegmentNotFoundException(segment);
            }
            try {
                return action.run(state);
            } catch (NoSuchFileException e) {
                states.remove(segment, state);
                if (attempt > 0) {
                    throw new SegmentNotFoundException(segment);
                }
            }
        }
    }

    /**
     * The state of a segment whose file was seen, or null: from the cache, else where
     * {@link StoreDirectory#find} finds its file ({@code scan}: in any session directory too).
     */
    SegmentState locate(SegmentId segment, boolean scan) throws IOException {
        SegmentState cached = states.get(segment);
        if (cached != null) {
            return cached;
        }
        SegmentFile found = paths.find(segment, scan);
        return found == null ? null
                : states.computeIfAbsent(segment, id -> new SegmentState(found, found.log(paths.path())));
    }

    /** The committed entries of a located segment; 0 when its creation never finished. */
    long committedCount(SegmentState state) throws IOException {
        return locks.withStripe(state.segment, false, stripe -> {
            openFiles.observe(state, stripe, false);
            return state.count;
        });
    }

    /** {@link #committedCount}, 0 when the file is gone. */
    long countOrZero(SegmentState state) throws IOException {
        try {
            return committedCount(state);
        } catch (NoSuchFileException e) {
            states.remove(state.segment, state);
            return 0;
        }
    }

    /**
     * Throws unless the segment has a committed entry: a file without one is what a create that never
     * finished leaves, no segment.
     *
     * @throws SegmentNotFoundException if it has none
     */
    static void requireEntries(SegmentState state) {
        if (state.count == 0) {
            throw new SegmentNotFoundException(state.segment);
        }
    }

    /** Keeps {@code state}, the state of a segment just created. */
    void put(SegmentState state) {
        states.put(state.segment, state);
    }

    /** Forgets a segment: its files were deleted. */
    void forget(SegmentId segment) {
        states.remove(segment);
    }

    /** Forgets every segment: the store closes. */
    void clear() {
        states.clear();
    }
}
