package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads of one JVM, through two store instances on one directory. */
class JsonlConcurrencyTest {
    private final Fixtures fx = new Fixtures();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void appends_fromThreadsOfTwoStoresOnOneDirectory_areAllKeptExactlyOnce() throws Exception {
        Path dir = TestDirectories.fresh("threads");
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        int threads = 6;
        int perThread = 60;
        try (JsonlSegmentStore first = JsonlSegmentStore.open(dir); JsonlSegmentStore second = JsonlSegmentStore.open(dir)) {
            first.create(segment, List.of(StoredEntry.plain(fx.plainStart(session))));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    JsonlSegmentStore store = t % 2 == 0 ? first : second;
                    String writer = "w" + t;
                    boolean batches = t % 3 == 0;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i += batches ? 2 : 1) {
                            if (batches) {
                                store.append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(
                                        fx.marker(writer + "-" + i), fx.marker(writer + "-" + (i + 1)))));
                            } else {
                                store.append(segment, fx.marker(writer + "-" + i));
                            }
                            store.count(segment);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : done) {
                    future.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            List<LogEntry> entries = second.readAll(segment);
            assertEquals(1 + threads * perThread, entries.size());
            assertEquals(1 + threads * perThread, first.count(segment));
            Set<String> seen = new HashSet<>();
            for (LogEntry entry : entries.subList(1, entries.size())) {
                assertTrue(seen.add(Fixtures.labelOf(entry)));
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void conditionalAppends_racingOnOneCount_letExactlyOneWin() throws Exception {
        Path dir = TestDirectories.fresh("threads");
        SegmentId segment = SegmentId.generate();
        int threads = 4;
        try (JsonlSegmentStore first = JsonlSegmentStore.open(dir); JsonlSegmentStore second = JsonlSegmentStore.open(dir)) {
            first.create(segment, List.of(StoredEntry.plain(fx.plainStart(SessionId.generate()))));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    JsonlSegmentStore store = t % 2 == 0 ? first : second;
                    int writer = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        try {
                            store.append(segment, ExpectedCount.exactly(1),
                                    StoredEntry.plain(fx.markers("w" + writer + "-", 2)));
                            wins.incrementAndGet();
                        } catch (ConflictException e) {
                            assertEquals(3, e.actualCount());
                            conflicts.incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : done) {
                    future.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, wins.get());
            assertEquals(threads - 1, conflicts.get());
            assertEquals(3, second.count(segment));
        }
    }
}
