package dev.segmentlog.conformance;

/**
 * What a real store might lack. A store declares what it lacks in
 * {@link SegmentStoreConformanceTest#unsupported()}; the clauses that need a lacking capability are
 * then skipped with a message naming it. Everything else in the kit is mandatory.
 *
 * <p>{@link #DURABILITY_ON_REOPEN}, {@link #SECOND_INSTANCE}, {@link #READ_ONLY},
 * {@link #RAW_STORAGE_ACCESS} and {@link #TORN_CREATE} are enabled by overriding a hook
 * ({@link SegmentStoreConformanceTest#reopen}, {@link SegmentStoreConformanceTest#openSecondStore},
 * {@link SegmentStoreConformanceTest#openReadOnlyStore}, …), since the kit cannot open the store again
 * or reach beneath it by itself. The others are assumed unless declared
 * lacking. A store that forgets to declare one and throws {@link UnsupportedOperationException} or
 * {@link dev.segmentlog.spi.UnsupportedCapabilityException} for it fails one clause, whose message
 * names the capability to declare; the other clauses needing it are then skipped.
 */
public enum Capability {

    /**
     * The store can be closed and opened again on the same data, which it keeps. Also enabled only
     * when the test class overrides {@link SegmentStoreConformanceTest#reopen}; a store that is
     * memory only lacks it.
     */
    DURABILITY_ON_REOPEN,

    /**
     * Two store instances can be open on the same storage at once (a directory, a database file or
     * server, a bucket), as several processes of one deployment are: each sees at once what the
     * other writes, creates and deletes, and their writes race safely. Enabled only when the test
     * class overrides {@link SegmentStoreConformanceTest#openSecondStore}; a store whose storage
     * belongs to one instance lacks it.
     */
    SECOND_INSTANCE,

    /**
     * A second instance notices at once that another deleted a session, or deleted a segment and
     * created it again, even for segments it has read before. A store that caches what it read of
     * immutable data to keep an append at one request (S3: the tail it saw, the objects it read)
     * lacks it: it documents what a stale instance does instead.
     */
    DELETES_SEEN_BY_OTHER_INSTANCES,

    /**
     * The store can be opened read-only on the storage a writer uses (what an operator inspecting a
     * backup, a snapshot or a live store does): it reads everything the writer committed, refuses
     * every write with {@link dev.segmentlog.spi.ReadOnlyStoreException} before doing anything else,
     * and leaves the storage exactly as it was. Enabled only when the test class overrides
     * {@link SegmentStoreConformanceTest#openReadOnlyStore}; a store without a read-only mode lacks it.
     */
    READ_ONLY,

    /**
     * The test class can reach the store's storage beneath the store: write any bytes as an entry's
     * stored form ({@link SegmentStoreConformanceTest#corruptStoredEntry}, what a disk error, a hostile
     * edit or another program leaves) and take a snapshot of everything stored
     * ({@link SegmentStoreConformanceTest#storageSnapshot}). Enabled only when it overrides both; a
     * store that keeps decoded values, not bytes (the in-memory store), lacks it: nothing of it can be
     * altered beneath it.
     */
    RAW_STORAGE_ACCESS,

    /**
     * The test class can leave in the store's storage what a {@code create} interrupted by a crash
     * leaves there ({@link SegmentStoreConformanceTest#leaveTornCreate}): JSONL, a file whose only line
     * is torn; S3, index entries without the segment's first object. Enabled only when it overrides the
     * hook; a store whose create is one atomic step (one transaction) leaves nothing behind, and lacks
     * it: there is nothing to check.
     */
    TORN_CREATE,

    /** The store keeps a trace (debug side log) per segment: {@code appendTrace} / {@code readTrace}. */
    TRACE,

    /**
     * The store can delete a session ({@code deleteSession}); a write-once archive (object lock,
     * WORM media) lacks it.
     */
    DELETE_SESSION,

    /**
     * The store accepts entries of about 1 MB (the codec's default limit is 16 MiB); a backend with
     * small items (a key-value store with a 400 KB item limit) lacks it.
     */
    LARGE_ENTRIES,

    /**
     * The store keeps hash-chained segments: {@code create}, {@code append} and {@code read} store and
     * return each entry's {@code prev_hash} and {@code hash} exactly as given. A store that does not
     * keep chain fields lacks it, and refuses entries that carry them with an
     * {@link dev.segmentlog.spi.UnsupportedCapabilityException} (clause {@code C-CAP-01}).
     */
    HASH_CHAIN
}
