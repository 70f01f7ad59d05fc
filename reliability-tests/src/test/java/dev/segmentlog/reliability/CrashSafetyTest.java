package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.testing.s3.S3TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety of every store and durability: a child JVM appends as fast as it can and acknowledges
 * each append on stdout; the test SIGKILLs it after a random number of acknowledgements (it is
 * appending at that moment, so the kill lands mid-append at a random point), reopens the store, and
 * checks that every acknowledged entry is there in order, decodable, no batch torn, and that the next
 * append succeeds. Then the next writer starts, and so on for the budget's rounds; at the end the whole
 * segment is read once more.
 *
 * <p>A JVM start is most of what a round costs, so each round's writer JVM is started while the round
 * before it is still writing ({@code standby}); it opens the store only when its round begins, after
 * the kill, as a restarted process would.
 */
class CrashSafetyTest {
    private static final int DEFAULT_ROUNDS = 4;
    /** The loops that share a {@code -Dsoak} duration: six here, four concurrency rounds, the S3 server crash test. */
    private static final int SOAK_SHARES = 11;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(120);
    /** A child lives for one round; this only bounds a child the test lost track of. */
    private static final long CHILD_SECONDS_TO_LIVE = 600;
    /** What the PostgreSQL writers call themselves, so the test can see their sessions end. */
    private static final String WRITER_APPLICATION = "reliability-crash-writer";

    private static PostgresServer postgres;
    private static S3TestServer s3;

    @AfterAll
    static void stopServers() {
        if (postgres != null) {
            postgres.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** A store configuration: the store's URI, the URI its writers open it by, and what to wait for after a kill. */
    private record Target(String uri, String writerUri, Runnable settleAfterKill) {}

    private static Target target(String configuration, Path dir) {
        switch (configuration) {
            case "jsonl-buffered":
            case "jsonl-fsync": {
                String durability = "?durability=" + configuration.substring("jsonl-".length());
                String uri = "jsonl:" + dir.resolve("store") + durability;
                return new Target(uri, uri, () -> { });
            }
            case "sqlite-normal":
            case "sqlite-full": {
                String durability = "?durability=" + configuration.substring("sqlite-".length());
                String uri = "sqlite:" + dir.resolve("store.db") + durability;
                return new Target(uri, uri, () -> { });
            }
            case "postgresql": {
                if (postgres == null) {
                    postgres = PostgresServer.start();
                }
                String uri = postgres.freshStoreUri();
                // the kill ends the client, not its session: wait until the server finished what it sent
                return new Target(uri, uri + "&application_name=" + WRITER_APPLICATION,
                        () -> postgres.awaitNoSessions(WRITER_APPLICATION, LINE_TIMEOUT));
            }
            case "s3": {
                // the client dies, the server lives on (S3CrashSafetyTest kills the server)
                if (s3 == null) {
                    s3 = S3Servers.start();
                }
                String uri = S3Servers.uri(s3, "crash-" + dir.getFileName());
                return new Target(uri, uri, () -> { });
            }
            default:
                throw new IllegalArgumentException("no crash target " + configuration);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl-buffered", "jsonl-fsync", "sqlite-normal", "sqlite-full", "postgresql", "s3"})
    void acknowledgedAppends_surviveSigkillAtRandomMoments(String configuration) throws Exception {
        Assumptions.assumeTrue(Soak.selected(configuration), "not selected by -Dreliability.stores");
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        Target target = target(configuration, Work.fresh("crash-" + configuration));
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(target.uri())) {
            store.create(segment, List.of(StoredEntry.plain(Marks.start(SessionId.generate()))));
        }
        ClassArchive archive = Soak.enabled() ? classArchive(configuration, target) : ClassArchive.NONE;
        String context = configuration + " crash test (seed " + seed + ", -Dreliability.seed=" + seed + " to replay)";
        AckedLog log = new AckedLog(target.uri(), segment, context);
        Soak.Budget budget = Soak.budget(DEFAULT_ROUNDS, SOAK_SHARES);
        Child standby = budget.hasNext() ? writer(configuration, target, archive, segment, 1) : null;
        try {
            while (budget.nextRound()) {
                int round = budget.rounds();
                log.begin("r" + round);
                try (Child child = standby) {
                    standby = null;
                    assertEquals("standby", child.nextLine(LINE_TIMEOUT), context + ": child did not start:\n"
                            + child.stderrTail());
                    child.send("go");
                    if (budget.hasNext()) {
                        standby = writer(configuration, target, archive, segment, round + 1);
                    }
                    String ready = child.nextLine(LINE_TIMEOUT);
                    assertNotNull(ready, context + ": child did not open the store:\n" + child.stderrTail());
                    assertTrue(ready.startsWith("ready"), context + ": " + ready);
                    // mostly early kills (the first appends of a process), sometimes long runs
                    int kill = random.nextInt(8) == 0 ? random.nextInt(500) : random.nextInt(40);
                    while (log.acked() < kill) {
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
                }
                target.settleAfterKill().run();
                log.verifyAndProbe(round);
            }
        } finally {
            if (standby != null) {
                standby.close();
            }
        }
        log.verifyAll();
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        Figures.record("CrashSafetyTest[" + configuration + "]", "seed=" + seed + " SIGKILL rounds="
                + budget.rounds() + " acknowledged entries=" + log.totalAcked() + " lost=0 torn batches=0"
                + " in-flight batches found stored whole=" + log.inFlightBatchesStored() + " entries verified="
                + log.verified() + " class archive=" + archive.recorded() + " wall=" + wall.toSeconds()
                + " s rounds/min=" + String.format(Locale.ROOT, "%.1f", budget.rounds() * 60_000.0
                / Math.max(1, wall.toMillis())));
    }

    /**
     * The classes of a writer, recorded by one that runs for a second on a segment of its own and ends
     * normally: a run that pays for itself over the many rounds of a soak, not over the default few.
     */
    private static ClassArchive classArchive(String configuration, Target target) throws InterruptedException {
        SegmentId own = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(target.uri())) {
            store.create(own, List.of(StoredEntry.plain(Marks.start(SessionId.generate()))));
        }
        return ClassArchive.record(configuration, AckingAppender.class,
                List.of(target.writerUri(), own.toString(), "archive", "mixed", "1"), LINE_TIMEOUT);
    }

    /** Starts the writer JVM of a round, which waits for {@code go} (see {@link AckingAppender}). */
    private static Child writer(String configuration, Target target, ClassArchive archive, SegmentId segment,
            int round) {
        return Child.start(configuration + "-crash-" + round, AckingAppender.class, List.of(target.writerUri(),
                segment.toString(), "r" + round, "mixed", Long.toString(CHILD_SECONDS_TO_LIVE), "standby"),
                archive.jvmOptions());
    }
}
