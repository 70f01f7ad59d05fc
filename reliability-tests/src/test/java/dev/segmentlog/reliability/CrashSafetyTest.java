package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety of the file stores: a child JVM appends as fast as it can and acknowledges each append
 * on stdout; the test SIGKILLs it after a random number of acknowledgements (it is appending at that
 * moment, so the kill lands mid-append at a random point), reopens the store, and checks that every
 * acknowledged entry is there in order, decodable, no batch torn, and that the next append succeeds.
 */
class CrashSafetyTest {
    private static final int DEFAULT_ROUNDS = 10;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "sqlite"})
    void acknowledgedAppends_surviveSigkillAtRandomMoments(String kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Soak.selected(kind), "not selected by -Dreliability.stores");
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = Work.fresh("crash-" + kind);
        String uri = "jsonl".equals(kind) ? "jsonl:" + dir : "sqlite:" + dir.resolve("store.db");
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(segment, List.of(StoredEntry.plain(Marks.start(SessionId.generate()))));
        }
        String context = kind + " crash test (seed " + seed + ", -Dreliability.seed=" + seed + " to replay)";
        AckedLog log = new AckedLog(uri, segment, context);
        Soak.Budget budget = Soak.budget(DEFAULT_ROUNDS, 6);
        long ttl = Soak.enabled() ? Soak.duration().toSeconds() + 120 : 300;
        long killedMidBatchCandidates = 0;
        while (budget.nextRound()) {
            int round = budget.rounds();
            String writer = "r" + round;
            log.begin(writer);
            // mostly early kills (small logs, torn first lines), sometimes long runs
            int target = random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(60);
            try (Child child = Child.start(kind + "-crash-" + round, AckingAppender.class,
                    List.of(uri, segment.toString(), writer, "mixed", Long.toString(ttl)))) {
                String ready = child.nextLine(LINE_TIMEOUT);
                assertNotNull(ready, context + ": child did not start:\n" + child.stderrTail());
                assertTrue(ready.startsWith("ready"), context + ": " + ready);
                while (log.acked() < target) {
                    String line = child.nextLine(LINE_TIMEOUT);
                    if (line == null || line.startsWith("fatal")) {
                        fail(context + ": child stopped before the kill: " + line + "\n" + child.stderrTail());
                    }
                    log.ack(line);
                }
                child.kill();
                // acks printed before the kill are acknowledged even if not read yet
                for (String line : child.drain()) {
                    log.ack(line);
                }
                killedMidBatchCandidates++;
            }
            log.verifyAndProbe(round);
        }
        Figures.record("CrashSafetyTest[" + kind + "]", "seed=" + seed + " kill rounds survived=" + budget.rounds()
                + " SIGKILLs=" + killedMidBatchCandidates + " acknowledged entries=" + log.totalAcked()
                + " entries verified after last reopen=" + log.verified() + " lost=0");
    }
}
