package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server crashes under a running writer and comes back: clear errors, nothing acknowledged lost. */
class PostgresRestartTest {
    private final Fixtures fixtures = new Fixtures();

    private static final int ACKED_BEFORE_THE_CRASH = 50;
    private static final int ACKED_AFTER_THE_RESTART = 30;

    @TempDir
    Path dir;

    @Test
    void aServerKilledUnderAWriterAndRestarted_losesNothingAcknowledged_andTheStoreGoesOnByItself() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedServer server = EmbeddedServer.startDurable(data, 0);
        int port = server.port();
        SegmentId segment = SegmentId.generate();
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        List<String> unknown = Collections.synchronizedList(new ArrayList<>());
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(ACKED_BEFORE_THE_CRASH);
        CountDownLatch failing = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SegmentStore store = SegmentStores.open("postgresql://postgres@localhost:" + port
                + "/postgres?pool_size=2&pool_timeout_ms=1000")) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
            Future<?> writing = writer.submit(() -> {
                int afterRestart = 0;
                for (int i = 0; afterRestart < ACKED_AFTER_THE_RESTART && i < 100_000; i++) {
                    String marker = "e" + i;
                    try {
                        store.append(segment, fixtures.marker(marker));
                        acked.add(marker);
                        running.countDown();
                        afterRestart += failing.getCount() == 0 ? 1 : 0;
                    } catch (BackendException e) {
                        messages.add(e.getMessage());
                        (e.getMessage().contains("nothing was written") ? refused : unknown).add(marker);
                        failing.countDown();
                    }
                }
                return null;
            });
            assertTrue(running.await(60, TimeUnit.SECONDS), "the writer did not get going");
            server.kill();
            assertTrue(failing.await(60, TimeUnit.SECONDS), "no append failed while the server was down");
            server = EmbeddedServer.startDurable(data, port);
            writing.get(120, TimeUnit.SECONDS);

            assertTrue(messages.stream().allMatch(m -> m.contains("lost or could not open the connection")
                    || m.contains("shutting down, restarting or recovering")), messages.toString());
            Map<String, Integer> stored = new HashMap<>();
            for (LogEntry entry : store.readAll(segment)) {
                String marker = Fixtures.labelOf(entry);
                if (marker != null) {
                    stored.merge(marker, 1, Integer::sum);
                }
            }
            for (String marker : acked) {
                assertEquals(1, stored.remove(marker), marker + " was acknowledged");
            }
            for (String marker : refused) {
                assertEquals(null, stored.remove(marker), marker + " failed with 'nothing was written'");
            }
            stored.keySet().removeAll(unknown);
            assertEquals(Map.of(), stored, "entries stored that no append wrote");
            assertEquals(store.readAll(segment).size(), store.count(segment));
        } finally {
            writer.shutdownNow();
            server.close();
        }
    }
}
