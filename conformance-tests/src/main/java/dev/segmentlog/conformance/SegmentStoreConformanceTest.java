package dev.segmentlog.conformance;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance kit: the contract of {@link SegmentStore}, as clauses every store must pass.
 *
 * <p>Extend it in a test class of your adapter and say how to open your store:
 * <pre>{@code
 * class RedisStoreConformanceTest extends SegmentStoreConformanceTest {
 *     @Override protected SegmentStore openStore() { return new RedisSegmentStore(...); }
 *     @Override protected SegmentStore reopen(SegmentStore closed) { return new RedisSegmentStore(...); }      // optional
 *     @Override protected SegmentStore openSecondStore(SegmentStore first) { return new RedisSegmentStore(...); } // optional
 *     @Override protected Set<Capability> unsupported() { return Set.of(Capability.DELETE_SESSION); }          // optional
 * }
 * }</pre>
 * Further optional hooks let the kit reach what only the test class can: a read-only store
 * ({@link #openReadOnlyStore}), the bytes beneath the store ({@link #corruptStoredEntry},
 * {@link #storageSnapshot}) and what a crash in the middle of a create leaves ({@link #leaveTornCreate}).
 *
 * <p>How the kit runs:
 * <ul>
 *   <li>Every clause gets a fresh store from {@link #openStore()}, closed after the clause. The store
 *       need not be empty: clauses use fresh random ids and only ever look at their own data (the
 *       relative order and presence of their own ids in listings).</li>
 *   <li>Clauses are grouped in the {@code @Nested} classes below, one group per concern, each group's
 *       clauses in a file of their own ({@code CreateClauses}, {@code PagedReadClauses}, …). Each
 *       display name starts with a stable clause id such as {@code [C-APPEND-03]}, which keeps its
 *       meaning across versions of the kit; a retired id is never reused. The method name starts with
 *       the same id ({@code C_APPEND_03_…}), so Surefire's console and XML reports show it, and a
 *       failure's message starts with it.</li>
 *   <li>A clause that needs a {@link Capability} the store lacks (see {@link #unsupported()},
 *       {@link #reopen} and {@link #openSecondStore}) is skipped by a JUnit assumption whose message
 *       names the capability. Every other clause is mandatory, and a run in which mandatory clauses
 *       were selected but not one of them executed (say, {@code openStore()} aborts every clause) fails.</li>
 *   <li>No fixed sleeps: concurrency clauses start their threads together, accept every valid
 *       outcome and wait at most {@value Concurrently#TIMEOUT_SECONDS} seconds.</li>
 * </ul>
 *
 * <p>Clauses of your own run with the same fresh store: annotate them {@code @Test} (and
 * {@link RequiresCapability} if they need a capability), use {@link #store()} and the kit's
 * {@link #fixtures()}.
 */
@ExtendWith(ConformanceGuard.class)
public abstract class SegmentStoreConformanceTest {

    /** The capabilities enabled by overriding hooks, with the names of the hooks each needs. */
    static final Map<Capability, List<String>> HOOKS = Map.of(
            Capability.DURABILITY_ON_REOPEN, List.of("reopen"),
            Capability.SECOND_INSTANCE, List.of("openSecondStore"),
            Capability.READ_ONLY, List.of("openReadOnlyStore"),
            Capability.RAW_STORAGE_ACCESS, List.of("corruptStoredEntry", "storageSnapshot"),
            Capability.TORN_CREATE, List.of("leaveTornCreate"));

    private final Fixtures fx = new Fixtures();
    private SegmentStore store;
    /** The second instance of the current clause, opened on first use; null until then. */
    private SegmentStore second;
    /** The read-only stores the current clause opened, closed with it. */
    private final List<SegmentStore> readOnly = new ArrayList<>();

    /** For subclasses only. */
    protected SegmentStoreConformanceTest() {}

    /**
     * Opens the store under test: called once before every clause; the kit closes it after the clause.
     * Each call may return a new store on new or on shared storage.
     *
     * @return an open store, never null
     */
    protected abstract SegmentStore openStore();

    /**
     * Opens the store again on the data of {@code closed}, which the kit has just closed: what a new
     * process would see. Override it to enable the durability clauses ({@link Capability#DURABILITY_ON_REOPEN});
     * by default reopening is not supported and those clauses are skipped.
     *
     * @param closed a store returned by {@link #openStore()} (or by this method), already closed
     * @return an open store over the same data
     * @throws UnsupportedOperationException unless overridden
     */
    protected SegmentStore reopen(SegmentStore closed) {
        throw new UnsupportedOperationException("reopen(SegmentStore) is not overridden: "
                + Capability.DURABILITY_ON_REOPEN + " is not supported");
    }

    /**
     * Opens another store on the same storage as {@code first}, which stays open: what another
     * process of the same deployment (or another instance in this one) would open on the same
     * directory, database or bucket. Override it to enable the clauses of
     * {@link Capability#SECOND_INSTANCE}, which write through one instance and read through the
     * other; by default it is not supported and those clauses are skipped. The kit closes both
     * after the clause.
     *
     * @param first the clause's store, returned by {@link #openStore()} and still open
     * @return another open store on the same data, never {@code first} itself
     * @throws UnsupportedOperationException unless overridden
     */
    protected SegmentStore openSecondStore(SegmentStore first) {
        throw new UnsupportedOperationException("openSecondStore(SegmentStore) is not overridden: "
                + Capability.SECOND_INSTANCE + " is not supported");
    }

    /**
     * Opens the store read-only on the same storage as {@code writer}: what an operator inspecting the
     * storage would open (for stores opened by URI, {@code SegmentStores.openReadOnly}, or the
     * provider with {@code StoreUri.withReadOnly()}). Override it to enable the clauses of
     * {@link Capability#READ_ONLY}: the read-only store must read everything the writer committed,
     * before and after it was opened, refuse every write with
     * {@link dev.segmentlog.spi.ReadOnlyStoreException} before any other error, and change nothing in
     * the storage, not even a lock file. The kit closes it after the clause.
     *
     * @param writer the clause's store: open, or closed when the clause checks that nothing but the
     *               read-only store touches the storage
     * @return a read-only store on the same data
     * @throws UnsupportedOperationException unless overridden
     */
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        throw new UnsupportedOperationException("openReadOnlyStore(SegmentStore) is not overridden: "
                + Capability.READ_ONLY + " is not supported");
    }

    /**
     * Writes {@code stored} beneath the store as the stored form of the entry at {@code position} of
     * {@code segment}, in place of what is there: what a disk error, a hostile edit or another program
     * would leave (JSONL: the file's line; SQL: the row's JSON column, as bytes; S3: the object's line,
     * in every object holding it). {@code stored} is the entry's codec line with some bytes altered: it
     * may be ill-formed UTF-8 or no JSON at all, and never holds a line break. Override it, with
     * {@link #storageSnapshot}, to enable the clauses of {@link Capability#RAW_STORAGE_ACCESS}. The kit
     * calls it while no store is open on the storage, then opens the store again through
     * {@link #reopen}: what the next process would read.
     *
     * @param closed   the clause's store, just closed
     * @param segment  a segment the clause created
     * @param position a position of that segment holding an entry
     * @param stored   the bytes to store, the caller's copy
     * @return {@code true} once stored; {@code false} when the storage itself cannot hold these bytes
     *         (a PostgreSQL {@code text} column refuses ill-formed UTF-8), so no store on it can ever
     *         read them. Bytes that are well-formed UTF-8 without a NUL must be stored.
     * @throws UnsupportedOperationException unless overridden
     */
    protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
        throw new UnsupportedOperationException("corruptStoredEntry(SegmentStore, SegmentId, long, byte[]) is not overridden: "
                + Capability.RAW_STORAGE_ACCESS + " is not supported");
    }

    /**
     * A snapshot of everything in the store's storage, read beneath the store: equal snapshots mean
     * nothing stored changed (a directory: every file's name and bytes; a database: every row of the
     * store's tables; a bucket: every key and ETag under the prefix). Leave out only what holds no data
     * and changes when data is merely read (SQLite's shared-memory {@code -shm} index). Override it,
     * with {@link #corruptStoredEntry}, to enable the clauses of {@link Capability#RAW_STORAGE_ACCESS}.
     *
     * @param store the clause's store, open or closed
     * @return a value that {@code equals} another snapshot exactly when the storage is unchanged
     * @throws UnsupportedOperationException unless overridden
     */
    protected Object storageSnapshot(SegmentStore store) {
        throw new UnsupportedOperationException("storageSnapshot(SegmentStore) is not overridden: "
                + Capability.RAW_STORAGE_ACCESS + " is not supported");
    }

    /**
     * Leaves in the storage what {@code store.create(segment, entries)} leaves when its process dies in
     * the middle of it, as another process that crashed would while {@code store} stays open (JSONL:
     * the pointer and a file holding the first half of the first line; S3: the index entries without
     * the segment's first object). Override it to enable the clauses of {@link Capability#TORN_CREATE};
     * a store whose create is one atomic step leaves nothing and does not override it.
     *
     * @param store   the clause's store, open
     * @param segment an id that does not exist
     * @param entries what the create was writing, a {@code segment_start} first
     * @throws UnsupportedOperationException unless overridden
     */
    protected void leaveTornCreate(SegmentStore store, SegmentId segment, List<StoredEntry> entries) {
        throw new UnsupportedOperationException("leaveTornCreate(SegmentStore, SegmentId, List) is not overridden: "
                + Capability.TORN_CREATE + " is not supported");
    }

    /**
     * The capabilities the store lacks; the clauses that need them are skipped, saying so. Empty by
     * default: a store is expected to do everything the port describes.
     *
     * @return the lacking capabilities, never null
     */
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    /**
     * The store the current clause runs against (for subclasses that add clauses of their own).
     *
     * @return the open store of the current clause
     */
    protected final SegmentStore store() {
        return store;
    }

    /**
     * A second store on the same storage as {@link #store()}, opened through {@link #openSecondStore}
     * on the first call of a clause and closed with the clause's store (for subclasses that add
     * clauses of their own, annotated {@code @RequiresCapability(Capability.SECOND_INSTANCE)}).
     *
     * @return the open second store of the current clause
     * @throws UnsupportedOperationException unless {@link #openSecondStore} is overridden
     */
    protected final SegmentStore secondStore() {
        if (second == null) {
            SegmentStore opened = Objects.requireNonNull(openSecondStore(store), "openSecondStore(SegmentStore) returned null");
            if (opened == store) {
                throw new AssertionError("openSecondStore(SegmentStore) returned the first store itself, not a second instance");
            }
            second = opened;
        }
        return second;
    }

    /**
     * The entries the kit's clauses write, for clauses of your own.
     *
     * @return the fixtures of this kit instance
     */
    protected final Fixtures fixtures() {
        return fx;
    }

    @BeforeEach
    final void kitOpensAFreshStore() {
        store = Objects.requireNonNull(openStore(), "openStore() returned null");
    }

    @AfterEach
    final void kitClosesTheStores() {
        List<SegmentStore> others = new ArrayList<>(readOnly);
        others.add(second);
        SegmentStore open = store;
        store = null;
        second = null;
        readOnly.clear();
        try {
            for (SegmentStore other : others) {
                if (other != null) {
                    other.close();
                }
            }
        } finally {
            if (open != null) {
                open.close();
            }
        }
    }

    /** A read-only store on the storage of the clause's store (open or closed), closed with the clause. */
    final SegmentStore openReadOnly() {
        SegmentStore opened = Objects.requireNonNull(openReadOnlyStore(store), "openReadOnlyStore(SegmentStore) returned null");
        readOnly.add(opened);
        return opened;
    }

    /**
     * Closes the clause's store, writes each of {@code rewrites} beneath it through
     * {@link #corruptStoredEntry}, and opens the store again through {@link #reopen}.
     *
     * @return for each rewrite, whether the storage holds it
     */
    final List<Boolean> rewriteStoredEntriesAndReopen(List<StoredBytes> rewrites) {
        SegmentStore closed = store;
        store = null;
        closed.close();
        Object before = Objects.requireNonNull(storageSnapshot(closed), "storageSnapshot(SegmentStore) returned null");
        List<Boolean> stored = new ArrayList<>(rewrites.size());
        for (StoredBytes rewrite : rewrites) {
            stored.add(corruptStoredEntry(closed, rewrite.segment(), rewrite.position(), rewrite.bytes()));
        }
        if (stored.contains(true) && before.equals(storageSnapshot(closed))) {
            throw new AssertionError("corruptStoredEntry returned true, yet storageSnapshot shows nothing changed:"
                    + " the hooks must write and see the storage beneath the store");
        }
        store = Objects.requireNonNull(reopen(closed), "reopen(SegmentStore) returned null");
        return stored;
    }

    /** What {@link #rewriteStoredEntriesAndReopen} writes in place of one entry. */
    record StoredBytes(SegmentId segment, long position, byte[] bytes) {
        @Override
        public byte[] bytes() {
            return bytes.clone(); // each hook call gets the caller's copy, as documented
        }
    }

    /** Closes the clause's store and opens it again through {@link #reopen}: what a new process would see. */
    final void reopenStore() {
        SegmentStore closed = store;
        store = null;
        closed.close();
        store = Objects.requireNonNull(reopen(closed), "reopen(SegmentStore) returned null");
    }

    /** Why the store lacks {@code capability}, or empty if it has it. */
    final Optional<String> whyLacking(Capability capability) {
        Set<Capability> lacking = Objects.requireNonNull(unsupported(), "unsupported() returned null");
        if (lacking.contains(capability)) {
            return Optional.of(getClass().getSimpleName() + ".unsupported() lists " + capability);
        }
        List<String> missing = HOOKS.getOrDefault(capability, List.of()).stream().filter(hook -> !overrides(hook)).toList();
        if (!missing.isEmpty()) {
            return Optional.of(getClass().getSimpleName() + " does not override " + String.join(" nor ", missing));
        }
        return Optional.empty();
    }

    /** Whether a subclass overrides the hook named {@code hook} (the kit declares each hook name once). */
    private boolean overrides(String hook) {
        for (Class<?> type = getClass(); type != SegmentStoreConformanceTest.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(hook) && !method.isBridge() && !method.isSynthetic()) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // The groups of clauses, each in its own file

    @Nested
    @DisplayName("create and read back")
    class CreateAndRead extends CreateClauses {
        CreateAndRead() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("append")
    class Append extends AppendClauses {
        Append() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("conditional append")
    class ConditionalAppend extends ConditionalAppendClauses {
        ConditionalAppend() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @Tag("concurrency")
    @DisplayName("concurrent writers")
    class Concurrency extends ConcurrencyClauses {
        Concurrency() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("read a page from a position")
    class Read extends ReadClauses {
        Read() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @Tag("paging")
    @DisplayName("paged reads")
    class PagedReads extends PagedReadClauses {
        PagedReads() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("count and exists")
    class CountAndExists extends CountAndExistsClauses {
        CountAndExists() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("unknown segments")
    class UnknownSegment extends UnknownSegmentClauses {
        UnknownSegment() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("which error wins")
    class ErrorPrecedence extends ErrorPrecedenceClauses {
        ErrorPrecedence() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("listing")
    class Listing extends ListingClauses {
        Listing() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @Tag("paging")
    @DisplayName("paged listings")
    class PagedListings extends PagedListingClauses {
        PagedListings() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("segment info")
    class Info extends InfoClauses {
        Info() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.DELETE_SESSION)
    @DisplayName("retention: delete a session")
    class Retention extends RetentionClauses {
        Retention() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.TRACE)
    @DisplayName("trace")
    class Trace extends TraceClauses {
        Trace() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("isolation")
    class Isolation extends IsolationClauses {
        Isolation() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("close")
    class Close extends CloseClauses {
        Close() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.DURABILITY_ON_REOPEN)
    @Tag("durability")
    @DisplayName("durability on reopen")
    class Durability extends DurabilityClauses {
        Durability() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @Tag("operations")
    @DisplayName("the operations (SegmentLog, SegmentWriter) end to end on the store")
    class Operations extends OperationsClauses {
        Operations() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.SECOND_INSTANCE)
    @Tag("multi-instance")
    @DisplayName("two store instances on the same storage")
    class MultiInstance extends MultiInstanceClauses {
        MultiInstance() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.READ_ONLY)
    @Tag("read-only")
    @DisplayName("a read-only store on the writer's storage")
    class ReadOnlyStores extends ReadOnlyClauses {
        ReadOnlyStores() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability({Capability.RAW_STORAGE_ACCESS, Capability.DURABILITY_ON_REOPEN})
    @Tag("stored-bytes")
    @DisplayName("stored bytes altered beneath the store")
    class AlteredBytes extends AlteredBytesClauses {
        AlteredBytes() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.TORN_CREATE)
    @Tag("stored-bytes")
    @DisplayName("what a create that never finished leaves")
    class TornCreates extends TornCreateClauses {
        TornCreates() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @DisplayName("entries with chain fields, with or without the capability")
    class ChainFields extends ChainFieldClauses {
        ChainFields() {
            super(SegmentStoreConformanceTest.this);
        }
    }

    @Nested
    @RequiresCapability(Capability.HASH_CHAIN)
    @DisplayName("hash-chained segments")
    class HashChained extends HashChainClauses {
        HashChained() {
            super(SegmentStoreConformanceTest.this);
        }
    }
}
