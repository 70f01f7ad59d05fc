/**
 * The conformance kit of segmentlog: the contract of {@link dev.segmentlog.spi.SegmentStore} as
 * JUnit 5 clauses every store runs, the reference {@link dev.segmentlog.conformance.InMemorySegmentStore},
 * and the {@link dev.segmentlog.conformance.AdapterArchitectureRules}.
 *
 * <h2>For a backend author</h2>
 * Add this jar as a test-scoped dependency ({@code dev.segmentlog:conformance-tests}) and extend the kit:
 * <pre>{@code
 * class RedisStoreConformanceTest extends dev.segmentlog.conformance.SegmentStoreConformanceTest {
 *     @Override protected SegmentStore openStore() { return new RedisSegmentStore(...); }
 *     // optional: @Override protected SegmentStore reopen(SegmentStore closed) — enables durability clauses
 *     // optional: @Override protected Set<Capability> unsupported() — capabilities the store lacks
 * }
 * }</pre>
 * <ul>
 *   <li>{@code openStore()} is called before every clause and the store is closed after it. The
 *       store need not be empty: clauses use fresh random ids and look only at their own data.</li>
 *   <li>{@code reopen(closed)} opens the store again on the data of the store the kit just closed;
 *       without it the clauses needing {@link dev.segmentlog.conformance.Capability#DURABILITY_ON_REOPEN}
 *       are skipped.</li>
 *   <li>{@code unsupported()} lists the {@link dev.segmentlog.conformance.Capability capabilities}
 *       the store lacks; their clauses are skipped with a message naming the capability. Every other
 *       clause is mandatory, and a run in which mandatory clauses were selected but none executed
 *       (for instance because {@code openStore()} aborts on a missing backend) fails.</li>
 *   <li>Clauses are grouped in {@code @Nested} classes; each display name starts with a stable clause
 *       id ({@code [C-COND-05] …}). Concurrency clauses are tagged {@code concurrency}, durability
 *       clauses {@code durability}, the end-to-end operation clauses {@code operations}.</li>
 *   <li>Hash-chained segments are an optional capability,
 *       {@link dev.segmentlog.conformance.Capability#HASH_CHAIN}: the group "hash-chained segments"
 *       ({@code [C-CHAIN-01]} …) holds a store to {@code createHashed}, {@code appendHashedIfCount},
 *       {@code readHashed} and {@code headHash} — each entry's {@code prev_hash} and {@code hash} kept
 *       exactly as given, through conflicts, refused batches, races and reopening — and runs
 *       {@code SegmentLog.chained()}, chained forks and chained writers on it, verifying every chain
 *       with {@link dev.segmentlog.spi.HashChain#verify}. A store that does not keep chain fields
 *       (it leaves the port's default methods, which throw
 *       {@link dev.segmentlog.spi.UnsupportedCapabilityException}) lists {@code HASH_CHAIN} in
 *       {@code unsupported()}, and those clauses are skipped saying so; left undeclared, they fail.</li>
 * </ul>
 * Also run the architecture rules on the adapter's own package:
 * <pre>{@code
 * @Test void adapterFollowsTheSegmentlogRules() { AdapterArchitectureRules.check("com.acme.segmentlog.redis"); }
 * }</pre>
 *
 * <h2>For an application's unit tests</h2>
 * {@link dev.segmentlog.conformance.InMemorySegmentStore} is a thread-safe store that refuses and
 * returns exactly what real stores do, keeps hash-chained segments, and passes the whole kit.
 */
package dev.segmentlog.conformance;
