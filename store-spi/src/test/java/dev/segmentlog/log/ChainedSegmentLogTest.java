package dev.segmentlog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ListStore;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnchainedStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainedSegmentLogTest {
    private final ListStore store = new ListStore();
    private final SegmentLog log = new SegmentLog(store).chained();
    private final StartState start = new StartState("p", RequestConfig.DEFAULT, List.of());

    private SegmentId conversation() {
        SegmentId segment = log.create(start);
        log.saveUserInput(segment, List.of(new InputPart.Text("one")));
        log.saveDelta(segment, List.of(HistoryItem.assistant("1")));
        log.saveTurnEnd(segment, 1);
        log.saveUserInput(segment, List.of(new InputPart.Text("two")));
        log.saveTurnEnd(segment, 2);
        return segment;
    }

    @Test
    void chainedOperations_storeAVerifiableChainOnEveryEntry() {
        SegmentId segment = conversation();
        List<StoredEntry> stored = store.read(segment, 0, Integer.MAX_VALUE);
        assertEquals(6, stored.size());
        assertTrue(stored.stream().allMatch(StoredEntry::isChained));
        assertTrue(log.verify(segment).intact());
        assertEquals(stored.get(5).hash(), store.headHash(segment).orElseThrow());
    }

    @Test
    void unchainedOperations_leaveNoHashes() {
        SegmentId segment = new SegmentLog(store).create(start);
        assertTrue(store.headHash(segment).isEmpty());
        assertTrue(!log.verify(segment).chained());
    }

    @Test
    void verify_afterTamperingWithTheBackend_reportsTheFirstBrokenPosition() {
        SegmentId segment = conversation();
        store.tamper(segment, entries -> {
            List<StoredEntry> changed = new ArrayList<>(entries);
            changed.remove(2);
            return changed;
        });
        ChainReport report = log.verify(segment);
        assertEquals(ChainReport.Problem.REMOVED, report.breaks().get(0).problem());
        assertEquals(2, report.breaks().get(0).position());
    }

    @Test
    void forkAtEntry_cutsMidTurnAndRecordsEntryCountTurnAndHash() {
        SegmentId source = conversation();
        SegmentId fork = log.forkAtEntry(source, 2);
        SegmentOrigin origin = store.info(fork).forkedFrom();
        assertEquals(2L, origin.atEntry());
        assertEquals(0, origin.atTurnIndex());
        assertEquals(store.read(source, 0, Integer.MAX_VALUE).get(1).hash(), origin.atHash());
        assertEquals(List.of(HistoryItem.user("one")), log.restore(fork).history());
        assertTrue(log.verify(fork).intact());
    }

    @Test
    void forkAtHash_forksRightAfterThatEntry() {
        SegmentId source = conversation();
        StoredEntry third = store.read(source, 0, Integer.MAX_VALUE).get(2);
        SegmentId fork = log.forkAtHash(source, third.hash());
        assertEquals(3L, store.info(fork).forkedFrom().atEntry());
        assertEquals(Replay.replay(store.readAll(source).subList(0, 3)).history(), log.restore(fork).history());
        assertThrows(IllegalArgumentException.class, () -> log.forkAtHash(source, HashChain.link(null,
                List.of(new LogEntry.TurnEnd(1, 1))).get(0).hash()));
    }

    @Test
    void forkAtTurn_onAChainedSource_recordsTheHeadHashAtTheCut() {
        SegmentId source = conversation();
        SegmentId fork = log.forkAtTurn(source, 1);
        SegmentOrigin origin = store.info(fork).forkedFrom();
        assertEquals(1, origin.atTurnIndex());
        assertEquals(4L, origin.atEntry());
        assertEquals(store.read(source, 0, Integer.MAX_VALUE).get(3).hash(), origin.atHash());
    }

    @Test
    void verify_ofAFork_catchesASourceRewrittenBeforeTheCut() {
        SegmentId source = conversation();
        SegmentId fork = log.forkAtTurn(source, 1);
        store.tamper(source, entries -> {
            List<LogEntry> plain = new ArrayList<>(entries.stream().map(StoredEntry::entry).toList());
            plain.set(2, new LogEntry.AssistantItem(3, HistoryItem.assistant("rewritten, chain recomputed")));
            return HashChain.link(null, plain);
        });
        assertTrue(log.verify(source).intact(), "a recomputed chain is consistent in itself");
        ChainReport report = log.verify(fork);
        assertEquals(ChainReport.Problem.LINEAGE_MISMATCH, report.breaks().get(0).problem());
        assertTrue(report.breaks().get(0).detail().contains("REWRITTEN"), report.breaks().get(0).detail());
    }

    @Test
    void verify_ofAFork_catchesASourceTruncatedBeforeTheCut() {
        SegmentId source = conversation();
        SegmentId fork = log.forkAtTurn(source, 2);
        store.tamper(source, entries -> entries.subList(0, 3));
        assertTrue(log.verify(fork).breaks().get(0).detail().contains("TRUNCATED"));
    }

    @Test
    void ensureHeadOrFork_catchesASameLengthRewriteByTheHeadHash() {
        SegmentId segment = conversation();
        SegmentHead head = log.writer(segment).head();
        assertNotNull(head.headHash());
        store.tamper(segment, entries -> {
            List<LogEntry> plain = new ArrayList<>(entries.stream().map(StoredEntry::entry).toList());
            plain.set(5, new LogEntry.TurnEnd(99, 2));
            return HashChain.link(null, plain);
        });
        SegmentHead after = log.ensureHeadOrFork(head, start, 2);
        assertNotEquals(segment, after.segmentId());
        assertEquals(head.headHash(), store.info(after.segmentId()).forkedFrom().atHash());
        assertEquals(head.entriesWritten(), store.info(after.segmentId()).forkedFrom().atEntry());
        assertEquals(after.headHash(), store.headHash(after.segmentId()).orElseThrow());
    }

    @Test
    void writer_onAChainedSegment_keepsTheChainAndItsForkIsChainedWithProvenance() {
        SegmentId segment = conversation();
        SegmentWriter mine = log.writer(segment);
        SegmentWriter theirs = log.writer(segment);
        SegmentHead before = theirs.head();
        mine.saveTurnEnd(3);
        SegmentId fork = theirs.saveTurnEnd(3);

        assertNotEquals(segment, fork);
        assertTrue(log.verify(segment).intact());
        assertTrue(log.verify(fork).intact());
        SegmentOrigin origin = store.info(fork).forkedFrom();
        assertEquals(before.headHash(), origin.atHash());
        assertEquals(before.entriesWritten(), origin.atEntry());
        assertEquals(theirs.head().headHash(), store.headHash(fork).orElseThrow());
    }

    @Test
    void storeWithoutTheCapability_refusesChainedOperationsClearly() {
        SegmentStore plain = new UnchainedStore(store);
        UnsupportedCapabilityException error = assertThrows(UnsupportedCapabilityException.class,
                () -> new SegmentLog(plain).chained().create(start));
        assertTrue(error.getMessage().contains("hash-chained segments"), error.getMessage());
    }

    @Test
    void ensureHeadOrFork_afterAForeignChainedAppend_forksAtTheCallersHeadAndTheForkVerifies() {
        SegmentId segment = conversation();
        SegmentHead head = log.writer(segment).head();
        log.saveTurnEnd(segment, 3); // another writer, chain intact
        SegmentHead after = log.ensureHeadOrFork(head, start, 2);
        assertNotEquals(segment, after.segmentId());
        assertTrue(log.verify(after.segmentId()).intact(), log.verify(after.segmentId()).breaks().toString());
    }

    @Test
    void verify_ofAFork_ignoresWhatHappensToTheSourceAfterTheCut() {
        SegmentId source = conversation();
        SegmentId fork = log.forkAtTurn(source, 1);
        new SegmentLog(store).saveTurnEnd(source, 3); // a plain append breaks the source's chain, after the cut
        assertTrue(!log.verify(source).intact());
        assertTrue(log.verify(fork).intact(), log.verify(fork).breaks().toString());
    }

    @Test
    void verify_ofAForkAtATurnTheSourceNoLongerReaches_isALineageMismatch() {
        SegmentId source = log.create(start);
        log.saveTurnEnd(source, 1);
        SegmentId fork = new SegmentLog(store).chained().fork(source, start, 1);
        store.tamper(fork, entries -> {
            LogEntry.SegmentStart opened = (LogEntry.SegmentStart) entries.get(0).entry();
            LogEntry.SegmentStart pointing = new LogEntry.SegmentStart(opened.ts(), opened.sessionId(), opened.systemPrompt(),
                    opened.config(), opened.history(), new SegmentOrigin(source, 7, null, entries.get(0).hash()), null);
            return HashChain.link(null, List.of(pointing));
        });
        ChainReport report = log.verify(fork);
        assertEquals(ChainReport.Problem.LINEAGE_MISMATCH, report.breaks().get(0).problem());
        assertTrue(report.breaks().get(0).detail().contains("never reached turn 7"), report.breaks().get(0).detail());
    }
}
