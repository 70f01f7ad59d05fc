package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 8 writers appending to one SQLite file at once, measured directly: every failure is counted, and
 * those that are SQLITE_BUSY / "database is locked" separately. Two set-ups: 8 threads sharing one
 * store, and 8 stores (8 connections, as 8 processes would have) on the same file. The baseline is
 * one writer appending the same total alone.
 */
final class SqliteConcurrency {
    record Result(double microsPerEntry, long busy, long otherFailures, long appended) {}

    private SqliteConcurrency() {}

    static Result run(int writers, int perWriter, boolean sharedStore) throws InterruptedException {
        Path directory = Work.newDirectory("sqlite-8w");
        String uri = "sqlite:" + directory.resolve("store.db");
        LogEntry entry = Entries.assistantMessage(42_000);
        List<SegmentStore> stores = new ArrayList<>();
        try {
            SegmentStore shared = SegmentStores.open(uri);
            stores.add(shared);
            List<SegmentId> segments = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                SegmentId segment = SegmentId.generate();
                shared.create(segment, List.of(StoredEntry.plain(Entries.start(SessionId.generate()))));
                segments.add(segment);
                if (!sharedStore) {
                    stores.add(SegmentStores.open(uri));
                }
            }
            AtomicLong busy = new AtomicLong();
            AtomicLong other = new AtomicLong();
            AtomicLong appended = new AtomicLong();
            CountDownLatch ready = new CountDownLatch(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                SegmentStore store = sharedStore ? shared : stores.get(i + 1);
                SegmentId segment = segments.get(i);
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int n = 0; n < perWriter; n++) {
                        try {
                            store.append(segment, entry);
                            appended.incrementAndGet();
                        } catch (StoreException e) {
                            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT)
                                    + String.valueOf(e.getCause()).toLowerCase(Locale.ROOT);
                            if (message.contains("busy") || message.contains("locked")) {
                                busy.incrementAndGet();
                            } else {
                                other.incrementAndGet();
                            }
                        }
                    }
                }, "writer-" + i);
                threads.add(t);
                t.start();
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long elapsed = System.nanoTime() - start;
            for (int i = 0; i < writers; i++) {
                long expected = 1 + perWriter;
                if (busy.get() == 0 && other.get() == 0 && shared.count(segments.get(i)) != expected) {
                    throw new IllegalStateException("segment " + i + " lost appends");
                }
            }
            return new Result(elapsed / 1000.0 / Math.max(1, appended.get()), busy.get(), other.get(), appended.get());
        } finally {
            for (SegmentStore store : stores) {
                store.close();
            }
            Work.delete(directory);
        }
    }
}
