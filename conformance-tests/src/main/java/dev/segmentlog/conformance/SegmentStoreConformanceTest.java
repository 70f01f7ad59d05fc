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
 *     @Override protected SegmentStore reopen(SegmentStore closed) { return new RedisSegmentStore(...); } // optional
 *     @Override protected Set<Capability> unsupported() { return Set.of(Capability.DELETE_SESSION); }     // optional
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
 *       meaning across versions of the kit; a retired id is never reused.</li>
 *   <li>A clause that needs a {@link Capability} the store lacks (see {@link #unsupported()} and
 *       {@link #reopen}) is skipped by a JUnit assumption whose message names the capability. Every
 *       other clause is mandatory, and a run in which mandatory clauses were selected but not one of
 *       them executed (say, {@code openStore()} aborts every clause) fails.</li>
 *   <li>No fixed sleeps: concurrency clauses start their threads together, accept every valid
 *       outcome and wait at most {@value Concurrently#TIMEOUT_SECONDS} seconds.</li>
 * </ul>
 */
@ExtendWith(ConformanceGuard.class)
public abstract class SegmentStoreConformanceTest {

    private final Fixtures fx = new Fixtures();
    private SegmentStore store;

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
     * The capabilities the store lacks; the clauses that need them are skipped, saying so. Empty by
     * default: a store is expected to do everything the port describes.
     *
     * @return the lacking capabilities, never null
     */
    protected Set<Capability> unsupported() {
        return Set.of();
    }

    /** The store the current clause runs against (for subclasses that add clauses of their own). */
    protected final SegmentStore store() {
        return store;
    }

    @BeforeEach
    final void kitOpensAFreshStore() {
        store = Objects.requireNonNull(openStore(), "openStore() returned null");
    }

    @AfterEach
    final void kitClosesTheStore() {
        if (store != null) {
            SegmentStore open = store;
            store = null;
            open.close();
        }
    }

    final Fixtures fixtures() {
        return fx;
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
        if (capability == Capability.DURABILITY_ON_REOPEN && !overridesReopen()) {
            return Optional.of(getClass().getSimpleName() + " does not override reopen(SegmentStore)");
        }
        return Optional.empty();
    }

    private boolean overridesReopen() {
        for (Class<?> type = getClass(); type != SegmentStoreConformanceTest.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod("reopen", SegmentStore.class);
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
