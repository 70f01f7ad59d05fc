package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.Concurrently.runTogether;
import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.assertIntact;
import static dev.segmentlog.conformance.KitAssertions.assertStoredEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.Lineage;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentHead;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The clauses of the group "hash-chained segments" ({@link SegmentStoreConformanceTest.HashChained}). */
abstract class HashChainClauses extends Clauses {

    HashChainClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-CHAIN-01] create and append keep every entry's prev_hash and hash exactly, for every entry kind; read returns them and the chain verifies intact")
    void C_CHAIN_01_chainRoundTrips() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> entries = new ArrayList<>(List.of(fx.start(SessionId.generate())));
        entries.addAll(fx.everyKindAfterStart());
        List<StoredEntry> chain = HashChain.link(null, entries);

        int written = 5;
        store().create(segment, chain.subList(0, written));
        for (int size : new int[] {1, 3, 2}) { // a single entry, then batches
            store().append(segment, ExpectedCount.exactly(written), chain.subList(written, written + size));
            written += size;
        }
        store().append(segment, ExpectedCount.exactly(written), chain.subList(written, chain.size()));

        List<StoredEntry> read = storedFrom(segment, 0);
        assertStoredEntries(chain, read, "read after create and append of chained entries");
        assertIntact(segment, read, new SegmentHead(segment, chain.size(), chain.get(chain.size() - 1).hash()));
    }

    @Test
    @DisplayName("[C-CHAIN-02] readAll, the entries of read, count, exists, info and listing of a chained segment are those of a plain segment")
    void C_CHAIN_02_plainViewsOfAChainedSegment() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        LogEntry.SegmentStart start = fx.plainStart(session);
        List<LogEntry> all = new ArrayList<>(List.of(start, fx.marker("a"), fx.marker("b")));
        List<StoredEntry> chain = HashChain.link(null, all);
        store().create(segment, chain);
        List<LogEntry> more = List.of(fx.marker("c"), fx.marker("d"));
        store().append(segment, ExpectedCount.exactly(3), HashChain.link(chain.get(2).hash(), more));
        all.addAll(more);

        assertEntries(all, store().readAll(segment), "readAll of a chained segment");
        for (int k = 0; k <= all.size(); k++) {
            assertEntries(all.subList(k, all.size()), StoredEntry.entries(store().read(segment, k, 10)), "the entries of read(" + k + ", 10) of a chained segment");
        }
        assertEquals(5, store().count(segment), "count of a chained segment");
        assertTrue(store().exists(segment), "exists of a chained segment");
        assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 5, more.get(1).ts()), store().info(segment),
                "info of a chained segment");
        assertEquals(List.of(segment), segmentsOf(session), "listSegments(session) of a chained segment");
    }

    @Test
    @DisplayName("[C-CHAIN-03] read(K, limit) of a chained segment returns exactly the chained entries from K on, at most limit of them, for every K; empty at or past the end")
    void C_CHAIN_03_readChainedFromEveryPosition() {
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> chain = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("0"),
                fx.marker("1"), fx.marker("2"), fx.marker("3"), fx.marker("4")));
        store().create(segment, chain.subList(0, 3));
        store().append(segment, ExpectedCount.exactly(3), chain.subList(3, chain.size()));
        for (int k = 0; k < chain.size(); k++) {
            for (int limit : new int[] {1, 2, chain.size()}) {
                assertStoredEntries(chain.subList(k, Math.min(k + limit, chain.size())), store().read(segment, k, limit),
                        "read(" + k + ", " + limit + ")");
            }
        }
        assertAll(
                () -> assertEquals(List.of(), store().read(segment, chain.size(), 10), "read(count, 10)"),
                () -> assertEquals(List.of(), store().read(segment, chain.size() + 1, 10), "read(count + 1, 10)"),
                () -> assertEquals(List.of(), store().read(segment, Long.MAX_VALUE, 10), "read(Long.MAX_VALUE, 10)"));
    }

    @Test
    @DisplayName("[C-CHAIN-04] entries written without a chain (a plain segment, a plain append to a chained segment) come back from read with null hashes")
    void C_CHAIN_04_unchainedEntriesReadWithoutHashes() {
        SegmentId plain = SegmentId.generate();
        List<LogEntry> plainEntries = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("p1")));
        store().create(plain, StoredEntry.plain(plainEntries));
        LogEntry appended = fx.marker("p2");
        store().append(plain, appended);
        plainEntries.add(appended);
        assertStoredEntries(plainEntries.stream().map(StoredEntry::plain).toList(), storedFrom(plain, 0),
                "read of a plain segment");
        assertStoredEntries(List.of(StoredEntry.plain(appended)), store().read(plain, 2, 10), "read(2, 10) of a plain segment");

        SegmentId chained = SegmentId.generate();
        List<StoredEntry> expected = new ArrayList<>(HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("c1"))));
        store().create(chained, expected);
        LogEntry plainAppend = fx.marker("plain append");
        store().append(chained, plainAppend);
        expected.add(StoredEntry.plain(plainAppend));
        assertStoredEntries(expected, storedFrom(chained, 0), "read of a chained segment after a plain append");
        assertEquals(3, store().count(chained), "count of a chained segment after a plain append");
    }

    @Test
    @DisplayName("[C-CHAIN-05] headHash is the last entry's hash after create and after every append of chained entries; empty for a plain segment")
    void C_CHAIN_05_headHashFollowsTheChain() {
        SegmentId plain = SegmentId.generate();
        store().create(plain, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()), fx.marker("plain"))));
        assertEquals(Optional.empty(), store().headHash(plain), "headHash of a plain segment");

        SegmentId segment = SegmentId.generate();
        List<StoredEntry> created = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
        store().create(segment, created);
        EntryHash head = created.get(1).hash();
        assertEquals(Optional.of(head), store().headHash(segment), "headHash after create");
        long count = 2;
        for (int size : new int[] {1, 3, 1}) {
            List<LogEntry> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(fx.marker("m" + count + "-" + i));
            }
            List<StoredEntry> linked = HashChain.link(head, batch);
            store().append(segment, ExpectedCount.exactly(count), linked);
            count += size;
            head = linked.get(size - 1).hash();
            assertEquals(Optional.of(head), store().headHash(segment), "headHash after an append of " + size);
        }
    }

    @Test
    @RequiresCapability(Capability.DURABILITY_ON_REOPEN)
    @Tag("durability")
    @DisplayName("[C-CHAIN-11] after close and reopen every entry keeps its chain fields, headHash holds, and conditional appends go on at the right count")
    void C_CHAIN_11_chainSurvivesReopen() {
        SegmentId segment = SegmentId.generate();
        SegmentId plain = SegmentId.generate();
        List<LogEntry> entries = new ArrayList<>(List.of(fx.start(SessionId.generate())));
        entries.addAll(fx.everyKindAfterStart());
        List<StoredEntry> chain = new ArrayList<>(HashChain.link(null, entries));
        store().create(segment, chain.subList(0, 3));
        store().append(segment, ExpectedCount.exactly(3), chain.subList(3, chain.size()));
        List<LogEntry> plainEntries = List.of(fx.plainStart(SessionId.generate()), fx.marker("plain"));
        store().create(plain, StoredEntry.plain(plainEntries));

        reopenStore();

        List<StoredEntry> read = storedFrom(segment, 0);
        assertStoredEntries(chain, read, "chained entries after reopen");
        assertIntact(segment, read, null);
        assertEquals(Optional.of(chain.get(chain.size() - 1).hash()), store().headHash(segment), "headHash after reopen");
        assertStoredEntries(plainEntries.stream().map(StoredEntry::plain).toList(), storedFrom(plain, 0),
                "a plain segment after reopen");
        assertThrows(ConflictException.class, () -> store().append(segment, ExpectedCount.exactly(chain.size() - 1), HashChain.link(chain.get(chain.size() - 2).hash(), List.of(fx.marker("stale")))), "a chained append at a stale count after reopen");
        List<StoredEntry> next = HashChain.link(chain.get(chain.size() - 1).hash(), List.of(fx.marker("after reopen")));
        store().append(segment, ExpectedCount.exactly(chain.size()), next);
        chain.addAll(next);
        assertStoredEntries(chain, storedFrom(segment, 0), "chained entries after reopen and an append");
    }

    @Test
    @Tag("operations")
    @DisplayName("[C-CHAIN-12] a conversation recorded through SegmentLog.chained() is chained on every entry and verifies intact; a plain segment stays plain")
    void C_CHAIN_12_chainedConversationVerifies() {
        SegmentLog log = new SegmentLog(store(), fx::tick).chained();
        SegmentId segment = Fixtures.recordConversation(log);
        List<StoredEntry> stored = storedFrom(segment, 0);
        assertEquals(store().count(segment), stored.size(), "read of a chained conversation: every entry");
        for (int i = 0; i < stored.size(); i++) {
            assertTrue(stored.get(i).isChained(), "entry " + i + " of a chained conversation has no hash: " + stored.get(i));
        }
        ChainReport report = log.verify(segment);
        assertTrue(report.chained(), "verify of a chained conversation must find it chained");
        assertTrue(report.intact(), "verify of a chained conversation: " + report.breaks());
        assertEquals(stored.size(), report.entriesChecked(), "entries verified");
        assertEquals(Optional.of(stored.get(stored.size() - 1).hash()), store().headHash(segment), "headHash of a chained conversation");
        RestoredState state = log.restore(segment);
        assertEquals(2, state.turnCount(), "the chained conversation's turn count");
        assertEquals(stored.size(), state.entriesCount(), "entries replayed");

        SegmentId plain = new SegmentLog(store(), fx::tick).create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        log.saveUserInput(plain, List.of(new InputPart.Text("into a plain segment")));
        assertEquals(List.of(false, false), storedFrom(plain, 0).stream().map(StoredEntry::isChained).toList(),
                "chained operations keep a plain segment plain");
        assertFalse(log.verify(plain).chained(), "verify of a plain segment finds nothing chained");
    }

    @Test
    @Tag("operations")
    @DisplayName("[C-CHAIN-13] forkAtEntry and forkAtHash of a chained segment record at_entry and at_hash, replay to the cut and verify intact")
    void C_CHAIN_13_chainedForksRecordTheCut() {
        SegmentLog log = new SegmentLog(store(), fx::tick).chained();
        SegmentId source = Fixtures.recordConversation(log);
        SessionId session = store().info(source).sessionId();
        List<StoredEntry> sourceEntries = storedFrom(source, 0);
        List<LogEntry> plainSource = sourceEntries.stream().map(StoredEntry::entry).toList();
        for (long cut : new long[] {1, 4, sourceEntries.size()}) {
            String at = "forkAtEntry(" + cut + "): ";
            RestoredState expected = Replay.replay(Lineage.cutAtEntry(plainSource, cut));
            SegmentId fork = log.forkAtEntry(source, cut);
            assertEquals(new SegmentOrigin(source, expected.turnCount(), cut, sourceEntries.get((int) cut - 1).hash()),
                    store().info(fork).forkedFrom(), at + "forked_from");
            assertEquals(session, store().info(fork).sessionId(), at + "session");
            assertEquals(expected.history(), log.restore(fork).history(), at + "history");
            assertForkIntact(log, fork, at);
        }
        int position = 6;
        EntryHash hash = sourceEntries.get(position).hash();
        SegmentId fork = log.forkAtHash(source, hash);
        RestoredState expected = Replay.replay(Lineage.cutAtEntry(plainSource, position + 1));
        assertEquals(new SegmentOrigin(source, expected.turnCount(), (long) position + 1, hash), store().info(fork).forkedFrom(),
                "forkAtHash: forked_from");
        assertEquals(expected.history(), log.restore(fork).history(), "forkAtHash: history");
        assertForkIntact(log, fork, "forkAtHash: ");
        assertStoredEntries(sourceEntries, storedFrom(source, 0), "the source after forks");
    }

    @Test
    @Tag("operations")
    @DisplayName("[C-CHAIN-14] two chained SegmentWriters on one segment: the second auto-forks into a chained fork whose at_hash is its old head, and both verify intact")
    void C_CHAIN_14_chainedWritersForkOnConflict() {
        SegmentLog log = new SegmentLog(store(), fx::tick).chained();
        SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        SegmentWriter first = log.writer(segment);
        SegmentWriter second = log.writer(segment);
        SegmentHead secondBefore = second.head();
        assertNotNull(secondBefore.headHash(), "a chained writer's head hash");

        assertEquals(segment, first.saveUserInput(List.of(new InputPart.Text("from first"))), "the first writer's segment");
        assertEquals(segment, first.saveDelta(List.of(HistoryItem.assistant("answer to first"))), "the first writer's segment");
        assertEquals(segment, first.saveTurnEnd(1), "the first writer's segment");

        SegmentId fork = second.saveUserInput(List.of(new InputPart.Text("from second")));
        assertNotEquals(segment, fork, "the second chained writer must fork instead of interleaving");
        assertEquals(fork, second.saveDelta(List.of(HistoryItem.assistant("answer to second"))), "the second writer stays on the fork");
        assertEquals(segment, first.saveTurnEnd(2), "the first writer stays on its segment");

        assertEquals(new SegmentOrigin(segment, 0, secondBefore.entriesWritten(), secondBefore.headHash()),
                store().info(fork).forkedFrom(), "the fork's forked_from: at_entry and at_hash = the second writer's old head");
        assertEquals(5, store().count(segment), "the source holds the first writer's entries only");
        assertEquals(3, store().count(fork), "the fork holds its start and the second writer's entries");
        assertEquals(new SegmentHead(segment, 5, store().headHash(segment).orElse(null)), first.head(), "the first writer's head is the store's");
        assertEquals(new SegmentHead(fork, 3, store().headHash(fork).orElse(null)), second.head(), "the second writer's head is the store's");
        assertForkIntact(log, segment, "the source: ");
        assertForkIntact(log, fork, "the fork: ");
        assertEquals(List.of(HistoryItem.user("from second"), HistoryItem.assistant("answer to second")), log.restore(fork).history(),
                "the fork replays to the second writer's conversation");
    }

    @Test
    @Tag("operations")
    @Tag("concurrency")
    @DisplayName("[C-CHAIN-15] threads appending through one chained SegmentLog: every entry lands once, in each thread's order, and the chain verifies intact")
    void C_CHAIN_15_concurrentChainedAppendsVerify() {
        SegmentLog log = new SegmentLog(store(), fx::tick).chained();
        SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        int threads = 3;
        int perThread = 6;
        runTogether(threads, t -> () -> {
            for (int i = 0; i < perThread; i++) {
                log.appendEntry(segment, fx.marker("t" + t + "-" + i));
            }
            return null;
        });
        List<LogEntry> all = store().readAll(segment);
        assertEquals(1 + threads * perThread, all.size(), "entries after concurrent chained appends");
        List<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).toList();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> expectedOwn = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expectedOwn.add(prefix + i);
            }
            assertEquals(expectedOwn, labels.stream().filter(l -> l != null && l.startsWith(prefix)).toList(),
                    "thread " + t + "'s entries, each once, in its order");
        }
        ChainReport report = log.verify(segment);
        assertTrue(report.chained() && report.intact(), "verify after concurrent chained appends: " + report);
    }

    @Test
    @DisplayName("[C-CHAIN-16] headHash of a chained segment whose last entry was written without chain fields is empty, and is the last entry's hash again after a chained append")
    void C_CHAIN_16_headHashOfAnUnchainedLastEntryIsEmpty() {
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> chain = HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
        store().create(segment, chain);
        store().append(segment, fx.marker("plain"));
        assertEquals(Optional.empty(), store().headHash(segment), "headHash after a plain append to a chained segment");

        List<StoredEntry> linked = HashChain.link(chain.get(1).hash(), List.of(fx.marker("b")));
        store().append(segment, ExpectedCount.exactly(3), linked);
        assertEquals(Optional.of(linked.get(0).hash()), store().headHash(segment), "headHash after a chained append that follows the plain entry");

        List<StoredEntry> endsPlain = new ArrayList<>(HashChain.link(linked.get(0).hash(), List.of(fx.marker("c"))));
        endsPlain.add(StoredEntry.plain(fx.marker("d")));
        store().append(segment, ExpectedCount.exactly(4), endsPlain);
        assertEquals(Optional.empty(), store().headHash(segment), "headHash after a batch whose last entry is plain");
    }

    private void assertForkIntact(SegmentLog log, SegmentId segment, String what) {
        ChainReport report = log.verify(segment);
        assertTrue(report.chained(), what + "verify must find the segment chained");
        assertTrue(report.intact(), what + "verify (chain and source history): " + report.breaks());
    }
}
