package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers on one segment: threads, store instances and processes. */
class PostgresConcurrencyTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EmbeddedServer SERVER = EmbeddedServer.shared();
    private static final int THREADS = 8;

    private final String schema = EmbeddedServer.freshSchema();

    @TempDir
    Path dir;

    @Test
    void conditionalAppendsRacingForOnePosition_fromEightStores_letExactlyOneWin() throws Exception {
        SegmentId segment = SegmentId.generate();
        List<SegmentStore> stores = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                stores.add(SegmentStores.open(SERVER.uri(schema, "pool_size=1")));
            }
            stores.get(0).create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));

            List<Boolean> won = together(THREADS, i -> {
                try {
                    stores.get(i).append(segment, ExpectedCount.exactly(1),
                            StoredEntry.plain(List.of(fixtures.marker("racer-" + i))));
                    return true;
                } catch (ConflictException e) {
                    assertEquals(2, e.actualCount());
                    return false;
                }
            });

            assertEquals(1, won.stream().filter(w -> w).count(), won.toString());
            assertEquals(2, stores.get(THREADS - 1).count(segment));
            assertEquals(2, stores.get(THREADS - 1).readAll(segment).size());
        } finally {
            stores.forEach(SegmentStore::close);
        }
    }

    @Test
    void eightSegmentWritersOnOneSegment_storeEveryEntryExactlyOnce_acrossTheSegmentAndItsForks() throws Exception {
        int perWriter = 25;
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema, "pool_size=" + THREADS))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(session))));

            together(THREADS, i -> Writers.write(store, segment, "w" + i, perWriter));

            int forks = Writers.assertEveryEntryExactlyOnce(store, session, names(THREADS), perWriter);
            assertTrue(forks >= 1, "eight writers racing on one segment fork at least once");
        }
    }

    @Test
    void appendsFromEightThreads_onConnectionsDefaultingToSerializable_neverFailWithASerializationError()
            throws Exception {
        int perThread = 20;
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = PostgresSegmentStore.open(
                SERVER.dataSource(Map.of("options", "-c default_transaction_isolation=serializable")),
                new PostgresOptions(schema))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(session))));

            together(THREADS, i -> {
                for (int n = 0; n < perThread; n++) {
                    store.append(segment, fixtures.marker("t" + i + "-" + n));
                }
                return null;
            });

            assertEquals(0, Writers.assertEveryEntryExactlyOnce(store, session, names(THREADS, "t"), perThread));
            assertEquals(1 + THREADS * perThread, store.count(segment));
        }
    }

    @Test
    void deletingASessionWhileItsSegmentsAreAppendedTo_leavesNoEntryBehind() throws Exception {
        SessionId session = SessionId.generate();
        List<SegmentId> segments = IntStream.range(0, THREADS - 1).mapToObj(i -> SegmentId.generate()).toList();
        CountDownLatch appending = new CountDownLatch(THREADS - 1);
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema, "pool_size=" + THREADS))) {
            for (SegmentId segment : segments) {
                store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(session))));
            }

            List<Integer> results = together(THREADS, i -> {
                if (i == THREADS - 1) {
                    appending.await();
                    return store.deleteSession(session);
                }
                for (int n = 0; ; n++) {
                    try {
                        store.append(segments.get(i), fixtures.marker("a" + i + "-" + n));
                    } catch (SegmentNotFoundException deleted) {
                        return n;
                    }
                    if (n == 5) {
                        appending.countDown();
                    }
                }
            });

            assertEquals(THREADS - 1, results.get(THREADS - 1), "segments deleted");
            assertTrue(segments.stream().noneMatch(store::exists));
        }
        try (Connection connection = SERVER.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet orphans = statement.executeQuery("SELECT count(*) FROM " + schema + ".entries e WHERE NOT EXISTS "
                     + "(SELECT 1 FROM " + schema + ".segments s WHERE s.segment_id = e.segment_id)")) {
            orphans.next();
            assertEquals(0, orphans.getLong(1), "entries left without their segment");
        }
    }

    @Test
    void threeProcessesWithSegmentWriters_onOneSegment_storeEveryEntryExactlyOnce() throws Exception {
        int processes = 3;
        int perProcess = 60;
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        String uri = SERVER.uri(schema, "pool_size=2");
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(session))));
            List<Process> children = new ArrayList<>();
            try {
                for (int p = 0; p < processes; p++) {
                    children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp", System.getProperty("java.class.path"), WritingProcess.class.getName(),
                            uri, segment.toString(), "p" + p, String.valueOf(perProcess))
                            .redirectError(dir.resolve("p" + p + ".err").toFile())
                            .start());
                }
                List<BufferedReader> outputs = new ArrayList<>();
                for (int p = 0; p < processes; p++) {
                    BufferedReader out = new BufferedReader(new InputStreamReader(children.get(p).getInputStream(),
                            StandardCharsets.UTF_8));
                    outputs.add(out);
                    assertEquals("ready", out.readLine(), "process p" + p + " did not start: " + stderr(p));
                }
                for (Process child : children) {
                    Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                    in.write("go\n");
                    in.flush();
                }
                for (int p = 0; p < processes; p++) {
                    assertTrue(children.get(p).waitFor(120, TimeUnit.SECONDS), "process p" + p + " did not finish");
                    assertEquals(0, children.get(p).exitValue(), "process p" + p + " failed: " + stderr(p));
                    assertEquals("done", outputs.get(p).readLine());
                }
            } finally {
                children.forEach(Process::destroyForcibly);
            }

            Writers.assertEveryEntryExactlyOnce(store, session, names(processes, "p"), perProcess);
        }
    }

    private String stderr(int process) {
        try {
            return Files.readString(dir.resolve("p" + process + ".err"));
        } catch (Exception e) {
            return "(no stderr: " + e + ")";
        }
    }

    private static List<String> names(int writers) {
        return names(writers, "w");
    }

    private static List<String> names(int writers, String prefix) {
        return IntStream.range(0, writers).mapToObj(i -> prefix + i).toList();
    }

    /** A task the test runs on several threads at once, given its index. */
    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code n} tasks started together; any failure of one fails the test. */
    static <T> List<T> together(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return task.run(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
