package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.testing.s3.S3TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the S3 store: a child JVM appends (conditional appends, retried while the server is
 * down) and acknowledges each append on stdout. Each round SIGKILLs the S3 server (S3Proxy) after a random
 * number of acknowledgements (mid-request), checks the client reports clear {@link BackendException}s
 * while it is down, restarts the server on the same port and data, checks the client recovers, then
 * SIGKILLs the client too, and verifies that every acknowledged entry is stored, in order, decodable,
 * no batch torn, and that the next append succeeds.
 */
class S3CrashSafetyTest {
    private static final int DEFAULT_ROUNDS = 3;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void acknowledgedAppends_surviveServerAndClientSigkills() throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = "S3 crash test (seed " + seed + ", -Dreliability.seed=" + seed + " to replay)";
        long ttl = Soak.enabled() ? Soak.duration().toSeconds() + 300 : 600;
        int errorsSeen = 0;
        int resolved = 0;
        int clientKills = 0;
        try (S3TestServer server = S3Servers.start()) {
            String uri = S3Servers.uri(server, "crash-" + seed);
            SegmentId segment = SegmentId.generate();
            try (SegmentStore store = SegmentStores.open(uri)) {
                store.create(segment, List.of(StoredEntry.plain(Marks.start(SessionId.generate()))));
            }
            AckedLog log = new AckedLog(uri, segment, context);
            Soak.Budget budget = Soak.budget(DEFAULT_ROUNDS, 11);
            while (budget.nextRound()) {
                int round = budget.rounds();
                String writer = "r" + round;
                log.begin(writer);
                try (Child child = Child.start("s3-crash-" + round, AckingAppender.class,
                        List.of(uri, segment.toString(), writer, "retry", Long.toString(ttl)))) {
                    String ready = child.nextLine(LINE_TIMEOUT);
                    assertNotNull(ready, context + ": child did not start:\n" + child.stderrTail());
                    assertTrue(ready.startsWith("ready"), context + ": " + ready);
                    int target = 1 + random.nextInt(40);
                    while (log.acked() < target) {
                        log.ack(expectLine(child, context));
                    }
                    server.kill();
                    if (round == 1) {
                        assertClearErrorWhileDown(uri, segment, context);
                    }
                    // the client keeps appending into the outage: it must say so with a clear error
                    String line;
                    while (!(line = expectLine(child, context)).startsWith("err ")) {
                        if (!log.ack(line) && !line.startsWith("recovered") && !line.startsWith("resolved")) {
                            fail(context + ": unexpected line " + line);
                        }
                    }
                    errorsSeen++;
                    assertTrue(line.startsWith("err BackendException "), context + ": not a clear error: " + line);
                    assertTrue(line.contains(S3Servers.BUCKET), context + ": the error does not name the bucket: " + line);
                    assertFalse(line.contains(S3Servers.SECRET_ACCESS_KEY), context + ": the error shows the secret: " + line);
                    server.start();
                    long before = log.acked();
                    int more = 1 + random.nextInt(30);
                    while (log.acked() < before + more) {
                        line = expectLine(child, context);
                        if (line.startsWith("resolved")) {
                            resolved++;
                        } else if (!log.ack(line) && !line.startsWith("recovered") && !line.startsWith("err ")) {
                            fail(context + ": unexpected line " + line);
                        }
                    }
                    child.kill();
                    clientKills++;
                    for (String rest : child.drain()) {
                        log.ack(rest);
                    }
                }
                log.verifyAndProbe(round);
            }
            Figures.record("S3CrashSafetyTest", "seed=" + seed + " rounds survived=" + budget.rounds()
                    + " server SIGKILLs=" + budget.rounds() + " (restarts " + (server.starts() - 1) + ")"
                    + " client SIGKILLs=" + clientKills + " outages reported as BackendException=" + errorsSeen
                    + " retries resolved by read-back=" + resolved + " acknowledged entries=" + log.totalAcked()
                    + " entries verified after last reopen=" + log.verified() + " lost=0");
        }
    }

    private static String expectLine(Child child, String context) throws InterruptedException {
        String line = child.nextLine(LINE_TIMEOUT);
        if (line == null || line.startsWith("fatal")) {
            fail(context + ": child stopped: " + line + "\n" + child.stderrTail());
        }
        return line;
    }

    /** While the server is down, a fresh client's calls fail with a BackendException naming the store, not an SDK exception. */
    private static void assertClearErrorWhileDown(String uri, SegmentId segment, String context) {
        BackendException down = assertThrows(BackendException.class, () -> {
            try (SegmentStore store = SegmentStores.open(uri)) {
                store.count(segment);
            }
        }, context);
        assertTrue(down.getMessage().contains(S3Servers.BUCKET), context + ": " + down.getMessage());
        assertFalse(down.getMessage().contains(S3Servers.SECRET_ACCESS_KEY), context + ": " + down.getMessage());
    }
}
