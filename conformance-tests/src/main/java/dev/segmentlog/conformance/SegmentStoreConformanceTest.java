package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.Lineage;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.TurnNotReachedException;
import dev.segmentlog.spi.ChainReport;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.HashChain;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentHead;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentLog;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentWriter;
import dev.segmentlog.spi.StartState;
import dev.segmentlog.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
 *   <li>Clauses are grouped in {@code @Nested} classes; each display name starts with a stable clause
 *       id such as {@code [C-APPEND-03]}, which stays the same across versions of the kit.</li>
 *   <li>A clause that needs a {@link Capability} the store lacks (see {@link #unsupported()} and
 *       {@link #reopen}) is skipped by a JUnit assumption whose message names the capability. Every
 *       other clause is mandatory, and a run in which mandatory clauses were selected but not one of
 *       them executed (say, {@code openStore()} aborts every clause) fails.</li>
 *   <li>No fixed sleeps: concurrency clauses start their threads together, accept every valid
 *       outcome and wait at most {@value #TIMEOUT_SECONDS} seconds.</li>
 * </ul>
 */
@ExtendWith(ConformanceGuard.class)
public abstract class SegmentStoreConformanceTest {

    /** The longest any concurrency clause waits for its threads. */
    static final long TIMEOUT_SECONDS = 30;

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
    // Clauses

    @Nested
    @DisplayName("create and read back")
    class CreateAndRead {

        @Test
        @DisplayName("[C-CREATE-01] every entry kind and variant (legacy read-only kinds included) is read back equal")
        void everyKindRoundTrips() {
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>();
            written.add(fx.start(session));
            written.addAll(fx.everyKindAfterStart());
            Set<EntryKind> kinds = written.stream().map(LogEntry::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(EntryKind.class)));
            assertEquals(EnumSet.allOf(EntryKind.class), kinds, "kit fixture must hold every entry kind");

            store.create(segment, written);

            assertEntries(written, store.readAll(segment), "readAll after create");
            assertEquals(written.size(), store.count(segment), "count after create");
        }

        @Test
        @DisplayName("[C-CREATE-02] segment_start variants (no prompt, forked, compacted) are read back equal")
        void startVariantsRoundTrip() {
            SessionId session = SessionId.generate();
            SegmentId source = SegmentId.generate();
            for (LogEntry.SegmentStart start : fx.startVariants(session, source)) {
                SegmentId segment = SegmentId.generate();
                store.create(segment, List.of(start));
                assertEntries(List.of(start), store.readAll(segment), "readAll of a segment opened by " + start);
            }
        }

        @Test
        @DisplayName("[C-CREATE-03] unicode (emoji, RTL, combining marks, escapes, control characters) is kept exactly")
        void unicodeRoundTrips() {
            SegmentId segment = SegmentId.generate();
            String text = Fixtures.UNICODE;
            List<LogEntry> written = List.of(
                    new LogEntry.SegmentStart(fx.tick(), SessionId.generate(), text, RequestConfig.DEFAULT.withMaxTokens(1),
                            List.of(HistoryItem.user(text)), null, null),
                    new LogEntry.UserInput(fx.tick(), List.of(new InputPart.Text(text), new InputPart.FileRef("dossier/é 😀/ملف.txt"))),
                    new LogEntry.AssistantItem(fx.tick(), new HistoryItem.ToolCall("c-" + text, text, "{\"q\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")),
                    new LogEntry.SystemItemEntry(fx.tick(), new SystemItem.Knowledge("ק", text)),
                    new LogEntry.RunErrored(fx.tick(), false, text),
                    new LogEntry.Extension(fx.tick(), "domain-" + text, Fixtures.json("[\"😀\",\"שלום\",\"\\u0000\"]")));
            store.create(segment, written);
            assertEntries(written, store.readAll(segment), "readAll of unicode entries");
        }

        @Test
        @DisplayName("[C-CREATE-04] empty lists (history, content, input parts, summaries, stop sequences, legacy items) are kept")
        void emptyListsRoundTrip() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = List.of(
                    fx.plainStart(SessionId.generate()),
                    new LogEntry.UserInput(fx.tick(), List.of()),
                    new LogEntry.AssistantItem(fx.tick(), new HistoryItem.Message(HistoryItem.Role.ASSISTANT, List.of())),
                    new LogEntry.AssistantItem(fx.tick(), new HistoryItem.Reasoning("", List.of(), null, null)),
                    new LogEntry.ConfigChanged(fx.tick(), RequestConfig.DEFAULT),
                    new LogEntry.AssistantItems(fx.tick(), List.of()),
                    new LogEntry.ToolResults(fx.tick(), List.of()),
                    new LogEntry.HookInjectedItems(fx.tick(), List.of()),
                    new LogEntry.SystemItems(fx.tick(), List.of()));
            store.create(segment, written);
            assertEntries(written, store.readAll(segment), "readAll of entries with empty lists");
        }

        @Test
        @RequiresCapability(Capability.LARGE_ENTRIES)
        @DisplayName("[C-CREATE-05] entries of about 1 MB are created, appended and read back whole")
        void largeEntriesRoundTrip() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> created = List.of(fx.plainStart(SessionId.generate()), fx.largeUserInput(1 << 20));
            LogEntry appended = fx.largeExtension(1 << 20);
            store.create(segment, created);
            store.append(segment, appended);
            List<LogEntry> all = new ArrayList<>(created);
            all.add(appended);
            assertEntries(all, store.readAll(segment), "readAll of large entries");
            assertEntries(List.of(appended), store.readFrom(segment, 2), "readFrom(2) of large entries");
            assertEquals(3, store.count(segment), "count of large entries");
        }

        @Test
        @DisplayName("[C-CREATE-06] create refuses an existing segment and changes nothing")
        void createRefusesExisting() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> original = List.of(fx.start(SessionId.generate()), fx.marker("original"));
            store.create(segment, original);
            SegmentInfo before = store.info(segment);
            SessionId intruder = SessionId.generate();

            SegmentAlreadyExistsException refused = assertThrows(SegmentAlreadyExistsException.class,
                    () -> store.create(segment, List.of(fx.plainStart(intruder), fx.marker("overwrite"), fx.marker("more"))),
                    "create of an existing segment must throw SegmentAlreadyExistsException");
            assertEquals(segment, refused.segmentId(), "SegmentAlreadyExistsException.segmentId()");

            assertEntries(original, store.readAll(segment), "entries after a refused create");
            assertEquals(2, store.count(segment), "count after a refused create");
            assertEquals(before, store.info(segment), "info after a refused create");
            assertEquals(List.of(), store.listSegments(intruder), "the refused create's session must not be listed");
        }

        @Test
        @DisplayName("[C-CREATE-07] create with no entries, or without a segment_start first, throws IllegalArgumentException and creates nothing")
        void createNeedsSegmentStart() {
            SegmentId empty = SegmentId.generate();
            SegmentId headless = SegmentId.generate();
            SegmentId startLater = SegmentId.generate();
            SessionId session = SessionId.generate();
            assertThrows(IllegalArgumentException.class, () -> store.create(empty, List.of()), "create with no entries");
            assertThrows(IllegalArgumentException.class, () -> store.create(headless, List.of(fx.marker("no start"))),
                    "create without a segment_start");
            assertThrows(IllegalArgumentException.class,
                    () -> store.create(startLater, List.of(fx.marker("first"), fx.plainStart(session))),
                    "create whose segment_start is not the first entry");
            assertAll(
                    () -> assertFalse(store.exists(empty), "a refused create must not create the segment"),
                    () -> assertFalse(store.exists(headless), "a refused create must not create the segment"),
                    () -> assertFalse(store.exists(startLater), "a refused create must not create the segment"),
                    () -> assertEquals(List.of(), store.listSegments(session), "a refused create must not list its session"));
        }

        @Test
        @DisplayName("[C-CREATE-08] create with an entry the codec refuses throws InvalidEntryException and creates nothing")
        void createIsAtomic() {
            SegmentId segment = SegmentId.generate();
            SessionId session = SessionId.generate();
            assertThrows(InvalidEntryException.class,
                    () -> store.create(segment, List.of(fx.plainStart(session), fx.marker("fine"), fx.refused())),
                    "create with a refused entry");
            assertFalse(store.exists(segment), "a refused create must not create the segment");
            assertEquals(List.of(), store.listSegments(session), "a refused create must not list its session");

            List<LogEntry> retry = List.of(fx.plainStart(session), fx.marker("retry"));
            store.create(segment, retry);
            assertEntries(retry, store.readAll(segment), "create after a refused create of the same id");
        }
    }

    @Nested
    @DisplayName("append")
    class Append {

        @Test
        @DisplayName("[C-APPEND-01] single appends are read back in append order")
        void appendsKeepOrder() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
            store.create(segment, written);
            for (int i = 0; i < 12; i++) {
                LogEntry entry = fx.marker("single-" + i);
                store.append(segment, entry);
                written.add(entry);
            }
            assertEntries(written, store.readAll(segment), "readAll after single appends");
        }

        @Test
        @DisplayName("[C-APPEND-02] a batch is stored whole, in order, after what came before")
        void batchKeepsOrder() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("initial")));
            store.create(segment, written);
            LogEntry before = fx.marker("before");
            List<LogEntry> batch = List.of(fx.marker("b1"), fx.marker("b2"), fx.marker("b3"), fx.marker("b4"));
            LogEntry after = fx.marker("after");
            store.append(segment, before);
            store.appendAll(segment, batch);
            store.append(segment, after);
            written.add(before);
            written.addAll(batch);
            written.add(after);
            assertEntries(written, store.readAll(segment), "readAll after a batch between single appends");
            assertEquals(written.size(), store.count(segment), "count after a batch");
        }

        @Test
        @DisplayName("[C-APPEND-03] a batch with one refused entry leaves nothing behind")
        void batchIsAtomic() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("kept"));
            store.create(segment, written);
            assertThrows(InvalidEntryException.class,
                    () -> store.appendAll(segment, List.of(fx.marker("ok-1"), fx.refused(), fx.marker("ok-2"))),
                    "a batch holding a refused entry");
            assertThrows(InvalidEntryException.class,
                    () -> store.appendAll(segment, List.of(fx.marker("ok-3"), fx.marker("ok-4"), fx.refused())),
                    "a batch ending with a refused entry");
            assertEquals(2, store.count(segment), "count after refused batches");
            assertEntries(written, store.readAll(segment), "entries after refused batches");
        }

        @Test
        @DisplayName("[C-APPEND-04] a single refused entry throws InvalidEntryException, writes nothing and the segment stays writable")
        void refusedEntryWritesNothing() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
            store.create(segment, written);
            InvalidEntryException refused = assertThrows(InvalidEntryException.class,
                    () -> store.append(segment, fx.refused()), "append of a refused entry");
            assertEquals(EntryKind.EXTENSION.wireName(), refused.kind(), "InvalidEntryException.kind()");
            LogEntry next = fx.marker("next");
            store.append(segment, next);
            written.add(next);
            assertEntries(written, store.readAll(segment), "entries after a refused append and a good one");
        }
    }

    @Nested
    @DisplayName("conditional append")
    class ConditionalAppend {

        @Test
        @DisplayName("[C-COND-01] a conditional append at the current count succeeds")
        void succeedsAtCount() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
            store.create(segment, written);
            List<LogEntry> first = List.of(fx.marker("c1"), fx.marker("c2"));
            store.appendIfCount(segment, 1, first);
            written.addAll(first);
            List<LogEntry> second = List.of(fx.marker("c3"));
            store.appendIfCount(segment, 3, second);
            written.addAll(second);
            assertEntries(written, store.readAll(segment), "entries after conditional appends");
            assertEquals(4, store.count(segment), "count after conditional appends");
        }

        @Test
        @DisplayName("[C-COND-02] a conditional append at a stale count throws ConflictException (expected, actual) and writes nothing")
        void staleCountConflicts() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b"));
            store.create(segment, written);
            ConflictException conflict = assertThrows(ConflictException.class,
                    () -> store.appendIfCount(segment, 1, List.of(fx.marker("late"))), "conditional append at a stale count");
            assertAll(
                    () -> assertEquals(segment, conflict.segmentId(), "ConflictException.segmentId()"),
                    () -> assertEquals(1, conflict.expectedCount(), "ConflictException.expectedCount()"),
                    () -> assertEquals(3, conflict.actualCount(), "ConflictException.actualCount()"));
            assertEntries(written, store.readAll(segment), "entries after a conflict");
        }

        @Test
        @DisplayName("[C-COND-03] a conditional append at a count ahead of the segment throws ConflictException and writes nothing")
        void countAheadConflicts() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"));
            store.create(segment, written);
            ConflictException conflict = assertThrows(ConflictException.class,
                    () -> store.appendIfCount(segment, 5, List.of(fx.marker("x"), fx.marker("y"))),
                    "conditional append at a count ahead of the segment");
            assertAll(
                    () -> assertEquals(5, conflict.expectedCount(), "ConflictException.expectedCount()"),
                    () -> assertEquals(2, conflict.actualCount(), "ConflictException.actualCount()"));
            assertEntries(written, store.readAll(segment), "entries after a conflict");
        }

        @Test
        @DisplayName("[C-COND-04] a conditional batch with a refused entry writes nothing, and the count still holds afterwards")
        void conditionalBatchIsAtomic() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
            store.create(segment, written);
            assertThrows(InvalidEntryException.class,
                    () -> store.appendIfCount(segment, 1, List.of(fx.marker("ok"), fx.refused())),
                    "conditional batch with a refused entry");
            assertEntries(written, store.readAll(segment), "entries after a refused conditional batch");
            LogEntry next = fx.marker("next");
            store.appendIfCount(segment, 1, List.of(next));
            written.add(next);
            assertEntries(written, store.readAll(segment), "entries after a good conditional append at the same count");
        }

        @Test
        @DisplayName("[C-COND-06] a conditional append retried after it succeeded is never stored twice: the retry succeeds as a no-op or conflicts with the count after its own batch")
        void retriedConditionalAppendIsIdempotentForItsWriter() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
            store.create(segment, written);
            List<LogEntry> batch = List.of(fx.marker("once"), fx.marker("only once"));
            store.appendIfCount(segment, 1, batch);
            // A writer that lost the answer (a timeout, a crash) retries the same call. A store may
            // recognise its own write (success) or report the conflict; it never stores the batch twice.
            try {
                store.appendIfCount(segment, 1, batch);
            } catch (ConflictException retry) {
                assertEquals(1 + batch.size(), retry.actualCount(), "ConflictException.actualCount() after the retry");
            }
            assertEquals(1 + batch.size(), store.count(segment), "count after the retry");
            assertEntries(batch, store.readFrom(segment, 1), "entries at the expected count: the writer's own batch, once");
            written.addAll(batch);
            assertEntries(written, store.readAll(segment), "entries after the retry");
        }

        @Test
        @Tag("concurrency")
        @DisplayName("[C-COND-05] two threads racing conditional appends at the same count: exactly one wins, the other conflicts, nothing interleaves")
        void racingConditionalAppends() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            for (int round = 0; round < 8; round++) {
                long expected = store.count(segment);
                Map<String, List<LogEntry>> batches = new HashMap<>();
                for (String writer : List.of("A", "B")) {
                    batches.put(writer, List.of(fx.marker(writer + round + "-1"), fx.marker(writer + round + "-2"),
                            fx.marker(writer + round + "-3")));
                }
                int currentRound = round;
                List<String> outcomes = runTogether(2, i -> () -> {
                    String writer = i == 0 ? "A" : "B";
                    try {
                        store.appendIfCount(segment, expected, batches.get(writer));
                        return "won:" + writer;
                    } catch (ConflictException conflict) {
                        assertEquals(expected, conflict.expectedCount(), "round " + currentRound + ": ConflictException.expectedCount()");
                        assertEquals(expected + 3, conflict.actualCount(),
                                "round " + currentRound + ": the loser's ConflictException.actualCount() must count the winner's batch");
                        return "conflict:" + writer;
                    }
                });
                List<String> winners = outcomes.stream().filter(o -> o.startsWith("won:")).map(o -> o.substring(4)).toList();
                assertEquals(1, winners.size(), "round " + round + ": exactly one of two racing conditional appends must win, got " + outcomes);
                assertEntries(batches.get(winners.get(0)), store.readFrom(segment, expected),
                        "round " + round + ": after the race the segment must end with the winner's whole batch and nothing else");
                assertEquals(expected + 3, store.count(segment), "round " + round + ": count after the race");
            }
        }
    }

    @Nested
    @Tag("concurrency")
    @DisplayName("concurrent writers")
    class Concurrency {

        @Test
        @DisplayName("[C-CONC-01] threads appending concurrently: every entry present exactly once, each thread's order and batches kept")
        void concurrentAppendsAllLand() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            int threads = 4;
            int rounds = 12; // each round: one single append, one batch of two
            runTogether(threads, t -> () -> {
                for (int r = 0; r < rounds; r++) {
                    store.append(segment, fx.marker("t" + t + "-s" + r));
                    store.appendAll(segment, List.of(fx.marker("t" + t + "-b" + r + "a"), fx.marker("t" + t + "-b" + r + "b")));
                }
                return null;
            });
            List<LogEntry> all = store.readAll(segment);
            int expected = 1 + threads * rounds * 3;
            assertEquals(expected, store.count(segment), "count after concurrent appends");
            assertEquals(expected, all.size(), "entries after concurrent appends");
            List<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).toList();
            assertEquals(labels.size(), new HashSet<>(labels).size(), "an entry was stored twice: " + labels);
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                List<String> own = labels.stream().filter(l -> l != null && l.startsWith(prefix)).toList();
                List<String> expectedOwn = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    expectedOwn.addAll(List.of(prefix + "s" + r, prefix + "b" + r + "a", prefix + "b" + r + "b"));
                }
                assertEquals(expectedOwn, own, "thread " + t + "'s entries, in its order");
            }
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                if (label != null && label.endsWith("a") && label.contains("-b")) {
                    String partner = label.substring(0, label.length() - 1) + "b";
                    assertTrue(i + 1 < labels.size() && partner.equals(labels.get(i + 1)),
                            "batch " + label + "/" + partner + " was interleaved with another writer's entries");
                }
            }
        }

        @Test
        @DisplayName("[C-CONC-02] writers retrying conditional appends on conflict never lose nor duplicate an entry")
        void optimisticWritersConverge() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            int threads = 3;
            int perThread = 8;
            List<Integer> conflicts = runTogether(threads, t -> () -> {
                int seen = 0;
                for (int i = 0; i < perThread; i++) {
                    LogEntry entry = fx.marker("w" + t + "-" + i);
                    while (true) {
                        long count = store.count(segment);
                        try {
                            store.appendIfCount(segment, count, List.of(entry));
                            break;
                        } catch (ConflictException conflict) {
                            seen++; // another writer got there first: read the count again
                        }
                    }
                }
                return seen;
            });
            List<LogEntry> all = store.readAll(segment);
            assertEquals(1 + threads * perThread, all.size(),
                    "entries after optimistic writers (conflicts seen: " + conflicts + ")");
            Set<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).collect(Collectors.toSet());
            assertEquals(threads * perThread, labels.size(), "every optimistic writer's entry exactly once");
        }
    }

    @Nested
    @DisplayName("read from a position")
    class ReadFrom {

        @Test
        @DisplayName("[C-READ-01] readFrom(K) returns exactly the entries from K on, for every K, and readAll equals readFrom(0)")
        void readFromEveryPosition() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("0")));
            store.create(segment, written);
            List<LogEntry> more = List.of(fx.marker("1"), fx.marker("2"), fx.marker("3"), fx.marker("4"));
            store.appendAll(segment, more.subList(0, 2));
            store.append(segment, more.get(2));
            store.append(segment, more.get(3));
            written.addAll(more);
            for (int k = 0; k < written.size(); k++) {
                assertEntries(written.subList(k, written.size()), store.readFrom(segment, k), "readFrom(" + k + ")");
            }
            assertEntries(written, store.readAll(segment), "readAll");
        }

        @Test
        @DisplayName("[C-READ-02] readFrom at the count, or past it, is empty")
        void readFromAtOrPastEnd() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b")));
            assertAll(
                    () -> assertEquals(List.of(), store.readFrom(segment, 3), "readFrom(count)"),
                    () -> assertEquals(List.of(), store.readFrom(segment, 4), "readFrom(count + 1)"),
                    () -> assertEquals(List.of(), store.readFrom(segment, 1_000_000), "readFrom(count + 999997)"),
                    () -> assertEquals(List.of(), store.readFrom(segment, Long.MAX_VALUE), "readFrom(Long.MAX_VALUE)"));
        }

        @Test
        @DisplayName("[C-READ-03] readFrom a negative position throws IllegalArgumentException")
        void readFromNegative() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            assertThrows(IllegalArgumentException.class, () -> store.readFrom(segment, -1), "readFrom(-1)");
            assertThrows(IllegalArgumentException.class, () -> store.readFrom(segment, Long.MIN_VALUE), "readFrom(Long.MIN_VALUE)");
        }
    }

    @Nested
    @DisplayName("count and exists")
    class CountAndExists {

        @Test
        @DisplayName("[C-COUNT-01] count equals the entries written, through every kind of write and refused writes")
        void countTracksWrites() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b")));
            assertEquals(3, store.count(segment), "count after create with 3 entries");
            store.append(segment, fx.marker("c"));
            assertEquals(4, store.count(segment), "count after an append");
            store.appendAll(segment, List.of(fx.marker("d"), fx.marker("e"), fx.marker("f")));
            assertEquals(7, store.count(segment), "count after a batch of 3");
            store.appendIfCount(segment, 7, List.of(fx.marker("g"), fx.marker("h")));
            assertEquals(9, store.count(segment), "count after a conditional batch of 2");
            assertThrows(ConflictException.class, () -> store.appendIfCount(segment, 7, List.of(fx.marker("late"))));
            assertThrows(InvalidEntryException.class, () -> store.appendAll(segment, List.of(fx.marker("i"), fx.refused())));
            assertEquals(9, store.count(segment), "count after a conflict and a refused batch");
            assertEquals(store.readAll(segment).size(), store.count(segment), "count must equal the number of entries read");
        }

        @Test
        @DisplayName("[C-EXISTS-01] exists is true for a created segment and false for an unknown one")
        void existsTellsTheTruth() {
            SegmentId created = SegmentId.generate();
            SegmentId unknown = SegmentId.generate();
            assertFalse(store.exists(created), "exists before create");
            store.create(created, List.of(fx.plainStart(SessionId.generate())));
            assertTrue(store.exists(created), "exists after create");
            assertFalse(store.exists(unknown), "exists of an id never created");
            assertThrows(SegmentNotFoundException.class, () -> store.append(unknown, fx.marker("x")));
            assertFalse(store.exists(unknown), "an append to an unknown segment must not create it");
        }
    }

    @Nested
    @DisplayName("unknown segments")
    class UnknownSegment {

        @Test
        @DisplayName("[C-NOTFOUND-01] every read, append, count and info of an unknown segment throws SegmentNotFoundException naming it")
        void unknownSegmentIsNotFound() {
            SegmentId unknown = SegmentId.generate();
            List<LogEntry> one = List.of(fx.marker("x"));
            assertAll(
                    () -> assertNotFound(unknown, () -> store.readAll(unknown), "readAll"),
                    () -> assertNotFound(unknown, () -> store.readFrom(unknown, 0), "readFrom(0)"),
                    () -> assertNotFound(unknown, () -> store.readFrom(unknown, 3), "readFrom(3)"),
                    () -> assertNotFound(unknown, () -> store.append(unknown, one.get(0)), "append"),
                    () -> assertNotFound(unknown, () -> store.appendAll(unknown, one), "appendAll"),
                    () -> assertNotFound(unknown, () -> store.appendIfCount(unknown, 0, one), "appendIfCount(0)"),
                    () -> assertNotFound(unknown, () -> store.appendIfCount(unknown, 1, one), "appendIfCount(1)"),
                    () -> assertNotFound(unknown, () -> store.count(unknown), "count"),
                    () -> assertNotFound(unknown, () -> store.info(unknown), "info"));
            assertFalse(store.exists(unknown), "a failed write to an unknown segment must not create it");
        }

        @Test
        @RequiresCapability(Capability.TRACE)
        @DisplayName("[C-NOTFOUND-02] trace append and read of an unknown segment throw SegmentNotFoundException naming it")
        void unknownSegmentTraceIsNotFound() {
            SegmentId unknown = SegmentId.generate();
            assertAll(
                    () -> assertNotFound(unknown, () -> store.appendTrace(unknown, fx.trace("x")), "appendTrace"),
                    () -> assertNotFound(unknown, () -> store.readTrace(unknown), "readTrace"));
            assertFalse(store.exists(unknown), "a trace append to an unknown segment must not create it");
        }
    }

    @Nested
    @DisplayName("listing")
    class Listing {

        @Test
        @DisplayName("[C-LIST-01] segments are listed newest first by id, whatever order they were created in, each once")
        void segmentsNewestFirst() {
            SegmentId oldest = SegmentId.generate();
            SegmentId middle = SegmentId.generate();
            SegmentId newest = SegmentId.generate();
            for (SegmentId segment : List.of(middle, newest, oldest)) {
                store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            }
            assertEquals(List.of(newest, middle, oldest), ownIds(store.listSegments(), Set.of(oldest, middle, newest)),
                    "listSegments() must list these three newest first (ids are time-ordered), each once");
        }

        @Test
        @DisplayName("[C-LIST-02] sessions are listed newest first by id, each once however many segments it has")
        void sessionsNewestFirst() {
            SessionId oldest = SessionId.generate();
            SessionId middle = SessionId.generate();
            SessionId newest = SessionId.generate();
            for (SessionId session : List.of(middle, newest, oldest, oldest, middle)) {
                store.create(SegmentId.generate(), List.of(fx.plainStart(session)));
            }
            assertEquals(List.of(newest, middle, oldest), ownIds(store.listSessions(), Set.of(oldest, middle, newest)),
                    "listSessions() must list these three newest first (ids are time-ordered), each once");
        }

        @Test
        @DisplayName("[C-LIST-03] a session lists its segments newest first, forks and compactions made through SegmentLog included, nothing else")
        void sessionSegmentsIncludeLineage() {
            SegmentLog log = new SegmentLog(store, fx::tick);
            SegmentId original = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            SessionId session = store.info(original).sessionId();
            log.saveUserInput(original, List.of(new InputPart.Text("hi")));
            log.saveTurnEnd(original, 1);
            SegmentId otherConversation = log.create(new StartState("other", RequestConfig.DEFAULT, List.of()));
            SegmentId fork = log.forkAtTurn(original, 1);
            SegmentId compaction = log.createCompacted(
                    new StartState("p", RequestConfig.DEFAULT, List.of(HistoryItem.assistant("summary"))), original, 1);
            SegmentId forkOfFork = log.forkAtTurn(fork, 0);

            assertEquals(List.of(forkOfFork, compaction, fork, original), store.listSegments(session),
                    "listSegments(session) must hold the original, its forks and its compaction, newest first");
            assertFalse(store.listSegments(session).contains(otherConversation), "another conversation's segment");
            assertEquals(List.of(), store.listSegments(SessionId.generate()), "listSegments of an unknown session");
        }
    }

    @Nested
    @DisplayName("segment info")
    class Info {

        @Test
        @DisplayName("[C-INFO-01] info tells session, created time, entry count and last entry ts, kept current by every append")
        void infoOfNewConversation() {
            SegmentId segment = SegmentId.generate();
            SessionId session = SessionId.generate();
            LogEntry.SegmentStart start = fx.start(session);
            LogEntry second = fx.marker("second");
            store.create(segment, List.of(start, second));
            assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 2, second.ts()), store.info(segment),
                    "info after create");

            LogEntry backwards = new LogEntry.TurnEnd(start.ts() - 5, 1); // a clock that stepped back
            store.append(segment, backwards);
            assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 3, backwards.ts()), store.info(segment),
                    "info after an append: lastEntryTs is the ts of the last entry, not the largest");

            LogEntry batchEnd = fx.marker("batch-end");
            store.appendAll(segment, List.of(fx.marker("batch"), batchEnd));
            assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 5, batchEnd.ts()), store.info(segment),
                    "info after a batch");

            LogEntry conditional = fx.marker("conditional");
            store.appendIfCount(segment, 5, List.of(conditional));
            assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 6, conditional.ts()), store.info(segment),
                    "info after a conditional append");
        }

        @Test
        @DisplayName("[C-INFO-02] info of a fork and of a compaction carries its origin")
        void infoCarriesLineage() {
            SessionId session = SessionId.generate();
            SegmentId source = SegmentId.generate();
            store.create(source, List.of(fx.plainStart(session)));
            List<LogEntry.SegmentStart> variants = fx.startVariants(session, source);
            for (LogEntry.SegmentStart start : variants) {
                SegmentId segment = SegmentId.generate();
                store.create(segment, List.of(start));
                assertEquals(new SegmentInfo(segment, session, start.ts(), start.forkedFrom(), start.compactedFrom(), 1, start.ts()),
                        store.info(segment), "info of a segment opened by " + start);
            }
        }
    }

    @Nested
    @RequiresCapability(Capability.DELETE_SESSION)
    @DisplayName("retention: delete a session")
    class Retention {

        @Test
        @DisplayName("[C-DELETE-01] deleteSession removes every segment of the session, forks and compactions included, and returns how many")
        void deletesWholeSession() {
            SegmentLog log = new SegmentLog(store, fx::tick);
            SegmentId original = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            SessionId session = store.info(original).sessionId();
            log.saveTurnEnd(original, 1);
            SegmentId fork = log.forkAtTurn(original, 1);
            SegmentId compaction = log.createCompacted(new StartState(null, RequestConfig.DEFAULT, List.of()), original, 1);

            assertEquals(3, store.deleteSession(session), "deleteSession must return the number of segments deleted");
            for (SegmentId gone : List.of(original, fork, compaction)) {
                assertFalse(store.exists(gone), "a deleted segment must not exist");
                assertNotFound(gone, () -> store.readAll(gone), "readAll of a deleted segment");
                assertFalse(store.listSegments().contains(gone), "listSegments() must not list a deleted segment");
            }
            assertEquals(List.of(), store.listSegments(session), "listSegments of a deleted session");
            assertFalse(store.listSessions().contains(session), "listSessions() must not list a deleted session");
        }

        @Test
        @DisplayName("[C-DELETE-02] deleteSession leaves every other session untouched")
        void deleteIsSelective() {
            SessionId olderSession = SessionId.generate();
            SessionId doomed = SessionId.generate();
            SessionId newerSession = SessionId.generate();
            SegmentId older = SegmentId.generate();
            SegmentId doomedSegment = SegmentId.generate();
            SegmentId newer = SegmentId.generate();
            List<LogEntry> olderEntries = List.of(fx.plainStart(olderSession), fx.marker("older"));
            List<LogEntry> newerEntries = List.of(fx.plainStart(newerSession), fx.marker("newer"));
            store.create(older, olderEntries);
            store.create(doomedSegment, List.of(fx.plainStart(doomed)));
            store.create(newer, newerEntries);

            assertEquals(1, store.deleteSession(doomed), "deleteSession of a one-segment session");
            for (SegmentId kept : List.of(older, newer)) {
                assertTrue(store.exists(kept), "a segment of another session must survive deleteSession");
            }
            assertEntries(olderEntries, store.readAll(older), "entries of an older session after deleteSession");
            assertEntries(newerEntries, store.readAll(newer), "entries of a newer session after deleteSession");
            assertEquals(List.of(older), store.listSegments(olderSession), "segments of an older session after deleteSession");
            assertEquals(List.of(newer), store.listSegments(newerSession), "segments of a newer session after deleteSession");
            assertEquals(List.of(newerSession, olderSession),
                    ownIds(store.listSessions(), Set.of(olderSession, doomed, newerSession)), "sessions after deleteSession");
        }

        @Test
        @DisplayName("[C-DELETE-03] deleteSession of an unknown session returns 0")
        void deleteUnknownSession() {
            SegmentId bystander = SegmentId.generate();
            store.create(bystander, List.of(fx.plainStart(SessionId.generate())));
            assertEquals(0, store.deleteSession(SessionId.generate()), "deleteSession of an unknown session");
            assertTrue(store.exists(bystander), "deleteSession of an unknown session must delete nothing");
        }

        @Test
        @RequiresCapability(Capability.TRACE)
        @DisplayName("[C-DELETE-04] deleteSession removes the segments' traces too: a segment created again with the same id has no trace")
        void deleteRemovesTraces() {
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(session), fx.marker("before")));
            store.appendTrace(segment, fx.trace("before"));
            assertEquals(1, store.deleteSession(session));

            List<LogEntry> again = List.of(fx.plainStart(session));
            store.create(segment, again);
            assertEquals(List.of(), store.readTrace(segment), "trace of a segment deleted and created again");
            assertEntries(again, store.readAll(segment), "entries of a segment deleted and created again");
        }
    }

    @Nested
    @RequiresCapability(Capability.TRACE)
    @DisplayName("trace")
    class Trace {

        @Test
        @DisplayName("[C-TRACE-01] trace entries are read back in order; a segment never traced has an empty trace")
        void traceRoundTrips() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            assertEquals(List.of(), store.readTrace(segment), "trace of a segment never traced");
            List<TraceEntry> traced = List.of(fx.trace("one"), fx.trace("two 😀"), fx.trace("three"));
            traced.forEach(entry -> store.appendTrace(segment, entry));
            assertEquals(traced, store.readTrace(segment), "trace read back");
        }

        @Test
        @DisplayName("[C-TRACE-02] the trace is kept apart from the segment log: count, entries and info are unaffected, and the other way round")
        void traceIsApart() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
            store.create(segment, written);
            SegmentInfo info = store.info(segment);
            TraceEntry first = fx.trace("first");
            store.appendTrace(segment, first);
            store.appendTrace(segment, fx.trace("second"));
            assertEquals(2, store.count(segment), "count after tracing");
            assertEntries(written, store.readAll(segment), "entries after tracing");
            assertEquals(info, store.info(segment), "info after tracing");

            LogEntry next = fx.marker("b");
            store.appendIfCount(segment, 2, List.of(next));
            assertEquals(2, store.readTrace(segment).size(), "trace after an append");
            assertEquals(first, store.readTrace(segment).get(0), "first trace entry after an append");
        }

        @Test
        @DisplayName("[C-TRACE-03] each segment has its own trace")
        void tracesAreIsolated() {
            SessionId session = SessionId.generate();
            SegmentId one = SegmentId.generate();
            SegmentId two = SegmentId.generate();
            store.create(one, List.of(fx.plainStart(session)));
            store.create(two, List.of(fx.plainStart(session)));
            TraceEntry traced = fx.trace("only one");
            store.appendTrace(one, traced);
            assertEquals(List.of(traced), store.readTrace(one), "trace of the traced segment");
            assertEquals(List.of(), store.readTrace(two), "trace of another segment of the same session");
        }

        @Test
        @DisplayName("[C-TRACE-04] a trace entry the codec refuses throws InvalidEntryException and traces nothing")
        void refusedTraceWritesNothing() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            TraceEntry kept = fx.trace("kept");
            store.appendTrace(segment, kept);
            assertThrows(InvalidEntryException.class, () -> store.appendTrace(segment, fx.refusedTrace()),
                    "appendTrace of an event that is not valid JSON");
            assertEquals(List.of(kept), store.readTrace(segment), "trace after a refused trace entry");
            assertEquals(1, store.count(segment), "count after a refused trace entry");
        }
    }

    @Nested
    @DisplayName("isolation")
    class Isolation {

        @Test
        @DisplayName("[C-ISO-01] writes to one segment never show in another, in the same session or not")
        void segmentsAreIsolated() {
            SessionId session = SessionId.generate();
            SegmentId written = SegmentId.generate();
            SegmentId sibling = SegmentId.generate();
            SegmentId stranger = SegmentId.generate();
            store.create(written, List.of(fx.plainStart(session)));
            List<LogEntry> siblingEntries = List.of(fx.plainStart(session), fx.marker("sibling"));
            List<LogEntry> strangerEntries = List.of(fx.plainStart(SessionId.generate()));
            store.create(sibling, siblingEntries);
            store.create(stranger, strangerEntries);
            SegmentInfo siblingInfo = store.info(sibling);
            SegmentInfo strangerInfo = store.info(stranger);

            store.append(written, fx.marker("w1"));
            store.appendAll(written, List.of(fx.marker("w2"), fx.marker("w3")));
            store.appendIfCount(written, 4, List.of(fx.marker("w4")));
            assertThrows(ConflictException.class, () -> store.appendIfCount(sibling, 5, List.of(fx.marker("no"))),
                    "a conditional append checks its own segment's count, not another's");

            assertEquals(5, store.count(written));
            assertEntries(siblingEntries, store.readAll(sibling), "entries of a sibling segment");
            assertEntries(strangerEntries, store.readAll(stranger), "entries of a segment of another session");
            assertEquals(siblingInfo, store.info(sibling), "info of a sibling segment");
            assertEquals(strangerInfo, store.info(stranger), "info of a segment of another session");
        }
    }

    @Nested
    @DisplayName("close")
    class Close {

        @Test
        @DisplayName("[C-CLOSE-01] closing twice is harmless")
        void closeTwice() {
            store.close();
            assertDoesNotThrow(store::close, "a second close");
        }

        @Test
        @DisplayName("[C-CLOSE-02] calls on a closed store fail with a StoreException")
        void closedStoreFails() {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(fx.plainStart(SessionId.generate())));
            store.close();
            assertAll(
                    () -> assertThrows(StoreException.class, () -> store.append(segment, fx.marker("late")), "append after close"),
                    () -> assertThrows(StoreException.class, () -> store.readAll(segment), "readAll after close"));
        }
    }

    @Nested
    @RequiresCapability(Capability.DURABILITY_ON_REOPEN)
    @Tag("durability")
    @DisplayName("durability on reopen")
    class Durability {

        @Test
        @DisplayName("[C-DURABLE-01] after close and reopen every acknowledged entry, info, listing (and trace) is still there")
        void reopenKeepsEverything() {
            SessionId session = SessionId.generate();
            SegmentId full = SegmentId.generate();
            SegmentId appended = SegmentId.generate();
            List<LogEntry> fullEntries = new ArrayList<>(List.of(fx.start(session)));
            fullEntries.addAll(fx.everyKindAfterStart());
            store.create(full, fullEntries);
            List<LogEntry> appendedEntries = new ArrayList<>(List.of(fx.plainStart(session)));
            store.create(appended, appendedEntries);
            LogEntry single = fx.marker("single");
            List<LogEntry> batch = List.of(fx.marker("b1"), fx.marker("b2"));
            LogEntry conditional = fx.marker("conditional");
            store.append(appended, single);
            store.appendAll(appended, batch);
            store.appendIfCount(appended, 4, List.of(conditional));
            appendedEntries.add(single);
            appendedEntries.addAll(batch);
            appendedEntries.add(conditional);
            boolean traces = whyLacking(Capability.TRACE).isEmpty();
            List<TraceEntry> traced = List.of(fx.trace("t1"), fx.trace("t2"));
            if (traces) {
                traced.forEach(t -> store.appendTrace(appended, t));
            }
            SegmentInfo fullInfo = store.info(full);
            SegmentInfo appendedInfo = store.info(appended);

            reopenStore();

            assertEntries(fullEntries, store.readAll(full), "entries of every kind after reopen");
            assertEntries(appendedEntries, store.readAll(appended), "appended entries after reopen");
            assertEquals(fullEntries.size(), store.count(full), "count after reopen");
            assertEquals(appendedEntries.size(), store.count(appended), "count after reopen");
            assertEquals(fullInfo, store.info(full), "info after reopen");
            assertEquals(appendedInfo, store.info(appended), "info after reopen");
            assertTrue(store.exists(full), "exists after reopen");
            assertEquals(List.of(appended, full), store.listSegments(session), "listSegments(session) after reopen");
            assertEquals(List.of(appended, full), ownIds(store.listSegments(), Set.of(full, appended)), "listSegments() after reopen");
            assertTrue(store.listSessions().contains(session), "listSessions() after reopen");
            if (traces) {
                assertEquals(traced, store.readTrace(appended), "trace after reopen");
            }
        }

        @Test
        @DisplayName("[C-DURABLE-02] after reopen the segment goes on at the right count: conditional appends and create refusal still hold")
        void reopenContinues() {
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(session), fx.marker("a")));
            store.create(segment, written);
            LogEntry b = fx.marker("b");
            store.append(segment, b);
            written.add(b);

            reopenStore();

            assertThrows(ConflictException.class, () -> store.appendIfCount(segment, 2, List.of(fx.marker("stale"))),
                    "conditional append at a stale count after reopen");
            LogEntry c = fx.marker("c");
            store.appendIfCount(segment, 3, List.of(c));
            written.add(c);
            assertThrows(SegmentAlreadyExistsException.class, () -> store.create(segment, List.of(fx.plainStart(session))),
                    "create of an existing segment after reopen");
            assertEntries(written, store.readAll(segment), "entries after reopen and more appends");
            assertEquals(4, store.count(segment), "count after reopen and more appends");
        }
    }

    @Nested
    @Tag("operations")
    @DisplayName("the operations (SegmentLog, SegmentWriter) end to end on the store")
    class Operations {

        private SegmentLog log;

        @BeforeEach
        void operationsOverTheStore() {
            log = new SegmentLog(store, fx::tick);
        }

        @Test
        @DisplayName("[C-OPS-01] a conversation recorded through SegmentLog restores to its state")
        void conversationRestores() {
            SegmentId segment = recordConversation(log);
            RestoredState state = log.restore(segment);
            assertAll(
                    () -> assertEquals(store.info(segment).sessionId(), state.sessionId(), "session"),
                    () -> assertEquals("You are a coding agent.", state.systemPrompt(), "system prompt"),
                    () -> assertEquals(Fixtures.budgetConfig(), state.config(), "config after config_changed"),
                    () -> assertEquals(2, state.turnCount(), "turn count"),
                    () -> assertTrue(state.runInFlight(), "run in flight (turn 3 was invoked and never ended)"),
                    () -> assertTrue(state.lastRunInterrupted(), "last run interrupted"),
                    () -> assertEquals(store.count(segment), state.entriesCount(), "entries replayed"),
                    () -> assertEquals(List.of(
                            HistoryItem.assistant("seed"),
                            HistoryItem.user("list files @src"),
                            new HistoryItem.ToolCall("c1", "ls", "{\"dir\":\"src\"}"),
                            new HistoryItem.ToolResult("c1", "2 files", null, false),
                            HistoryItem.assistant("There are 2 files."),
                            HistoryItem.system("[ci] green"),
                            HistoryItem.user("deploy"),
                            HistoryItem.assistant("Deploying."),
                            HistoryItem.user("and now?"),
                            new HistoryItem.ToolCall("c2", "deploy", "{}")), state.history(), "history"),
                    () -> assertEquals(3, state.userInputs().size(), "user inputs"),
                    () -> assertEquals(1, state.usageHistory().size(), "usage records"),
                    () -> assertEquals(Optional.of(Fixtures.json("{\"step\":2}")), state.latestExtension("acme.plan"), "extension"),
                    () -> assertEquals(List.of(new HistoryItem.ToolCall("c2", "deploy", "{}")), state.danglingToolCalls(),
                            "dangling tool calls"));
        }

        @Test
        @DisplayName("[C-OPS-02] forkAtTurn(N) replays to the source's state after turn N, in the source's session, with forked_from = {source, N}")
        void forkAtTurnReplaysTheCut() {
            SegmentId source = recordConversation(log);
            SessionId session = store.info(source).sessionId();
            for (int turn = 0; turn <= 2; turn++) {
                RestoredState expected = Replay.replay(Lineage.cutAtTurn(store.readAll(source), turn));
                SegmentId fork = log.forkAtTurn(source, turn);
                RestoredState actual = log.restore(fork);
                String at = "fork at turn " + turn + ": ";
                assertEquals(expected.systemPrompt(), actual.systemPrompt(), at + "system prompt");
                assertEquals(expected.config(), actual.config(), at + "config");
                assertEquals(expected.history(), actual.history(), at + "history");
                assertEquals(session, actual.sessionId(), at + "session");
                SegmentInfo info = store.info(fork);
                assertEquals(new SegmentOrigin(source, turn), info.forkedFrom(), at + "forked_from");
                assertNull(info.compactedFrom(), at + "compacted_from");
            }
        }

        @Test
        @DisplayName("[C-OPS-03] forkAtTurn of a turn never reached throws TurnNotReachedException and creates nothing")
        void forkAtUnreachedTurn() {
            SegmentId source = recordConversation(log);
            SessionId session = store.info(source).sessionId();
            List<SegmentId> before = store.listSegments(session);
            long count = store.count(source);
            TurnNotReachedException error = assertThrows(TurnNotReachedException.class, () -> log.forkAtTurn(source, 7));
            assertEquals(2, error.lastTurn(), "TurnNotReachedException.lastTurn()");
            assertEquals(before, store.listSegments(session), "segments of the session after a refused fork");
            assertEquals(count, store.count(source), "the source after a refused fork");
        }

        @Test
        @DisplayName("[C-OPS-04] ensureHeadOrFork keeps the head when nothing changed, and forks with forked_from = {source, turn} after a foreign append")
        void ensureHeadOrFork() {
            SegmentId segment = log.create(new StartState("p", Fixtures.richConfig(), List.of(HistoryItem.assistant("seed"))));
            log.saveUserInput(segment, List.of(new InputPart.Text("mine")));
            log.saveTurnEnd(segment, 1);
            SegmentHead head = new SegmentHead(segment, 3);
            StartState mine = StartState.of(log.restore(segment));
            assertEquals(head, log.ensureHeadOrFork(head, mine, 1), "ensureHeadOrFork with no foreign append");

            LogEntry foreign = fx.marker("foreign");
            store.append(segment, foreign);
            SegmentHead moved = log.ensureHeadOrFork(head, mine, 1);

            assertNotEquals(segment, moved.segmentId(), "ensureHeadOrFork after a foreign append must fork");
            assertEquals(1, moved.entriesWritten(), "entries written in the fork");
            SegmentInfo info = store.info(moved.segmentId());
            assertEquals(new SegmentOrigin(segment, 1), info.forkedFrom(), "the fork's forked_from");
            assertEquals(store.info(segment).sessionId(), info.sessionId(), "the fork's session");
            RestoredState forked = log.restore(moved.segmentId());
            assertEquals(mine, StartState.of(forked), "the fork starts from the caller's state");
            assertEquals(foreign, store.readFrom(segment, 3).get(0), "the foreign entry stays in the source");
        }

        @Test
        @DisplayName("[C-OPS-05] two SegmentWriters on one segment: the second auto-forks with lineage, nothing is lost, both replay correctly")
        void writersForkOnConflict() {
            SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            SegmentWriter first = log.writer(segment);
            SegmentWriter second = log.writer(segment);

            assertEquals(segment, first.saveUserInput(List.of(new InputPart.Text("from first"))), "the first writer's segment");
            assertEquals(segment, first.saveDelta(List.of(HistoryItem.assistant("answer to first"))), "the first writer's segment");
            assertEquals(segment, first.saveTurnEnd(1), "the first writer's segment");

            SegmentId fork = second.saveUserInput(List.of(new InputPart.Text("from second")));
            assertNotEquals(segment, fork, "the second writer must fork instead of interleaving");
            assertEquals(fork, second.segmentId(), "the second writer now writes the fork");
            assertEquals(fork, second.saveDelta(List.of(HistoryItem.assistant("answer to second"))), "the second writer stays on the fork");
            assertEquals(segment, first.saveTurnEnd(2), "the first writer stays on its segment");

            SegmentInfo info = store.info(fork);
            assertEquals(new SegmentOrigin(segment, 0), info.forkedFrom(), "the fork's forked_from (the second writer's turn)");
            assertEquals(store.info(segment).sessionId(), info.sessionId(), "the fork's session");

            RestoredState source = log.restore(segment);
            assertEquals(List.of(HistoryItem.user("from first"), HistoryItem.assistant("answer to first")), source.history(),
                    "the source replays to the first writer's conversation");
            assertEquals(2, source.turnCount(), "the source's turn count");
            assertEquals(5, store.count(segment), "the source holds the first writer's entries only");
            RestoredState forked = log.restore(fork);
            assertEquals(List.of(HistoryItem.user("from second"), HistoryItem.assistant("answer to second")), forked.history(),
                    "the fork replays to the second writer's conversation");
            assertEquals(forked, second.state(), "the second writer's view equals the fork replayed");
            assertEquals(3, store.count(fork), "the fork holds its start and the second writer's entries");
        }

        @Test
        @DisplayName("[C-OPS-06] a compaction keeps the session, records compacted_from and restores to its summary")
        void compactionRestores() {
            SegmentId source = recordConversation(log);
            StartState summary = new StartState("You are a coding agent.", Fixtures.budgetConfig(),
                    List.of(HistoryItem.assistant("Summary: listed files, deployed.")));
            SegmentId compaction = log.createCompacted(summary, source, 2);
            SegmentInfo info = store.info(compaction);
            assertEquals(store.info(source).sessionId(), info.sessionId(), "the compaction's session");
            assertEquals(new SegmentOrigin(source, 2), info.compactedFrom(), "compacted_from");
            assertNull(info.forkedFrom(), "forked_from of a compaction");
            assertEquals(summary, StartState.of(log.restore(compaction)), "the compaction restores to its summary");
        }

        @Test
        @DisplayName("[C-OPS-07] restore replays legacy kinds (plural items, locked, cache_unlocked, run_outcome)")
        void legacyKindsRestore() {
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            List<HistoryItem> assistantItems = List.of(HistoryItem.assistant("a"), new HistoryItem.ToolCall("c9", "ls", "{}"));
            HistoryItem toolResult = new HistoryItem.ToolResult("c9", "2 files", null, false);
            store.create(segment, List.of(
                    fx.plainStart(session),
                    new LogEntry.AssistantItems(fx.tick(), assistantItems),
                    new LogEntry.ToolResults(fx.tick(), List.of(toolResult)),
                    new LogEntry.HookInjectedItems(fx.tick(), List.of(HistoryItem.system("hook"))),
                    new LogEntry.SystemItems(fx.tick(), List.of(new SystemItem.Notification("n", "note body"),
                            new SystemItem.Knowledge("k", "knowledge body"))),
                    new LogEntry.Locked(fx.tick(), 3),
                    new LogEntry.RunOutcome(fx.tick(), Fixtures.json("{\"error\":{\"message\":\"boom\"}}"), true)));
            RestoredState locked = log.restore(segment);
            assertEquals(List.of(HistoryItem.assistant("a"), new HistoryItem.ToolCall("c9", "ls", "{}"), toolResult,
                    HistoryItem.system("hook"), HistoryItem.system("note body"), HistoryItem.system("knowledge body")),
                    locked.history(), "history replayed from legacy plural kinds");
            assertEquals(3, locked.lockedPrefixLen(), "locked_prefix_len");
            assertTrue(locked.lastRunInterrupted(), "run_outcome's interrupted");
            assertEquals(session, locked.sessionId(), "session");

            store.append(segment, new LogEntry.CacheUnlocked(fx.tick()));
            assertEquals(0, log.restore(segment).lockedPrefixLen(), "locked_prefix_len after cache_unlocked");
        }
    }

    @Nested
    @RequiresCapability(Capability.HASH_CHAIN)
    @DisplayName("hash-chained segments")
    class HashChained {

        @Test
        @DisplayName("[C-CHAIN-01] createHashed and appendHashedIfCount keep every entry's prev_hash and hash exactly, for every entry kind; readHashed returns them and the chain verifies intact")
        void chainRoundTrips() {
            SegmentId segment = SegmentId.generate();
            List<LogEntry> entries = new ArrayList<>(List.of(fx.start(SessionId.generate())));
            entries.addAll(fx.everyKindAfterStart());
            List<StoredEntry> chain = HashChain.link(null, entries);

            int written = 5;
            store.createHashed(segment, chain.subList(0, written));
            for (int size : new int[] {1, 3, 2}) { // a single entry, then batches
                store.appendHashedIfCount(segment, written, chain.subList(written, written + size));
                written += size;
            }
            store.appendHashedIfCount(segment, written, chain.subList(written, chain.size()));

            List<StoredEntry> read = store.readHashed(segment, 0);
            assertHashedEntries(chain, read, "readHashed after createHashed and appendHashedIfCount");
            assertIntact(segment, read, new SegmentHead(segment, chain.size(), chain.get(chain.size() - 1).hash()));
        }

        @Test
        @DisplayName("[C-CHAIN-02] readAll, readFrom, count, exists, info and listing of a chained segment are those of a plain segment")
        void plainViewsOfAChainedSegment() {
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            LogEntry.SegmentStart start = fx.plainStart(session);
            List<LogEntry> all = new ArrayList<>(List.of(start, fx.marker("a"), fx.marker("b")));
            List<StoredEntry> chain = HashChain.link(null, all);
            store.createHashed(segment, chain);
            List<LogEntry> more = List.of(fx.marker("c"), fx.marker("d"));
            store.appendHashedIfCount(segment, 3, HashChain.link(chain.get(2).hash(), more));
            all.addAll(more);

            assertEntries(all, store.readAll(segment), "readAll of a chained segment");
            for (int k = 0; k <= all.size(); k++) {
                assertEntries(all.subList(k, all.size()), store.readFrom(segment, k), "readFrom(" + k + ") of a chained segment");
            }
            assertEquals(5, store.count(segment), "count of a chained segment");
            assertTrue(store.exists(segment), "exists of a chained segment");
            assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 5, more.get(1).ts()), store.info(segment),
                    "info of a chained segment");
            assertEquals(List.of(segment), store.listSegments(session), "listSegments(session) of a chained segment");
        }

        @Test
        @DisplayName("[C-CHAIN-03] readHashed(K) returns exactly the chained entries from K on, for every K; empty at or past the end; a negative K throws IllegalArgumentException")
        void readHashedFromEveryPosition() {
            SegmentId segment = SegmentId.generate();
            List<StoredEntry> chain = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("0"),
                    fx.marker("1"), fx.marker("2"), fx.marker("3"), fx.marker("4")));
            store.createHashed(segment, chain.subList(0, 3));
            store.appendHashedIfCount(segment, 3, chain.subList(3, chain.size()));
            for (int k = 0; k < chain.size(); k++) {
                assertHashedEntries(chain.subList(k, chain.size()), store.readHashed(segment, k), "readHashed(" + k + ")");
            }
            assertAll(
                    () -> assertEquals(List.of(), store.readHashed(segment, chain.size()), "readHashed(count)"),
                    () -> assertEquals(List.of(), store.readHashed(segment, chain.size() + 1), "readHashed(count + 1)"),
                    () -> assertEquals(List.of(), store.readHashed(segment, Long.MAX_VALUE), "readHashed(Long.MAX_VALUE)"),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.readHashed(segment, -1), "readHashed(-1)"));
        }

        @Test
        @DisplayName("[C-CHAIN-04] entries written without a chain (a plain segment, a plain append to a chained segment) come back from readHashed with null hashes")
        void unchainedEntriesReadHashed() {
            SegmentId plain = SegmentId.generate();
            List<LogEntry> plainEntries = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("p1")));
            store.create(plain, plainEntries);
            LogEntry appended = fx.marker("p2");
            store.append(plain, appended);
            plainEntries.add(appended);
            assertHashedEntries(plainEntries.stream().map(StoredEntry::plain).toList(), store.readHashed(plain, 0),
                    "readHashed of a plain segment");
            assertHashedEntries(List.of(StoredEntry.plain(appended)), store.readHashed(plain, 2), "readHashed(2) of a plain segment");

            SegmentId chained = SegmentId.generate();
            List<StoredEntry> expected = new ArrayList<>(HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("c1"))));
            store.createHashed(chained, expected);
            LogEntry plainAppend = fx.marker("plain append");
            store.append(chained, plainAppend);
            expected.add(StoredEntry.plain(plainAppend));
            assertHashedEntries(expected, store.readHashed(chained, 0), "readHashed of a chained segment after a plain append");
            assertEquals(3, store.count(chained), "count of a chained segment after a plain append");
        }

        @Test
        @DisplayName("[C-CHAIN-05] headHash is the last entry's hash after createHashed and after every appendHashedIfCount; empty for a plain segment")
        void headHashFollowsTheChain() {
            SegmentId plain = SegmentId.generate();
            store.create(plain, List.of(fx.plainStart(SessionId.generate()), fx.marker("plain")));
            assertEquals(Optional.empty(), store.headHash(plain), "headHash of a plain segment");

            SegmentId segment = SegmentId.generate();
            List<StoredEntry> created = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
            store.createHashed(segment, created);
            EntryHash head = created.get(1).hash();
            assertEquals(Optional.of(head), store.headHash(segment), "headHash after createHashed");
            long count = 2;
            for (int size : new int[] {1, 3, 1}) {
                List<LogEntry> batch = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    batch.add(fx.marker("m" + count + "-" + i));
                }
                List<StoredEntry> linked = HashChain.link(head, batch);
                store.appendHashedIfCount(segment, count, linked);
                count += size;
                head = linked.get(size - 1).hash();
                assertEquals(Optional.of(head), store.headHash(segment), "headHash after an appendHashedIfCount of " + size);
            }
        }

        @Test
        @DisplayName("[C-CHAIN-06] appendHashedIfCount at a stale count, or one ahead, throws ConflictException (expected, actual) and writes nothing")
        void staleHashedAppendConflicts() {
            SegmentId segment = SegmentId.generate();
            List<StoredEntry> chain = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b")));
            store.createHashed(segment, chain);

            ConflictException behind = assertThrows(ConflictException.class,
                    () -> store.appendHashedIfCount(segment, 1, HashChain.link(chain.get(0).hash(), List.of(fx.marker("late")))),
                    "appendHashedIfCount at a stale count");
            assertAll(
                    () -> assertEquals(segment, behind.segmentId(), "ConflictException.segmentId()"),
                    () -> assertEquals(1, behind.expectedCount(), "ConflictException.expectedCount()"),
                    () -> assertEquals(3, behind.actualCount(), "ConflictException.actualCount()"));
            ConflictException ahead = assertThrows(ConflictException.class,
                    () -> store.appendHashedIfCount(segment, 5, HashChain.link(chain.get(2).hash(), List.of(fx.marker("x"), fx.marker("y")))),
                    "appendHashedIfCount at a count ahead of the segment");
            assertAll(
                    () -> assertEquals(5, ahead.expectedCount(), "ConflictException.expectedCount()"),
                    () -> assertEquals(3, ahead.actualCount(), "ConflictException.actualCount()"));
            assertHashedEntries(chain, store.readHashed(segment, 0), "entries after conflicts");
            assertEquals(3, store.count(segment), "count after conflicts");
            assertEquals(Optional.of(chain.get(2).hash()), store.headHash(segment), "headHash after conflicts");
        }

        @Test
        @DisplayName("[C-CHAIN-07] createHashed refuses an existing segment (chained or plain) and changes nothing; without a segment_start first it throws IllegalArgumentException and creates nothing")
        void createHashedRefusesExisting() {
            SessionId session = SessionId.generate();
            SegmentId chained = SegmentId.generate();
            SegmentId plain = SegmentId.generate();
            List<StoredEntry> chain = HashChain.link(null, List.of(fx.start(session), fx.marker("original")));
            store.createHashed(chained, chain);
            List<LogEntry> plainEntries = List.of(fx.plainStart(session), fx.marker("plain original"));
            store.create(plain, plainEntries);
            SessionId intruder = SessionId.generate();
            for (SegmentId existing : List.of(chained, plain)) {
                SegmentInfo before = store.info(existing);
                List<StoredEntry> overwrite = HashChain.link(null, List.of(fx.plainStart(intruder), fx.marker("overwrite"), fx.marker("more")));
                SegmentAlreadyExistsException refused = assertThrows(SegmentAlreadyExistsException.class,
                        () -> store.createHashed(existing, overwrite), "createHashed of an existing segment");
                assertEquals(existing, refused.segmentId(), "SegmentAlreadyExistsException.segmentId()");
                assertEquals(before, store.info(existing), "info after a refused createHashed");
            }
            assertHashedEntries(chain, store.readHashed(chained, 0), "a chained segment after a refused createHashed");
            assertHashedEntries(plainEntries.stream().map(StoredEntry::plain).toList(), store.readHashed(plain, 0),
                    "a plain segment after a refused createHashed");
            assertEquals(List.of(), store.listSegments(intruder), "the refused createHashed's session must not be listed");

            SegmentId empty = SegmentId.generate();
            SegmentId headless = SegmentId.generate();
            assertThrows(IllegalArgumentException.class, () -> store.createHashed(empty, List.of()), "createHashed with no entries");
            assertThrows(IllegalArgumentException.class,
                    () -> store.createHashed(headless, HashChain.link(null, List.of(fx.marker("no start")))), "createHashed without a segment_start");
            assertFalse(store.exists(empty), "a refused createHashed must not create the segment");
            assertFalse(store.exists(headless), "a refused createHashed must not create the segment");
        }

        @Test
        @DisplayName("[C-CHAIN-08] a hashed batch holding a refused entry throws InvalidEntryException and writes nothing, in createHashed and in appendHashedIfCount")
        void hashedBatchIsAtomic() {
            SessionId session = SessionId.generate();
            SegmentId refusedCreate = SegmentId.generate();
            assertThrows(InvalidEntryException.class,
                    () -> store.createHashed(refusedCreate, linkWithRefused(null, List.of(fx.plainStart(session), fx.marker("fine")), List.of())),
                    "createHashed with a refused entry");
            assertFalse(store.exists(refusedCreate), "a refused createHashed must not create the segment");
            assertEquals(List.of(), store.listSegments(session), "a refused createHashed must not list its session");

            SegmentId segment = SegmentId.generate();
            List<StoredEntry> chain = new ArrayList<>(HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("kept"))));
            store.createHashed(segment, chain);
            EntryHash head = chain.get(1).hash();
            assertThrows(InvalidEntryException.class,
                    () -> store.appendHashedIfCount(segment, 2, linkWithRefused(head, List.of(fx.marker("ok-1")), List.of(fx.marker("ok-2")))),
                    "a hashed batch holding a refused entry");
            assertThrows(InvalidEntryException.class,
                    () -> store.appendHashedIfCount(segment, 2, linkWithRefused(head, List.of(fx.marker("ok-3"), fx.marker("ok-4")), List.of())),
                    "a hashed batch ending with a refused entry");
            assertHashedEntries(chain, store.readHashed(segment, 0), "entries after refused hashed batches");
            assertEquals(2, store.count(segment), "count after refused hashed batches");

            List<StoredEntry> next = HashChain.link(head, List.of(fx.marker("next")));
            store.appendHashedIfCount(segment, 2, next);
            chain.addAll(next);
            assertHashedEntries(chain, store.readHashed(segment, 0), "entries after a good appendHashedIfCount at the same count");
        }

        @Test
        @DisplayName("[C-CHAIN-09] readHashed, appendHashedIfCount and headHash of an unknown segment throw SegmentNotFoundException naming it")
        void hashedCallsOfAnUnknownSegment() {
            SegmentId unknown = SegmentId.generate();
            List<StoredEntry> one = HashChain.link(EntryHash.chain(null, new byte[] {'x'}), List.of(fx.marker("x")));
            assertAll(
                    () -> assertNotFound(unknown, () -> store.readHashed(unknown, 0), "readHashed(0)"),
                    () -> assertNotFound(unknown, () -> store.readHashed(unknown, 3), "readHashed(3)"),
                    () -> assertNotFound(unknown, () -> store.appendHashedIfCount(unknown, 0, one), "appendHashedIfCount(0)"),
                    () -> assertNotFound(unknown, () -> store.appendHashedIfCount(unknown, 1, one), "appendHashedIfCount(1)"),
                    () -> assertNotFound(unknown, () -> store.headHash(unknown), "headHash"));
            assertFalse(store.exists(unknown), "a failed hashed write to an unknown segment must not create it");
        }

        @Test
        @Tag("concurrency")
        @DisplayName("[C-CHAIN-10] two threads racing appendHashedIfCount at the same count: exactly one wins, the other conflicts, the chain stays intact")
        void racingHashedAppends() {
            SegmentId segment = SegmentId.generate();
            store.createHashed(segment, HashChain.link(null, List.of(fx.plainStart(SessionId.generate()))));
            for (int round = 0; round < 8; round++) {
                long expected = store.count(segment);
                EntryHash head = store.headHash(segment).orElseThrow(() -> new AssertionError("headHash of a chained segment is empty"));
                Map<String, List<StoredEntry>> batches = new HashMap<>();
                for (String writer : List.of("A", "B")) {
                    batches.put(writer, HashChain.link(head, List.of(fx.marker(writer + round + "-1"),
                            fx.marker(writer + round + "-2"), fx.marker(writer + round + "-3"))));
                }
                int currentRound = round;
                List<String> outcomes = runTogether(2, i -> () -> {
                    String writer = i == 0 ? "A" : "B";
                    try {
                        store.appendHashedIfCount(segment, expected, batches.get(writer));
                        return "won:" + writer;
                    } catch (ConflictException conflict) {
                        assertEquals(expected + 3, conflict.actualCount(),
                                "round " + currentRound + ": the loser's ConflictException.actualCount() must count the winner's batch");
                        return "conflict:" + writer;
                    }
                });
                List<String> winners = outcomes.stream().filter(o -> o.startsWith("won:")).map(o -> o.substring(4)).toList();
                assertEquals(1, winners.size(), "round " + round + ": exactly one of two racing appendHashedIfCount must win, got " + outcomes);
                assertHashedEntries(batches.get(winners.get(0)), store.readHashed(segment, expected),
                        "round " + round + ": after the race the segment must end with the winner's whole batch and nothing else");
            }
            assertIntact(segment, store.readHashed(segment, 0), null);
        }

        @Test
        @RequiresCapability(Capability.DURABILITY_ON_REOPEN)
        @Tag("durability")
        @DisplayName("[C-CHAIN-11] after close and reopen every entry keeps its chain fields, headHash holds, and appendHashedIfCount goes on at the right count")
        void chainSurvivesReopen() {
            SegmentId segment = SegmentId.generate();
            SegmentId plain = SegmentId.generate();
            List<LogEntry> entries = new ArrayList<>(List.of(fx.start(SessionId.generate())));
            entries.addAll(fx.everyKindAfterStart());
            List<StoredEntry> chain = new ArrayList<>(HashChain.link(null, entries));
            store.createHashed(segment, chain.subList(0, 3));
            store.appendHashedIfCount(segment, 3, chain.subList(3, chain.size()));
            List<LogEntry> plainEntries = List.of(fx.plainStart(SessionId.generate()), fx.marker("plain"));
            store.create(plain, plainEntries);

            reopenStore();

            List<StoredEntry> read = store.readHashed(segment, 0);
            assertHashedEntries(chain, read, "chained entries after reopen");
            assertIntact(segment, read, null);
            assertEquals(Optional.of(chain.get(chain.size() - 1).hash()), store.headHash(segment), "headHash after reopen");
            assertHashedEntries(plainEntries.stream().map(StoredEntry::plain).toList(), store.readHashed(plain, 0),
                    "a plain segment after reopen");
            assertThrows(ConflictException.class, () -> store.appendHashedIfCount(segment, chain.size() - 1,
                    HashChain.link(chain.get(chain.size() - 2).hash(), List.of(fx.marker("stale")))), "appendHashedIfCount at a stale count after reopen");
            List<StoredEntry> next = HashChain.link(chain.get(chain.size() - 1).hash(), List.of(fx.marker("after reopen")));
            store.appendHashedIfCount(segment, chain.size(), next);
            chain.addAll(next);
            assertHashedEntries(chain, store.readHashed(segment, 0), "chained entries after reopen and an append");
        }

        @Test
        @Tag("operations")
        @DisplayName("[C-CHAIN-12] a conversation recorded through SegmentLog.chained() is chained on every entry and verifies intact; a plain segment stays plain")
        void chainedConversationVerifies() {
            SegmentLog log = new SegmentLog(store, fx::tick).chained();
            SegmentId segment = recordConversation(log);
            List<StoredEntry> stored = store.readHashed(segment, 0);
            assertEquals(store.count(segment), stored.size(), "readHashed of a chained conversation: every entry");
            for (int i = 0; i < stored.size(); i++) {
                assertTrue(stored.get(i).isChained(), "entry " + i + " of a chained conversation has no hash: " + stored.get(i));
            }
            ChainReport report = log.verify(segment);
            assertTrue(report.chained(), "verify of a chained conversation must find it chained");
            assertTrue(report.intact(), "verify of a chained conversation: " + report.breaks());
            assertEquals(stored.size(), report.entriesChecked(), "entries verified");
            assertEquals(Optional.of(stored.get(stored.size() - 1).hash()), store.headHash(segment), "headHash of a chained conversation");
            RestoredState state = log.restore(segment);
            assertEquals(2, state.turnCount(), "the chained conversation's turn count");
            assertEquals(stored.size(), state.entriesCount(), "entries replayed");

            SegmentId plain = new SegmentLog(store, fx::tick).create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            log.saveUserInput(plain, List.of(new InputPart.Text("into a plain segment")));
            assertEquals(List.of(false, false), store.readHashed(plain, 0).stream().map(StoredEntry::isChained).toList(),
                    "chained operations keep a plain segment plain");
            assertFalse(log.verify(plain).chained(), "verify of a plain segment finds nothing chained");
        }

        @Test
        @Tag("operations")
        @DisplayName("[C-CHAIN-13] forkAtEntry and forkAtHash of a chained segment record at_entry and at_hash, replay to the cut and verify intact")
        void chainedForksRecordTheCut() {
            SegmentLog log = new SegmentLog(store, fx::tick).chained();
            SegmentId source = recordConversation(log);
            SessionId session = store.info(source).sessionId();
            List<StoredEntry> sourceEntries = store.readHashed(source, 0);
            List<LogEntry> plainSource = sourceEntries.stream().map(StoredEntry::entry).toList();
            for (long cut : new long[] {1, 4, sourceEntries.size()}) {
                String at = "forkAtEntry(" + cut + "): ";
                RestoredState expected = Replay.replay(Lineage.cutAtEntry(plainSource, cut));
                SegmentId fork = log.forkAtEntry(source, cut);
                assertEquals(new SegmentOrigin(source, expected.turnCount(), cut, sourceEntries.get((int) cut - 1).hash()),
                        store.info(fork).forkedFrom(), at + "forked_from");
                assertEquals(session, store.info(fork).sessionId(), at + "session");
                assertEquals(expected.history(), log.restore(fork).history(), at + "history");
                assertForkIntact(log, fork, at);
            }
            int position = 6;
            EntryHash hash = sourceEntries.get(position).hash();
            SegmentId fork = log.forkAtHash(source, hash);
            RestoredState expected = Replay.replay(Lineage.cutAtEntry(plainSource, position + 1));
            assertEquals(new SegmentOrigin(source, expected.turnCount(), (long) position + 1, hash), store.info(fork).forkedFrom(),
                    "forkAtHash: forked_from");
            assertEquals(expected.history(), log.restore(fork).history(), "forkAtHash: history");
            assertForkIntact(log, fork, "forkAtHash: ");
            assertHashedEntries(sourceEntries, store.readHashed(source, 0), "the source after forks");
        }

        @Test
        @Tag("operations")
        @DisplayName("[C-CHAIN-14] two chained SegmentWriters on one segment: the second auto-forks into a chained fork whose at_hash is its old head, and both verify intact")
        void chainedWritersForkOnConflict() {
            SegmentLog log = new SegmentLog(store, fx::tick).chained();
            SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            SegmentWriter first = log.writer(segment);
            SegmentWriter second = log.writer(segment);
            SegmentHead secondBefore = second.head();
            assertNotNull(secondBefore.headHash(), "a chained writer's head hash");

            assertEquals(segment, first.saveUserInput(List.of(new InputPart.Text("from first"))), "the first writer's segment");
            assertEquals(segment, first.saveDelta(List.of(HistoryItem.assistant("answer to first"))), "the first writer's segment");
            assertEquals(segment, first.saveTurnEnd(1), "the first writer's segment");

            SegmentId fork = second.saveUserInput(List.of(new InputPart.Text("from second")));
            assertNotEquals(segment, fork, "the second chained writer must fork instead of interleaving");
            assertEquals(fork, second.saveDelta(List.of(HistoryItem.assistant("answer to second"))), "the second writer stays on the fork");
            assertEquals(segment, first.saveTurnEnd(2), "the first writer stays on its segment");

            assertEquals(new SegmentOrigin(segment, 0, secondBefore.entriesWritten(), secondBefore.headHash()),
                    store.info(fork).forkedFrom(), "the fork's forked_from: at_entry and at_hash = the second writer's old head");
            assertEquals(5, store.count(segment), "the source holds the first writer's entries only");
            assertEquals(3, store.count(fork), "the fork holds its start and the second writer's entries");
            assertEquals(new SegmentHead(segment, 5, store.headHash(segment).orElse(null)), first.head(), "the first writer's head is the store's");
            assertEquals(new SegmentHead(fork, 3, store.headHash(fork).orElse(null)), second.head(), "the second writer's head is the store's");
            assertForkIntact(log, segment, "the source: ");
            assertForkIntact(log, fork, "the fork: ");
            assertEquals(List.of(HistoryItem.user("from second"), HistoryItem.assistant("answer to second")), log.restore(fork).history(),
                    "the fork replays to the second writer's conversation");
        }

        @Test
        @Tag("operations")
        @Tag("concurrency")
        @DisplayName("[C-CHAIN-15] threads appending through one chained SegmentLog: every entry lands once, in each thread's order, and the chain verifies intact")
        void concurrentChainedAppendsVerify() {
            SegmentLog log = new SegmentLog(store, fx::tick).chained();
            SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
            int threads = 3;
            int perThread = 6;
            runTogether(threads, t -> () -> {
                for (int i = 0; i < perThread; i++) {
                    log.appendEntry(segment, fx.marker("t" + t + "-" + i));
                }
                return null;
            });
            List<LogEntry> all = store.readAll(segment);
            assertEquals(1 + threads * perThread, all.size(), "entries after concurrent chained appends");
            List<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).toList();
            for (int t = 0; t < threads; t++) {
                String prefix = "t" + t + "-";
                List<String> expectedOwn = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    expectedOwn.add(prefix + i);
                }
                assertEquals(expectedOwn, labels.stream().filter(l -> l != null && l.startsWith(prefix)).toList(),
                        "thread " + t + "'s entries, each once, in its order");
            }
            ChainReport report = log.verify(segment);
            assertTrue(report.chained() && report.intact(), "verify after concurrent chained appends: " + report);
        }

        /** A chain whose entry after {@code before} is refused by the codec (it gets a made-up hash), then {@code after}. */
        private List<StoredEntry> linkWithRefused(EntryHash previous, List<LogEntry> before, List<LogEntry> after) {
            List<StoredEntry> chain = new ArrayList<>(HashChain.link(previous, before));
            EntryHash prev = chain.isEmpty() ? previous : chain.get(chain.size() - 1).hash();
            StoredEntry refused = new StoredEntry(fx.refused(), prev, EntryHash.chain(prev, "{not json".getBytes(StandardCharsets.UTF_8)));
            chain.add(refused);
            chain.addAll(HashChain.link(refused.hash(), after));
            return chain;
        }

        private void assertForkIntact(SegmentLog log, SegmentId segment, String what) {
            ChainReport report = log.verify(segment);
            assertTrue(report.chained(), what + "verify must find the segment chained");
            assertTrue(report.intact(), what + "verify (chain and source history): " + report.breaks());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Recorded through {@code log}, three turns: tool use in turn 1, a config change and a system item in turn 2, turn 3 cut short mid-run. */
    private SegmentId recordConversation(SegmentLog log) {
        SegmentId segment = log.create(new StartState("You are a coding agent.", Fixtures.richConfig(),
                List.of(HistoryItem.assistant("seed"))));
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveUserInput(segment, List.of(new InputPart.Text("list files "), new InputPart.FileRef("src")));
        log.saveDelta(segment, List.of(HistoryItem.user("list files @src"), new HistoryItem.ToolCall("c1", "ls", "{\"dir\":\"src\"}"),
                new HistoryItem.ToolResult("c1", "2 files", null, false), HistoryItem.assistant("There are 2 files.")));
        log.saveUsage(segment, 4, 100, 0, 10, 20);
        log.saveTurnEnd(segment, 1);
        log.saveRunCompleted(segment, LogEntry.RunResult.FINISHED, false);
        log.saveConfigChanged(segment, Fixtures.budgetConfig());
        log.saveInvoke(segment, LogEntry.Trigger.NOTIFY);
        log.appendSystemItem(segment, new SystemItem.Notification("ci green", "[ci] green"));
        log.saveUserInput(segment, List.of(new InputPart.Text("deploy")));
        log.saveDelta(segment, List.of(HistoryItem.assistant("Deploying.")));
        log.saveExtension(segment, "acme.plan", Fixtures.json("{\"step\":2}"));
        log.saveTurnEnd(segment, 2);
        log.saveRunErrored(segment, "timeout", true);
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveUserInput(segment, List.of(new InputPart.Text("and now?")));
        log.saveDelta(segment, List.of(new HistoryItem.ToolCall("c2", "deploy", "{}")));
        return segment;
    }

    /** Closes the clause's store and opens it again through {@link #reopen}: what a new process would see. */
    private void reopenStore() {
        SegmentStore closed = store;
        store = null;
        closed.close();
        store = Objects.requireNonNull(reopen(closed), "reopen(SegmentStore) returned null");
    }

    /** Fails with the first differing position, never printing a megabyte of entries. */
    static void assertEntries(List<? extends LogEntry> expected, List<? extends LogEntry> actual, String what) {
        assertSameElements(expected, actual, what);
    }

    /** As {@link #assertEntries}, for entries with their chain fields (shown first, so a wrong hash is visible). */
    static void assertHashedEntries(List<StoredEntry> expected, List<StoredEntry> actual, String what) {
        assertSameElements(expected, actual, what);
    }

    /** Fails unless {@code entries} are a chained segment whose chain verifies intact (and reaches {@code recorded}, if given). */
    private static void assertIntact(SegmentId segment, List<StoredEntry> entries, SegmentHead recorded) {
        ChainReport report = HashChain.verify(segment, entries, recorded);
        assertTrue(report.chained(), "HashChain.verify of what readHashed returned must find the segment chained");
        assertTrue(report.intact(), "HashChain.verify of what readHashed returned: " + report.breaks());
    }

    private static void assertSameElements(List<?> expected, List<?> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder why = new StringBuilder(what).append(": expected ").append(expected.size())
                .append(" entries, read ").append(actual.size());
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                why.append("; first difference at position ").append(i).append(": expected ").append(brief(expected.get(i)))
                        .append(" but read ").append(brief(actual.get(i)));
                fail(why.toString());
            }
        }
        if (expected.size() > common) {
            why.append("; missing from position ").append(common).append(": ").append(brief(expected.get(common)));
        } else {
            why.append("; unexpected from position ").append(common).append(": ").append(brief(actual.get(common)));
        }
        fail(why.toString());
    }

    private static String brief(Object value) {
        if (value instanceof StoredEntry hashed) {
            return "{prev_hash=" + hashed.prevHash() + ", hash=" + hashed.hash() + ", entry=" + brief(hashed.entry()) + "}";
        }
        String text = String.valueOf(value);
        return text.length() <= 400 ? text : text.substring(0, 400) + "… (" + text.length() + " characters)";
    }

    private static void assertNotFound(SegmentId segment, Runnable call, String what) {
        SegmentNotFoundException error = assertThrows(SegmentNotFoundException.class, call::run,
                what + " of an unknown segment must throw SegmentNotFoundException");
        assertEquals(segment, error.segmentId(), what + ": SegmentNotFoundException.segmentId()");
    }

    /** The ids of {@code listing} that are among {@code own}, in listing order (duplicates kept, so they show). */
    private static <T> List<T> ownIds(List<T> listing, Collection<T> own) {
        return listing.stream().filter(own::contains).toList();
    }

    /**
     * Runs {@code threads} tasks that start together (a barrier), waits for all of them at most
     * {@value #TIMEOUT_SECONDS} seconds, and returns their results in task order. A task's failure
     * fails the clause.
     */
    private static <T> List<T> runTogether(int threads, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> body = task.apply(i);
                tasks.add(() -> {
                    start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    return body.call();
                });
            }
            List<Future<T>> futures = pool.invokeAll(tasks, TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (CancellationException timedOut) {
                    fail("concurrent writers did not finish within " + TIMEOUT_SECONDS + " s (deadlock or lost wake-up?)");
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new AssertionError("a concurrent writer failed", cause);
                }
            }
            return results;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for concurrent writers", interrupted);
        } finally {
            pool.shutdownNow();
        }
    }
}
