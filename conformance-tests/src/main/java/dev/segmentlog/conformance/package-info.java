/**
 * The conformance kit of segmentlog: the contract of {@link dev.segmentlog.spi.SegmentStore} as
 * JUnit 5 clauses every store runs, and the {@link dev.segmentlog.conformance.AdapterArchitectureRules}.
 * The in-memory store that passes it lives in its own module ({@code store-memory}, scheme
 * {@code mem:}), so that an application's unit tests need neither JUnit nor ArchUnit from here.
 *
 * <h2>For a backend author</h2>
 * Add this jar as a test-scoped dependency ({@code dev.segmentlog:conformance-tests}, versions from
 * {@code dev.segmentlog:segmentlog-bom}), run tests on the JUnit Platform (Surefire 3.x, with
 * {@code failIfNoTests}: the module's {@code README.md} has the Maven and Gradle set-up and lists
 * every clause), and extend the kit:
 * <pre>{@code
 * class RedisStoreConformanceTest extends dev.segmentlog.conformance.SegmentStoreConformanceTest {
 *     @Override protected SegmentStore openStore() { return new RedisSegmentStore(...); }
 *     // optional: @Override protected SegmentStore reopen(SegmentStore closed) — enables durability clauses
 *     // optional: @Override protected SegmentStore openSecondStore(SegmentStore first) — enables second-instance clauses
 *     // optional: @Override protected SegmentStore openReadOnlyStore(SegmentStore writer) — enables read-only clauses
 *     // optional: corruptStoredEntry(...) and storageSnapshot(...) — enable the clauses on bytes altered beneath the store
 *     // optional: leaveTornCreate(...) — enables the clauses on what a create that never finished leaves
 *     // optional: @Override protected Set<Capability> unsupported() — capabilities the store lacks
 * }
 * }</pre>
 * <ul>
 *   <li>{@code openStore()} is called before every clause and the store is closed after it. The
 *       store need not be empty: clauses use fresh random ids and look only at their own data.</li>
 *   <li>{@code reopen(closed)} opens the store again on the data of the store the kit just closed;
 *       without it the clauses needing {@link dev.segmentlog.conformance.Capability#DURABILITY_ON_REOPEN}
 *       are skipped.</li>
 *   <li>{@code openSecondStore(first)} opens another instance on the same storage while the first is
 *       open, as another process of a deployment would; without it the clauses needing
 *       {@link dev.segmentlog.conformance.Capability#SECOND_INSTANCE} are skipped. They hold a store
 *       to caching nothing another instance can change: instance B, after reading, sees at once A's
 *       appends, new segments, deletes, ids created again, head hashes and trace entries; a
 *       conditional append through B at a stale count conflicts; creates, conditional appends and
 *       readers race across the two instances.</li>
 *   <li>{@code openReadOnlyStore(writer)} opens a read-only store on the writer's storage
 *       ({@link dev.segmentlog.conformance.Capability#READ_ONLY}): it must read everything the writer
 *       committed, before and after it was opened ({@code [C-RO-01]}), refuse every write with
 *       {@link dev.segmentlog.spi.ReadOnlyStoreException} before any other error ({@code [C-RO-02]}), and
 *       leave every stored byte as it was, lock files included ({@code [C-RO-03]}).</li>
 *   <li>{@code corruptStoredEntry(closed, segment, position, bytes)} writes bytes in place of an entry's
 *       stored form beneath the store, and {@code storageSnapshot(store)} tells whether anything stored
 *       changed ({@link dev.segmentlog.conformance.Capability#RAW_STORAGE_ACCESS}): ill-formed UTF-8
 *       ({@code [C-UTF8-01]}) and bytes that are no entry ({@code [C-CORRUPT-01]}) are read as
 *       {@link dev.segmentlog.spi.CorruptDataException} naming the segment and position, never as other
 *       text nor skipped; well-formed UTF-8 at the edges of each range is text ({@code [C-UTF8-02]}); a
 *       corrupt entry spoils nothing else and reading it changes nothing stored ({@code [C-CORRUPT-02]}).</li>
 *   <li>{@code leaveTornCreate(store, segment, entries)} leaves what a create that never finished leaves
 *       ({@link dev.segmentlog.conformance.Capability#TORN_CREATE}): it is no segment ({@code [C-TORN-01]}),
 *       every listing passes over it and the rest of the store reads whole ({@code [C-TORN-02]}), and its
 *       id can be created again ({@code [C-TORN-03]}).</li>
 *   <li>{@code unsupported()} lists the {@link dev.segmentlog.conformance.Capability capabilities}
 *       the store lacks; their clauses are skipped with a message naming the capability. Every other
 *       clause is mandatory, and a run in which mandatory clauses were selected but none executed
 *       (for instance because {@code openStore()} aborts on a missing backend) fails. A store that
 *       forgets to list a capability it lacks fails one clause, whose message names the capability
 *       to list, and the other clauses needing it are skipped.</li>
 *   <li>Clauses are grouped in {@code @Nested} classes, one concern each, whose clauses live in a file
 *       of their own ({@code AppendClauses}, {@code PagedReadClauses}, …); each display name, method
 *       name and failure message starts with a stable clause id ({@code [C-COND-05] …},
 *       {@code C_COND_05_…}), so Surefire's reports show it. Concurrency clauses are tagged
 *       {@code concurrency}, second-instance clauses {@code multi-instance}, durability clauses
 *       {@code durability}, the end-to-end operation clauses {@code operations}, the page clauses
 *       {@code paging}, the read-only clauses {@code read-only}, those beneath the store
 *       {@code stored-bytes}.</li>
 *   <li>Races ({@code [C-CONC-03]}, {@code [C-CONC-04]}, {@code [C-MULTI-08]}–{@code [C-MULTI-10]}):
 *       threads (and instances) creating one id at once, of which exactly one wins and leaves its
 *       segment whole; readers racing writers of batches, which never see part of a batch, a torn
 *       entry, or a count that disagrees with what they read. Threads start together, loops are
 *       bounded, nothing sleeps.</li>
 *   <li>Pages: the group "paged reads" ({@code [C-PAGE-01]}–{@code [C-PAGE-03]}) walks a segment of
 *       10,000 entries with limits from 1 to more than its count and reads it at the start, middle,
 *       end and past it; the group "paged listings" ({@code [C-PAGE-04]}–{@code [C-PAGE-08]}) walks
 *       1,000 new sessions, 1,000 new segments and a session of 300 segments, also while other
 *       sessions are created between pages and by another thread. They create their data with a few
 *       batch appends and about 3,000 creates.</li>
 *   <li>Hash-chained segments are an optional capability,
 *       {@link dev.segmentlog.conformance.Capability#HASH_CHAIN}: the group "hash-chained segments"
 *       ({@code [C-CHAIN-01]} …) holds a store to keeping each entry's {@code prev_hash} and
 *       {@code hash} exactly as given through {@code create}, {@code append} and {@code read} (through
 *       conflicts, refused batches and reopening), and runs {@code SegmentLog.chained()}, chained forks
 *       and chained writers on it, verifying every chain with {@link dev.segmentlog.log.HashChain#verify}.
 *       A store that does not keep chain fields lists {@code HASH_CHAIN} in {@code unsupported()}, and
 *       those clauses are skipped saying so; the mandatory clause {@code [C-CAP-01]} then checks that
 *       it refuses entries carrying chain fields with an
 *       {@link dev.segmentlog.spi.UnsupportedCapabilityException} instead of dropping the fields.</li>
 *   <li>Clauses of an adapter's own, in its subclass, use {@code store()}, {@code secondStore()},
 *       the public {@link dev.segmentlog.conformance.Fixtures} and
 *       {@link dev.segmentlog.conformance.RequiresCapability}.</li>
 * </ul>
 * Also run the architecture rules on the adapter's own package:
 * <pre>{@code
 * @Test void adapterFollowsTheSegmentlogRules() { AdapterArchitectureRules.check("com.acme.segmentlog.redis"); }
 * }</pre>
 *
 * <h2>Retired clause ids</h2>
 * A clause id keeps its meaning across versions of the kit and is never reused. Since the port has
 * one write path and one read path for plain and chained entries, the chained twins of plain clauses
 * were folded into them: {@code C-CHAIN-06} (a chained conditional append at a stale count) into
 * {@code C-COND-02}/{@code C-COND-03}, {@code C-CHAIN-07} (create of an existing id) into
 * {@code C-CREATE-06}/{@code C-CREATE-07}, {@code C-CHAIN-08} (a chained batch with a refused entry)
 * into {@code C-APPEND-03}/{@code C-CREATE-08}/{@code C-COND-04}, {@code C-CHAIN-09} (unknown
 * segment) into {@code C-NOTFOUND-01}, and {@code C-CHAIN-10} (racing conditional appends) into
 * {@code C-COND-05}.
 */
package dev.segmentlog.conformance;
