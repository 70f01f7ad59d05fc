package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code copy} of hash-chained segments, and {@code copy --session-log}. */
class ChainedCopyTest {
    private static final SegmentId OLD_SOURCE = SegmentId.parse("0190f0a1-0000-7000-8000-0000000000c1");
    private static final SegmentId OLD_FORK = SegmentId.parse("0190f0a1-0000-7000-8000-0000000000c2");

    @TempDir
    Path dir;

    @BeforeAll
    static void registerPlainStore() {
        PlainStore.register();
    }

    private static List<StoredEntry> stored(SegmentStore store, SegmentId segment) {
        return new SegmentLog(store).readStored(segment);
    }

    // ------------------------------------------------------------------ chained copy

    @Test
    void copyChained_jsonlToSqlite_keepsTheHashes_andTheTargetVerifies() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.writeChained(jsonl);

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", sqlite);
        Cli.Result verify = Cli.run("verify", "--store", sqlite);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertEquals(List.of("copy " + jsonl + " -> " + sqlite + ": 2 copied, 0 completed, 0 already present, 0 failed; "
                + "12 entries verified by read-back, the hashes of 2 chained segments too"), copy.outLines());
        try (SegmentStore in = SegmentStores.open(jsonl); SegmentStore out = SegmentStores.open(sqlite)) {
            assertEquals(stored(in, written.main()), stored(out, written.main()));
            assertEquals(stored(in, written.fork()), stored(out, written.fork()));
        }
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments (2 chained), 12 entries: all ok\n"), verify::toString);
    }

    @Test
    void copyChainedAgain_skipsWhatIsPresent_andCompletesWhatGrew_withTheSameHashes() {
        String sqlite = Conversations.storeUri("sqlite", dir);
        String jsonl = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.writeChained(sqlite);
        assertEquals(0, Cli.run("copy", "--from", sqlite, "--to", jsonl).exitCode());
        try (SegmentStore store = SegmentStores.open(sqlite)) {
            new SegmentLog(store).chained().saveTurnEnd(written.fork(), 2);
        }

        Cli.Result again = Cli.run("copy", "--store", sqlite, "--to", jsonl);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains(": 0 copied, 1 completed, 1 already present, 0 failed; 13 entries"),
                again::toString);
        try (SegmentStore in = SegmentStores.open(sqlite); SegmentStore out = SegmentStores.open(jsonl)) {
            assertEquals(stored(in, written.fork()), stored(out, written.fork()));
            assertEquals(2, stored(out, written.fork()).size());
        }
    }

    @Test
    void copyChained_intoAStoreWithoutChains_isRefusedPerSegment() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String plain = PlainStore.SCHEME + ":" + dir.resolve("plain");
        Conversations.Written written = Conversations.writeChained(jsonl);

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", plain);

        assertEquals(1, copy.exitCode(), copy::toString);
        assertTrue(copy.errLines().contains("segment " + written.main() + " is hash-chained but " + plain
                + " does not keep hash chains; not copied"), copy::toString);
        assertTrue(copy.out().contains(": 0 copied, 0 completed, 0 already present, 2 failed; 0 entries"),
                copy::toString);
    }

    // ------------------------------------------------------------------ session logs of the original runtime

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void importSessionLog_sourceAndFork_resolvesTheForkAndVerifies(String scheme) throws IOException {
        String uri = Conversations.storeUri(scheme, dir);
        SessionLogFiles source = SessionLogFiles.twoTurns();
        Path sourceFile = source.writeTo(dir.resolve("old"), OLD_SOURCE);
        Path forkFile = SessionLogFiles.forkOf(OLD_SOURCE, source.hash(3)).writeTo(dir.resolve("old"), OLD_FORK);

        // the fork first: the command imports sources before their forks whatever the order given
        Cli.Result copy = Cli.run("copy", "--session-log", forkFile.toString(), sourceFile.toString(), "--to", uri);
        Cli.Result verify = Cli.run("verify", "--store", uri);

        assertEquals(0, copy.exitCode(), copy::toString);
        List<String> lines = copy.outLines();
        assertTrue(lines.get(0).matches(Pattern.quote("import " + sourceFile + " -> ") + OLD_SOURCE
                + ": 7 entries, old chain intact, chained \\(head [0-9a-f]{12}\\)"), copy::toString);
        assertTrue(lines.get(1).matches(Pattern.quote("import " + forkFile + " -> ") + OLD_FORK
                + ": 3 entries, old chain intact, chained \\(head [0-9a-f]{12}\\)"), copy::toString);
        assertTrue(lines.get(2).matches("  forked_from " + OLD_SOURCE + " at turn 1 \\(entry 4, hash [0-9a-f]{12}\\)"),
                copy::toString);
        assertEquals("session-log import -> " + uri + ": 2 imported, 0 already present, 0 failed; 10 entries verified "
                + "by read-back", lines.get(lines.size() - 1));
        assertEquals("", copy.err(), copy::toString);
        try (SegmentStore store = SegmentStores.open(uri)) {
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.readAll(OLD_FORK).get(0);
            SegmentOrigin origin = start.forkedFrom();
            assertEquals(4L, origin.atEntry());
            assertEquals(stored(store, OLD_SOURCE).get(3).hash(), origin.atHash());
            assertEquals(store.info(OLD_SOURCE).sessionId(), start.sessionId()); // one session, as a fork is
            List<TraceEntry> trace = store.readTrace(OLD_FORK);
            assertEquals(1, trace.size());
            assertTrue(trace.get(0).event().text().contains("\"event\":\"session_log_import\""), trace.toString());
        }
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments (2 chained), 10 entries: all ok\n"), verify::toString);
    }

    @Test
    void importSessionLog_withABrokenOldChain_isRefusedByDefault_andExits1() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Path file = SessionLogFiles.twoTurns().tamper(4, "Osaka", "Nagoya").writeTo(dir.resolve("old"), OLD_SOURCE);

        Cli.Result copy = Cli.run("copy", "--session-log", file.toString(), "--to", uri);

        assertEquals(1, copy.exitCode(), copy::toString);
        assertTrue(copy.outLines().get(0).startsWith("import " + file + " -> " + OLD_SOURCE
                + ": not imported, old chain BROKEN at line 5: ALTERED at position 4: "), copy::toString);
        assertEquals(List.of("import " + file + ": FAILED: its old hash chain is broken at line 5 (ALTERED: its "
                + "content does not hash to " + SessionLogFiles.twoTurns().hash(4) + "); --accept-broken-chain "
                + "imports it, marked as such"), copy.errLines());
        assertTrue(copy.out().endsWith(": 0 imported, 0 already present, 1 failed; 0 entries verified by read-back\n"),
                copy::toString);
        try (SegmentStore store = SegmentStores.open(uri)) {
            assertTrue(!store.exists(OLD_SOURCE), "nothing imported");
        }
    }

    @Test
    void importSessionLog_acceptBrokenChain_importsItMarked_andVerifyShowAndLsSaySo() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Path file = SessionLogFiles.twoTurns().tamper(4, "Osaka", "Nagoya").writeTo(dir.resolve("old"), OLD_SOURCE);
        String mark = "imported from " + OLD_SOURCE + ".jsonl, whose hash chain was BROKEN at line 5 (ALTERED: its "
                + "content does not hash to " + SessionLogFiles.twoTurns().hash(4) + ")";

        Cli.Result copy = Cli.run("copy", "--session-log", file.toString(), "--accept-broken-chain", "--to", uri);
        Cli.Result verify = Cli.run("verify", "--store", uri);
        Cli.Result strict = Cli.run("verify", "--store", uri, "--strict");
        Cli.Result show = Cli.run("show", "--store", uri, OLD_SOURCE.toString());
        Cli.Result ls = Cli.run("ls", "--store", uri, "--segments");

        assertEquals(0, copy.exitCode(), copy::toString);
        assertTrue(copy.outLines().get(0).startsWith("import " + file + " -> " + OLD_SOURCE
                + ": 7 entries, old chain BROKEN at line 5: ALTERED at position 4: "), copy::toString);
        assertTrue(copy.outLines().get(0).contains(", accepted: the segment_start records it, chained"), copy::toString);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals(List.of("WARN  " + OLD_SOURCE + ": " + mark + "; it was imported with --accept-broken-chain",
                "ok    " + OLD_SOURCE + "  chain: intact since the import (7 entries)"),
                verify.outLines().subList(0, 2));
        assertEquals(1, strict.exitCode(), strict::toString);
        assertTrue(strict.out().contains("FAIL  " + OLD_SOURCE + ": " + mark), strict::toString);
        assertTrue(show.outLines().get(0).contains("segment_start   " + mark + ", session "), show::toString);
        assertTrue(ls.outLines().get(1).endsWith("new; imported, old chain BROKEN at line 5"), ls::toString);
    }

    @Test
    void importSessionLog_withAnIntactChain_isMarkedIntact_andVerifiesWithoutWarning() throws IOException {
        String uri = Conversations.storeUri("sqlite", dir);
        Path file = SessionLogFiles.twoTurns().writeTo(dir.resolve("old"), OLD_SOURCE);

        assertEquals(0, Cli.run("copy", "--session-log", file.toString(), "--to", uri).exitCode());
        Cli.Result verify = Cli.run("verify", "--store", uri, "--strict");
        Cli.Result ls = Cli.run("ls", "--store", uri, "--segments");

        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals("ok    " + OLD_SOURCE + "  chain: intact (7 entries)", verify.outLines().get(0));
        assertTrue(ls.outLines().get(1).endsWith("new; imported, old chain intact"), ls::toString);
    }

    @Test
    void acceptBrokenChain_withoutSessionLog_isRefused() {
        Cli.Result copy = Cli.run("copy", "--accept-broken-chain", "--from", "jsonl:" + dir,
                "--to", Conversations.storeUri("sqlite", dir));

        assertEquals(1, copy.exitCode(), copy::toString);
        assertTrue(copy.err().startsWith("segmentlog copy: --accept-broken-chain goes with --session-log"),
                copy::toString);
    }

    @Test
    void importSessionLog_aFileThatDoesNotParse_failsThatFileOnly_andExits1() throws IOException {
        String uri = Conversations.storeUri("sqlite", dir);
        Path good = SessionLogFiles.twoTurns().writeTo(dir.resolve("old"), OLD_SOURCE);
        Path bad = Files.writeString(dir.resolve("old").resolve(OLD_FORK + ".jsonl"), "{\"hash\":\"not json\n");
        Path unnamed = Files.writeString(dir.resolve("old").resolve("notes.jsonl"), "");

        Cli.Result copy = Cli.run("copy", "--session-log", bad.toString(), good.toString(), unnamed.toString(),
                "--to", uri);

        assertEquals(1, copy.exitCode(), copy::toString);
        assertEquals(2, copy.errLines().size(), copy::toString);
        assertTrue(copy.errLines().get(0).startsWith("import " + bad + ": FAILED: corrupt data in segment " + OLD_FORK),
                copy::toString);
        assertTrue(copy.errLines().get(1).startsWith("import " + unnamed + ": FAILED: "), copy::toString);
        assertTrue(copy.out().endsWith(": 1 imported, 0 already present, 2 failed; 7 entries verified by read-back\n"),
                copy::toString);
    }

    @Test
    void importSessionLogAgain_findsItAlreadyPresent() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Path file = SessionLogFiles.twoTurns().writeTo(dir.resolve("old"), OLD_SOURCE);
        assertEquals(0, Cli.run("copy", "--session-log", file.toString(), "--to", uri).exitCode());

        Cli.Result again = Cli.run("copy", "--session-log", file.toString(), "--to", uri);

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of("import " + file + " -> " + OLD_SOURCE + ": already present, old chain intact",
                "session-log import -> " + uri + ": 0 imported, 1 already present, 0 failed; 7 entries verified by "
                        + "read-back"), again.outLines());
    }

    @Test
    void importSessionLog_withFrom_isRefused() throws IOException {
        Path file = SessionLogFiles.twoTurns().writeTo(dir.resolve("old"), OLD_SOURCE);

        Cli.Result copy = Cli.run("copy", "--session-log", file.toString(), "--from", "jsonl:" + dir,
                "--to", Conversations.storeUri("sqlite", dir));

        assertEquals(1, copy.exitCode(), copy::toString);
        assertEquals(List.of("segmentlog copy: --session-log reads files: give it without --from and --session "
                + "(see 'segmentlog copy --help')"), copy.errLines());
    }
}
