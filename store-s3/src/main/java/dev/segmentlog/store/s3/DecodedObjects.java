package dev.segmentlog.store.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's objects, fetched and decoded once: commits, packs and traces are immutable, so their
 * decoded items are cached (Caffeine, bounded by the weight of their JSON plus a small per-entry overhead)
 * without any validation. Every read of an object's entries goes through here.
 */
final class DecodedObjects {
    /** Bytes a decoded entry costs beyond its JSON: the {@link StoredEntry} wrapper and its list slot. */
    private static final int ENTRY_OVERHEAD = 32;

    private final S3Access s3;
    private final Keys keys;
    private final Bodies bodies;
    private final Cache<String, Chunk> chunks;

    /**
     * The decoded items of one immutable object, weighed by the size of its body: {@link StoredEntry}
     * values for commits and packs, {@link TraceEntry} values for traces (their keys never meet).
     */
    private record Chunk(List<?> items, int weight) {}

    DecodedObjects(S3Access s3, Keys keys, Bodies bodies, long cacheBytes) {
        this.s3 = s3;
        this.keys = keys;
        this.bodies = bodies;
        this.chunks = Caffeine.newBuilder()
                .maximumWeight(cacheBytes)
                .weigher((String key, Chunk chunk) -> chunk.weight())
                .build();
    }

    /** The cached entries of a commit or pack, or null when this instance does not hold them. */
    @SuppressWarnings("unchecked")
    List<StoredEntry> cached(String key) {
        Chunk chunk = chunks.getIfPresent(key);
        return chunk == null ? null : (List<StoredEntry>) chunk.items();
    }

    /** Remembers the entries of an object this instance wrote or read. */
    void remember(String key, List<StoredEntry> entries, int bodyLength) {
        chunks.put(key, new Chunk(entries, weight(bodyLength, entries.size())));
    }

    /**
     * A commit object's entries, from the cache or S3; empty when it does not exist.
     *
     * @throws CorruptDataException if the body does not decode, or holds another count than its metadata declares
     */
    Optional<List<StoredEntry>> commit(SegmentId segment, long position, String key) {
        List<StoredEntry> cached = cached(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<S3Access.Fetched> fetched = s3.get(key);
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = fetched.get().body();
        List<StoredEntry> entries = bodies.decodeEntries(segment, position, body, key);
        long declared = CommitMetadata.number(fetched.get().metadata(), CommitMetadata.ENTRIES);
        if (declared != Long.MIN_VALUE && declared != entries.size()) {
            throw new CorruptDataException(segment, position, "object " + key + " holds " + entries.size()
                    + " entries but its metadata declares " + declared);
        }
        remember(key, entries, body.length);
        return Optional.of(entries);
    }

    /**
     * The entries of a pack or commit a segment's state lists, exactly {@code piece.count()} of them. A pack
     * a hint named that is gone is read from the commit objects, which hold the same range.
     *
     * @throws CorruptDataException if an object is missing or holds another count
     */
    List<StoredEntry> piece(SegmentId segment, Piece piece) {
        List<StoredEntry> entries = cached(piece.key());
        if (entries == null && piece.level() < 0) {
            entries = commit(segment, piece.start(), piece.key()).orElseThrow(() -> new CorruptDataException(
                    segment, piece.start(), "object " + piece.key() + " vanished (was the segment deleted?)"));
        } else if (entries == null) {
            Optional<S3Access.Fetched> fetched = s3.get(piece.key());
            if (fetched.isPresent()) {
                entries = bodies.decodeEntries(segment, piece.start(), fetched.get().body(), piece.key());
                remember(piece.key(), entries, fetched.get().body().length);
            } else {
                entries = viaCommits(segment, piece.start(), piece.end());
            }
        }
        if (entries.size() != piece.count()) {
            throw new CorruptDataException(segment, piece.start(), "object " + piece.key() + " holds "
                    + entries.size() + " entries where " + piece.count() + " were expected");
        }
        return entries;
    }

    private List<StoredEntry> viaCommits(SegmentId segment, long start, long end) {
        List<StoredEntry> entries = new ArrayList<>();
        long position = start;
        while (position < end) {
            final long at = position;
            List<StoredEntry> commit = commit(segment, at, keys.commit(segment, at))
                    .orElseThrow(() -> new CorruptDataException(segment, at, "no object starts at this position"));
            entries.addAll(commit);
            position += commit.size();
        }
        return entries;
    }

    /**
     * The entries of a trace object, from the cache or S3.
     *
     * @throws CorruptDataException if the object is gone or does not decode
     */
    @SuppressWarnings("unchecked")
    List<TraceEntry> trace(SegmentId segment, long position, String key) {
        Chunk cached = chunks.getIfPresent(key);
        if (cached != null) {
            return (List<TraceEntry>) cached.items();
        }
        byte[] body = s3.get(key).orElseThrow(() -> new CorruptDataException(segment, position,
                "trace object " + key + " vanished while it was read")).body();
        List<TraceEntry> entries = bodies.decodeTraces(segment, position, body, key);
        chunks.put(key, new Chunk(entries, weight(body.length, entries.size())));
        return entries;
    }

    /** Forgets every object of a deleted segment: its id may be created again. */
    void forget(SegmentId segment) {
        String root = keys.segment(segment);
        chunks.asMap().keySet().removeIf(key -> key.startsWith(root));
    }

    void clear() {
        chunks.invalidateAll();
    }

    /**
     * The cache weight of a decoded object: the length of its JSON, plus the per-entry wrapper that carries
     * the chain fields. A chained line's hash text (about 150 bytes for both fields) covers the one
     * {@link EntryHash} it costs once {@code prev_hash} shares the previous entry's instance.
     */
    private static int weight(int bodyLength, int items) {
        return (int) Math.min(Integer.MAX_VALUE, bodyLength + (long) ENTRY_OVERHEAD * items);
    }
}
