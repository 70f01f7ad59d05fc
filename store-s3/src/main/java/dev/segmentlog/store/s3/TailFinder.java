package dev.segmentlog.store.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What this instance knows of each segment ({@link SegmentState}, up to 10,000 of them), and how it
 * learns more: the hint on first use, then probing commit objects forward from the known tail until one
 * is missing. Callers hold the segment's lock.
 *
 * <p>A read that reaches the known tail probes it (one request: the freshness probe), unless the tail
 * was confirmed less than the store's {@code max_staleness} ago; appends never skip a probe they need.
 */
final class TailFinder {
    private static final int MAX_STATES = 10_000;

    private final S3Access s3;
    private final Keys keys;
    private final DecodedObjects objects;
    private final long maxStalenessNanos;
    private final LongSupplier clock;
    private final Cache<SegmentId, SegmentState> states = Caffeine.newBuilder().maximumSize(MAX_STATES).build();

    TailFinder(S3Access s3, Keys keys, DecodedObjects objects, Duration maxStaleness, LongSupplier clock) {
        this.s3 = s3;
        this.keys = keys;
        this.objects = objects;
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.clock = clock;
    }

    /** The state of a segment, new (nothing known) if this instance has none. */
    SegmentState state(SegmentId segment) {
        return states.get(segment, SegmentState::new);
    }

    /** The state of a segment, if this instance has one. */
    Optional<SegmentState> known(SegmentId segment) {
        return Optional.ofNullable(states.getIfPresent(segment));
    }

    /** Keeps the state of a segment this instance created. */
    void adopt(SegmentState state) {
        states.put(state.id, state);
    }

    /** Forgets a segment: it does not exist (any more). */
    void forget(SegmentId segment) {
        states.invalidate(segment);
    }

    void clear() {
        states.invalidateAll();
    }

    /** Notes that the state's tail is the true count now (this instance just wrote up to it). */
    void confirm(SegmentState state) {
        state.confirmTail(clock.getAsLong());
    }

    /**
     * Brings the state up to position {@code until} for a read (the true tail for {@link Long#MAX_VALUE}):
     * the hint on first use, then, unless the tail was confirmed within {@code max_staleness}, probing
     * commit objects from the known tail until one is missing or the tail reaches {@code until}. With
     * data, probing GETs (and caches) each object; without, it HEADs and learns the entry count from the
     * object's metadata.
     *
     * @throws SegmentNotFoundException if the segment has no first object
     */
    void load(SegmentState state, long until, boolean withData) {
        if (!state.loaded) {
            s3.get(keys.hint(state.id))
                    .flatMap(hint -> Hint.decode(hint.body(), state.id, keys))
                    .ifPresent(hint -> state.adoptPacks(hint.packs(), hint.lastTs()));
            state.loaded = true;
        }
        if (state.tail == 0 || !state.confirmedWithin(maxStalenessNanos, clock.getAsLong())) {
            probe(state, until, withData);
        }
        if (state.tail == 0) {
            states.invalidate(state.id);
            throw new SegmentNotFoundException(state.id);
        }
    }

    /**
     * Makes sure the state has a tail to write at, without a request when it has one: an uncontended
     * append is then exactly its PUT. A stale tail is harmless, the conditional PUT reports it.
     *
     * @throws SegmentNotFoundException if the segment has no first object
     */
    void knowTail(SegmentState state) {
        if (!state.loaded || state.tail == 0) {
            load(state, Long.MAX_VALUE, false);
        }
    }

    /**
     * Probes commit objects from the known tail on, until one is missing (the true tail, confirmed) or
     * the tail reaches {@code until}.
     */
    void probe(SegmentState state, long until, boolean withData) {
        while (state.tail < until) {
            long position = state.tail;
            String key = keys.commit(state.id, position);
            List<StoredEntry> cached = objects.cached(key);
            if (cached != null) { // immutable: if this instance has seen it, it is there
                addCommit(state, position, cached, key);
                continue;
            }
            if (!withData) {
                Optional<Map<String, String>> metadata = s3.head(key);
                if (metadata.isEmpty()) {
                    confirm(state);
                    return;
                }
                long entries = CommitMetadata.number(metadata.get(), CommitMetadata.ENTRIES);
                long lastTs = CommitMetadata.number(metadata.get(), CommitMetadata.LAST_TS);
                if (entries > 0 && lastTs != Long.MIN_VALUE) {
                    state.addCommit(position, entries, lastTs, key);
                    continue;
                }
                // metadata missing or foreign: read the object itself
            }
            Optional<List<StoredEntry>> entries = objects.commit(state.id, position, key);
            if (entries.isEmpty()) {
                confirm(state);
                return;
            }
            addCommit(state, position, entries.get(), key);
        }
    }

    /**
     * Checks that a segment exists: at once when this instance has seen entries of it, else by a
     * {@code HEAD} of its first object.
     *
     * @throws SegmentNotFoundException if it has no first object
     */
    void requireExists(SegmentState state) {
        if (state.tail > 0) {
            return;
        }
        if (s3.head(keys.commit(state.id, 0)).isEmpty()) {
            states.invalidate(state.id);
            throw new SegmentNotFoundException(state.id);
        }
    }

    private static void addCommit(SegmentState state, long position, List<StoredEntry> entries, String key) {
        state.addCommit(position, entries.size(), entries.get(entries.size() - 1).entry().ts(), key);
    }
}
