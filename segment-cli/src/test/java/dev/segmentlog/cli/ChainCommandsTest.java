package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** verify, fork, show, tree and demo on hash-chained segments. */
class ChainCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @BeforeAll
    static void registerPlainStore() {
        PlainStore.register();
    }

    private static List<StoredEntry> hashed(String uri, SegmentId segment) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            return new SegmentLog(store).readStored(segment);
        }
    }

    private static LogEntry.SegmentStart start(String uri, SegmentId segment) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            return (LogEntry.SegmentStart) store.readAll(segment).get(0);
        }
    }

    private Path jsonlFile(Conversations.Written written, SegmentId segment) {
        return dir.resolve("logs").resolve(written.session().toString()).resolve(segment + ".jsonl");
    }

    // ------------------------------------------------------------------ verify

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verify_chainedSegments_reportsEachChainIntact(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);

        Cli.Result verify = Cli.run("verify", "--all", "--store", uri);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.main() + "  chain: intact (11 entries)"), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.fork() + "  chain: intact (1 entry)"), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments (2 chained), 12 entries: all ok\n"), verify::toString);
    }

    @Test
    void verify_aJsonlLineEditedOnDisk_isAlteredAtItsPosition_andTheForkNamesItsSource() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.writeChained(uri);
        Path file = jsonlFile(written, written.main());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        assertTrue(lines.get(4).contains("Sunny, 25C"), lines.get(4));
        lines.set(4, lines.get(4).replace("Sunny, 25C", "Rainy, 12C"));
        Files.write(file, lines);

        Cli.Result verify = Cli.run("verify", "--all", "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + written.main() + ": chain: ALTERED at position 4: its tool_result "
                + "content does not hash to "), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + written.fork() + ": chain: LINEAGE_MISMATCH at position 0: its source "
                + written.main() + " has ALTERED at position 4"), verify::toString);
        assertTrue(verify.out().endsWith(": 2 segments have problems\n"), verify::toString);
    }

    @Test
    void verify_aSqliteRowDeletedOnDisk_isRemovedAtItsPosition() throws SQLException {
        String uri = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.writeChained(uri);
        // Delete the entry at position 3 and close the gap, as someone hiding the deletion would.
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"))) {
            db.setAutoCommit(false);
            update(db, "DELETE FROM entries WHERE segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq = 3", written.main());
            update(db, "UPDATE entries SET seq = -seq WHERE segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq > 3", written.main());
            update(db, "UPDATE entries SET seq = -seq - 1 WHERE segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq < 0", written.main());
            update(db, "UPDATE segments SET entry_count = entry_count - 1 WHERE segment_id = ?", written.main());
            db.commit();
        }

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("FAIL  " + written.main() + ": chain: REMOVED at position 3: its predecessor "),
                verify::toString);
        assertTrue(verify.out().endsWith("verified 1 segment (1 chained), 10 entries: 1 segment has problems\n"),
                verify::toString);
    }

    private static void update(Connection db, String sql, SegmentId segment) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, segment.toString());
            assertTrue(statement.executeUpdate() > 0, sql);
        }
    }

    @Test
    void verifyHead_ofAJsonlLogWhoseTailWasCutOff_isTruncated() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String head = "11:" + hashed(uri, written.main()).get(10).hash().hex();
        Path file = jsonlFile(written, written.main());
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 2));

        Cli.Result withHead = Cli.run("verify", written.main().toString(), "--head", head, "--store", uri);
        Cli.Result withoutHead = Cli.run("verify", written.main().toString(), "--store", uri);

        assertEquals(1, withHead.exitCode(), withHead::toString);
        assertTrue(withHead.out().startsWith("FAIL  " + written.main() + ": chain: TRUNCATED at position 9: the log "
                + "holds 9 entries; a head was recorded after 11"), withHead::toString);
        assertEquals(0, withoutHead.exitCode(), withoutHead::toString); // a cut chain is still a chain
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verifyHead_reachedByTheLog_passes_evenAfterLaterAppends(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String head = "11:" + hashed(uri, written.main()).get(10).hash().hex();
        try (SegmentStore store = SegmentStores.open(uri)) {
            new SegmentLog(store).chained().saveTurnEnd(written.main(), 3);
        }

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--head", head, "--store", uri);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals("ok    " + written.main() + "  chain: intact (12 entries, reaches the recorded head at 11)",
                verify.outLines().get(0), verify::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verifyHead_whoseHashIsNotAtThatCount_isRewritten(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String other = "11:" + hashed(uri, written.main()).get(9).hash().hex();

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--head", other, "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("FAIL  " + written.main() + ": chain: REWRITTEN at position 10: "),
                verify::toString);
    }

    @Test
    void verifyHead_ofAPlainSegment_cannotBeChecked() {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--head", "11:" + "a".repeat(64),
                "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().startsWith("FAIL  " + written.main()
                + ": --head cannot be checked: the segment is not hash-chained"), verify::toString);
    }

    @Test
    void verifyHead_needsOneSegmentAndAWellFormedHead() {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.writeChained(uri);

        Cli.Result all = Cli.run("verify", "--head", "11:" + "a".repeat(64), "--store", uri);
        Cli.Result noCount = Cli.run("verify", written.main().toString(), "--head", "a".repeat(64), "--store", uri);
        Cli.Result shortHash = Cli.run("verify", written.main().toString(), "--head", "11:abc", "--store", uri);

        assertEquals(1, all.exitCode(), all::toString);
        assertEquals(List.of("segmentlog verify: --head needs a SEGMENT: a recorded head belongs to one segment "
                + "(see 'segmentlog verify --help')"), all.errLines());
        assertEquals(1, noCount.exitCode(), noCount::toString);
        assertTrue(noCount.err().startsWith("segmentlog verify: invalid --head '"), noCount::toString);
        assertEquals(1, shortHash.exitCode(), shortHash::toString);
        assertTrue(shortHash.err().contains("invalid entry hash 'abc': expected 64 lowercase hex digits"),
                shortHash::toString);
    }

    @Test
    void verify_onAStoreWithoutChains_findsItsSegmentsPlain() {
        String uri = PlainStore.SCHEME + ":" + dir.resolve("logs");
        Conversations.Written written = Conversations.write(uri);

        Cli.Result verify = Cli.run("verify", "--store", uri);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.main()), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.fork()), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments, 12 entries: all ok\n"), verify::toString);
    }

    @Test
    void verify_throughAStoreWithoutChains_ofChainedSegments_findsThemPlain() {
        Conversations.Written written = Conversations.writeChained(Conversations.storeUri("jsonl", dir));

        Cli.Result verify = Cli.run("verify", "--store", PlainStore.SCHEME + ":" + dir.resolve("logs"));

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.main()), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments, 12 entries: all ok\n"), verify::toString);
    }

    // ------------------------------------------------------------------ fork

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void forkAtEntry_ofAChainedSegment_isChainedAndRecordsTheEntryAndHash(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);

        Cli.Result fork = Cli.run("fork", written.main().toString(), "--at-entry", "4", "--store", uri);

        assertEquals(0, fork.exitCode(), fork::toString);
        SegmentId forked = SegmentId.parse(fork.out().strip());
        EntryHash cutHash = hashed(uri, written.main()).get(3).hash();
        assertEquals(new SegmentOrigin(written.main(), 0, 4L, cutHash), start(uri, forked).forkedFrom());
        assertTrue(hashed(uri, forked).get(0).isChained(), "the fork of a chained segment is chained");
        Cli.Result verify = Cli.run("verify", "--store", uri);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 3 segments (3 chained), 13 entries: all ok\n"), verify::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void forkAtHash_takesThePrefixShowPrints(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String line = Cli.run("show", written.main().toString(), "--store", uri).outLines().get(6);
        Matcher prefix = Pattern.compile("^\\s+6  \\S+ \\S+  ([0-9a-f]{12})  turn_end ").matcher(line);
        assertTrue(prefix.find(), line);

        Cli.Result fork = Cli.run("fork", written.main().toString(), "--at-hash", prefix.group(1), "--store", uri);

        assertEquals(0, fork.exitCode(), fork::toString);
        EntryHash full = hashed(uri, written.main()).get(6).hash();
        assertTrue(full.hex().startsWith(prefix.group(1)));
        assertEquals(new SegmentOrigin(written.main(), 1, 7L, full),
                start(uri, SegmentId.parse(fork.out().strip())).forkedFrom());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void forkAtEntry_ofAPlainSegment_staysPlain(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result fork = Cli.run("fork", written.main().toString(), "--at-entry", "3", "--store", uri);

        assertEquals(0, fork.exitCode(), fork::toString);
        SegmentId forked = SegmentId.parse(fork.out().strip());
        assertEquals(new SegmentOrigin(written.main(), 0, 3L, null), start(uri, forked).forkedFrom());
        assertFalse(hashed(uri, forked).get(0).isChained());
    }

    @Test
    void forkAtHash_ofAPlainSegment_isRefused() {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result fork = Cli.run("fork", written.main().toString(), "--at-hash", "0123456789ab", "--store", uri);

        assertEquals(1, fork.exitCode(), fork::toString);
        assertEquals(List.of("segmentlog fork: segment " + written.main() + " is not hash-chained: fork it with "
                + "--at-turn or --at-entry"), fork.errLines());
    }

    @Test
    void forkAtHash_thatNoEntryHas_orThatIsNotAHash_isRefused() {
        String uri = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String absent = hashed(uri, written.main()).stream().map(e -> e.hash().hex()).anyMatch(h -> h.startsWith("00000000"))
                ? "ffffffff" : "00000000";

        Cli.Result unknown = Cli.run("fork", written.main().toString(), "--at-hash", absent, "--store", uri);
        Cli.Result tooShort = Cli.run("fork", written.main().toString(), "--at-hash", "abc", "--store", uri);

        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertEquals(List.of("segmentlog fork: segment " + written.main() + " has no entry with hash " + absent),
                unknown.errLines());
        assertEquals(1, tooShort.exitCode(), tooShort::toString);
        assertEquals(List.of("segmentlog fork: invalid entry hash 'abc': expected 64 hex digits, or a prefix of at "
                + "least 8 as 'segmentlog show' prints it"), tooShort.errLines());
    }

    @Test
    void forkAtEntry_beyondTheLog_isAOneLineError() {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.writeChained(uri);

        Cli.Result fork = Cli.run("fork", written.main().toString(), "--at-entry", "12", "--store", uri);

        assertEquals(1, fork.exitCode(), fork::toString);
        assertEquals(1, fork.errLines().size(), fork::toString);
        assertTrue(fork.err().startsWith("segmentlog fork: "), fork::toString);
        assertTrue(fork.err().contains("12"), fork::toString);
    }

    // ------------------------------------------------------------------ show, tree

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void show_ofAChainedSegment_printsShortHashes_andJsonKeepsTheChainFields(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);
        List<StoredEntry> stored = hashed(uri, written.main());

        Cli.Result readable = Cli.run("show", written.main().toString(), "--store", uri);
        Cli.Result json = Cli.run("show", written.main().toString(), "--json", "--store", uri);

        assertEquals(0, readable.exitCode(), readable::toString);
        assertTrue(readable.outLines().get(0).matches("\\s+0  \\S+ \\S+  " + stored.get(0).hash().hex().substring(0, 12)
                + "  segment_start +session " + written.session() + ".*"), readable::toString);
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(11, json.outLines().size(), json::toString);
        JsonNode first = JSON.readTree(json.outLines().get(0));
        JsonNode second = JSON.readTree(json.outLines().get(1));
        assertFalse(first.has("prev_hash"), json::toString);
        assertEquals(stored.get(0).hash().hex(), first.get("hash").asString());
        assertEquals(stored.get(0).hash().hex(), second.get("prev_hash").asString());
        assertEquals(stored.get(1).hash().hex(), second.get("hash").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void tree_andLs_showTheEntryAndHashOfAChainedFork(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.writeChained(uri);
        String cut = "at turn 1 (entry 7, hash " + hashed(uri, written.main()).get(6).hash().hex().substring(0, 12) + ")";

        Cli.Result tree = Cli.run("tree", written.session().toString(), "--store", uri);
        Cli.Result ls = Cli.run("ls", "--segments", "--store", uri);

        assertEquals(List.of("session " + written.session(), written.main() + "  new conversation, 11 entries",
                "└── " + written.fork() + "  fork " + cut + ", 1 entry"), tree.outLines());
        assertTrue(ls.outLines().get(1).endsWith("fork of " + written.main() + " " + cut), ls::toString);
    }

    // ------------------------------------------------------------------ demo

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void demoChained_showsEveryChainIntact_andWhatTamperingLooksLike(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);

        Cli.Result demo = Cli.run("demo", "--chained", "--store", uri);
        Cli.Result verify = Cli.run("verify", "--store", uri);

        assertEquals(0, demo.exitCode(), demo::toString);
        assertEquals("", demo.err(), demo::toString);
        String out = demo.out();
        assertTrue(out.contains(", hash-chained\n"), out);
        assertTrue(out.contains("  CHAIN   ORIGIN"), out);
        assertEquals(4, out.lines().filter(line -> line.matches("\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+intact\\s+.*")).count(), out);
        assertTrue(out.contains("fork at turn 1 (entry 9, hash "), out);
        assertTrue(out.matches("(?s).*as stored\\s+chain: intact \\(27 entries\\).*"), out);
        assertTrue(out.matches("(?s).*user input at position 2 edited\\s+ALTERED at position 2\n.*"), out);
        assertTrue(out.matches("(?s).*entry at position 5 deleted\\s+REMOVED at position 5\n.*"), out);
        assertTrue(out.matches("(?s).*last 3 entries cut off\\s+TRUNCATED at position 24\n.*"), out);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 4 segments (4 chained), 42 entries: all ok\n"), verify::toString);
    }
}
