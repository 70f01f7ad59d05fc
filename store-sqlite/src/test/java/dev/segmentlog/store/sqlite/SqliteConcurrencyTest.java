package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConcurrencyTest {
    private final Fixtures fixtures = new Fixtures();

    private static final int THREADS = 8;
    private static final int PER_THREAD = 40;

    @TempDir
    Path dir;

    @Test
    void eightThreads_appendingAndConditionallyAppending_loseNothingAndSurfaceNoBusyError() throws Exception {
        SegmentId plain = SegmentId.generate();
        SegmentId conditional = SegmentId.generate();
        SessionId session = SessionId.generate();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (SegmentStore store = SqliteSegmentStore.open(dir.resolve("threads.db"))) {
            store.create(plain, List.of(StoredEntry.plain(fixtures.plainStart(session))));
            store.create(conditional, List.of(StoredEntry.plain(fixtures.plainStart(session))));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        store.append(plain, fixtures.marker("t" + thread + "-" + i));
                        appendWithRetry(store, conditional, fixtures.marker("t" + thread + "-" + i), conflicts);
                        store.read(plain, Math.max(0, store.count(plain) - 3), 3);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS); // any exception, a busy error included, fails here
            }

            assertAllPresentOnce(store, plain);
            assertAllPresentOnce(store, conditional);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void conditionalAppends_racingForOnePosition_letExactlyOneWin() throws Exception {
        SegmentId segment = SegmentId.generate();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (SegmentStore store = SqliteSegmentStore.open(dir.resolve("race.db"))) {
            store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> racers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                racers.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.append(segment, ExpectedCount.exactly(1),
                                List.of(StoredEntry.plain(fixtures.marker("racer-" + thread))));
                        return true;
                    } catch (ConflictException e) {
                        assertEquals(2, e.actualCount());
                        return false;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> racer : racers) {
                winners += racer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertEquals(1, winners);
            assertEquals(2, store.count(segment));
            assertEquals(2, store.readAll(segment).size());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    static void appendWithRetry(SegmentStore store, SegmentId segment, LogEntry entry, AtomicInteger conflicts) {
        long expected = store.count(segment);
        while (true) {
            try {
                store.append(segment, ExpectedCount.exactly(expected), List.of(StoredEntry.plain(entry)));
                return;
            } catch (ConflictException e) {
                conflicts.incrementAndGet();
                expected = e.actualCount();
            }
        }
    }

    private static void assertAllPresentOnce(SegmentStore store, SegmentId segment) {
        List<LogEntry> entries = store.readAll(segment);
        assertEquals(1 + THREADS * PER_THREAD, entries.size());
        assertEquals(entries.size(), store.count(segment));
        assertEquals(entries.size(), store.info(segment).entryCount());
        Set<String> markers = new HashSet<>();
        for (LogEntry entry : entries.subList(1, entries.size())) {
            assertTrue(markers.add(Fixtures.labelOf(entry)), "twice: " + Fixtures.labelOf(entry));
        }
        for (int t = 0; t < THREADS; t++) {
            int last = -1;
            for (LogEntry entry : entries) {
                String marker = Fixtures.labelOf(entry);
                if (marker != null && marker.startsWith("t" + t + "-")) {
                    int i = Integer.parseInt(marker.substring(marker.indexOf('-') + 1));
                    assertEquals(last + 1, i, "thread " + t + "'s entries are out of order");
                    last = i;
                }
            }
            assertEquals(PER_THREAD - 1, last);
        }
    }
}
