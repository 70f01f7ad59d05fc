package dev.segmentlog.conformance;

import dev.segmentlog.spi.SegmentStore;
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

    private final Fixtures fx = new Fixtures();
    private SegmentStore store;
    /** The second instance of the current clause, opened on first use; null until then. */
    private SegmentStore second;

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
        SegmentStore open = store;
        SegmentStore other = second;
        store = null;
        second = null;
        try {
            if (other != null) {
                other.close();
            }
        } finally {
            if (open != null) {
                open.close();
            }
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
        if (capability == Capability.DURABILITY_ON_REOPEN && !overrides("reopen")) {
            return Optional.of(getClass().getSimpleName() + " does not override reopen(SegmentStore)");
        }
        if (capability == Capability.SECOND_INSTANCE && !overrides("openSecondStore")) {
            return Optional.of(getClass().getSimpleName() + " does not override openSecondStore(SegmentStore)");
        }
        return Optional.empty();
    }

    /** Whether a subclass overrides the hook {@code name(SegmentStore)}. */
    private boolean overrides(String hook) {
        for (Class<?> type = getClass(); type != SegmentStoreConformanceTest.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod(hook, SegmentStore.class);
                return true;
            } catch (NoSuchMethodException notHere) {
                // look further up
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
