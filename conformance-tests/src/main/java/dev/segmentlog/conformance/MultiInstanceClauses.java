package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.Concurrently.runTogether;
import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.assertIntact;
import static dev.segmentlog.conformance.KitAssertions.assertNotFound;
import static dev.segmentlog.conformance.KitAssertions.assertStoredEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The clauses of the group "two store instances on the same storage"
 * ({@link SegmentStoreConformanceTest.MultiInstance}): instance A is the clause's store, instance B
 * the second one the test class opens on the same storage. Real deployments run many processes
 * against one directory, database or bucket, so a store may cache nothing that another instance can
 * change: every clause lets B read first (so a cache would be filled), then writes through A, then
 * checks what B sees.
 */
abstract class MultiInstanceClauses extends Clauses {

    MultiInstanceClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-MULTI-01] instance B sees instance A's appends at once (count, every page, info), after having read the segment before; and A sees B's")
    void C_MULTI_01_appendsAreSeenByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        LogEntry.SegmentStart start = fx.plainStart(session);
        List<LogEntry> written = new ArrayList<>(List.of(start, fx.marker("a")));
        a.create(segment, StoredEntry.plain(written));
        assertEntries(written, b.readAll(segment), "B reads what A created");
        assertEquals(2, b.count(segment), "B's count of what A created");
        assertEquals(a.info(segment), b.info(segment), "B's info of what A created");

        LogEntry single = fx.marker("single");
        List<LogEntry> batch = List.of(fx.marker("b1"), fx.marker("b2"), fx.marker("b3"));
        LogEntry conditional = fx.marker("conditional");
        a.append(segment, single);
        a.append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
        a.append(segment, ExpectedCount.exactly(6), StoredEntry.plain(List.of(conditional)));
        written.add(single);
        written.addAll(batch);
        written.add(conditional);

        assertAll(
                () -> assertEquals(7, b.count(segment), "B's count after A's appends"),
                () -> assertEntries(written, b.readAll(segment), "B's readAll after A's appends"),
                () -> assertEntries(written.subList(2, 5), StoredEntry.entries(b.read(segment, 2, 3)), "B's read(2, 3) after A's appends"),
                () -> assertEntries(written.subList(6, 7), StoredEntry.entries(b.read(segment, 6, 10)), "B's read(6, 10) after A's appends"),
                () -> assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 7, conditional.ts()), b.info(segment),
                        "B's info after A's appends"));

        LogEntry fromB = fx.marker("from B");
        b.append(segment, ExpectedCount.exactly(7), StoredEntry.plain(List.of(fromB)));
        written.add(fromB);
        assertAll(
                () -> assertEquals(8, a.count(segment), "A's count after B's append"),
                () -> assertEntries(written, a.readAll(segment), "A's readAll after B's append"),
                () -> assertEquals(fromB.ts(), a.info(segment).lastEntryTs(), "A's info after B's append"));
    }

    @Test
    @DisplayName("[C-MULTI-02] instance B sees the segments and sessions A creates at once (exists, count, info, every listing), after having looked for them before")
    void C_MULTI_02_newSegmentsAreSeenByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        SessionId session = SessionId.generate();
        SegmentId first = SegmentId.generate();
        SegmentId later = SegmentId.generate();
        assertFalse(b.exists(first), "B: exists before A creates it");
        assertNotFound(first, () -> b.info(first), "B's info before A creates it");
        assertNotFound(first, () -> b.count(first), "B's count before A creates it");
        assertEquals(List.of(), segmentsOf(b, session), "B's listing of the session before A creates it");
        assertFalse(listedDownTo(b::listSessions, session).contains(session), "B's listing of sessions before A creates it");

        List<LogEntry> firstEntries = List.of(fx.plainStart(session));
        a.create(first, StoredEntry.plain(firstEntries));

        assertAll(
                () -> assertTrue(b.exists(first), "B: exists after A created it"),
                () -> assertEquals(1, b.count(first), "B's count after A created it"),
                () -> assertEquals(a.info(first), b.info(first), "B's info after A created it"),
                () -> assertEntries(firstEntries, b.readAll(first), "B's readAll after A created it"),
                () -> assertEquals(List.of(first), segmentsOf(b, session), "B's listing of the session after A created it"),
                () -> assertTrue(listedDownTo(b::listSessions, session).contains(session), "B's listing of sessions after A created it"),
                () -> assertTrue(listedDownTo(b::listSegments, first).contains(first), "B's listing of segments after A created it"));

        List<LogEntry> laterEntries = List.of(fx.plainStart(session), fx.marker("later"));
        a.create(later, StoredEntry.plain(laterEntries));
        assertEquals(List.of(later, first), segmentsOf(b, session), "B's listing of the session after A created a second segment in it");
        assertEquals(List.of(later, first), KitAssertions.ownIds(listedDownTo(b::listSegments, first), List.of(first, later)),
                "B's listing of segments after A created a second segment");
        assertEntries(laterEntries, b.readAll(later), "B's readAll of A's second segment");
    }

    @Test
    @RequiresCapability({Capability.DELETE_SESSION, Capability.DELETES_SEEN_BY_OTHER_INSTANCES})
    @DisplayName("[C-MULTI-03] after instance A deletes a session, instance B finds none of its segments (exists, count, read, info, headHash, append, listings), after having read them before")
    void C_MULTI_03_deletesAreSeenByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        SessionId session = SessionId.generate();
        SegmentId one = SegmentId.generate();
        SegmentId two = SegmentId.generate();
        SegmentId bystander = SegmentId.generate();
        a.create(one, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("one"))));
        a.create(two, StoredEntry.plain(List.of(fx.plainStart(session))));
        List<LogEntry> bystanderEntries = List.of(fx.plainStart(SessionId.generate()), fx.marker("bystander"));
        a.create(bystander, StoredEntry.plain(bystanderEntries));
        for (SegmentId segment : List.of(one, two)) { // B reads everything first
            assertTrue(b.exists(segment), "B: exists before the delete");
            b.count(segment);
            b.readAll(segment);
            b.info(segment);
            b.headHash(segment);
        }
        assertEquals(List.of(two, one), segmentsOf(b, session), "B's listing of the session before the delete");

        assertEquals(2, a.deleteSession(session), "A's deleteSession");

        for (SegmentId gone : List.of(one, two)) {
            assertAll(
                    () -> assertFalse(b.exists(gone), "B: exists after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.count(gone), "B's count after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.read(gone, 0, 10), "B's read after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.info(gone), "B's info after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.headHash(gone), "B's headHash after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.append(gone, fx.marker("late")), "B's append after A deleted the session"),
                    () -> assertNotFound(gone, () -> b.append(gone, ExpectedCount.exactly(1), List.of(StoredEntry.plain(fx.marker("late")))),
                            "B's conditional append after A deleted the session"));
        }
        assertEquals(List.of(), segmentsOf(b, session), "B's listing of the deleted session");
        assertFalse(listedDownTo(b::listSessions, session).contains(session), "B's listing of sessions after the delete");
        assertEquals(List.of(bystander), KitAssertions.ownIds(listedDownTo(b::listSegments, one), List.of(one, two, bystander)),
                "B's listing of segments after the delete");
        assertEquals(0, b.deleteSession(session), "B's deleteSession of a session A deleted");
        assertEntries(bystanderEntries, b.readAll(bystander), "B's readAll of another session's segment");
    }

    @Test
    @DisplayName("[C-MULTI-04] a conditional append through instance B at the count B saw before A appended throws ConflictException with A's count, and writes nothing")
    void C_MULTI_04_staleConditionalAppendThroughTheOtherInstanceConflicts() {
        SegmentStore a = store();
        SegmentStore b = second();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
        a.create(segment, StoredEntry.plain(written));
        assertEquals(2, b.count(segment), "B's count before A appends");
        List<LogEntry> fromA = List.of(fx.marker("x"), fx.marker("y"));
        a.append(segment, ExpectedCount.exactly(2), StoredEntry.plain(fromA));
        written.addAll(fromA);

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> b.append(segment, ExpectedCount.exactly(2), StoredEntry.plain(List.of(fx.marker("stale")))),
                "B's conditional append at the count it saw before A appended");
        assertAll(
                () -> assertEquals(2, conflict.expectedCount(), "ConflictException.expectedCount()"),
                () -> assertEquals(4, conflict.actualCount(), "ConflictException.actualCount(): the count after A's append"));

        LogEntry fromB = fx.marker("from B");
        b.append(segment, ExpectedCount.exactly(4), StoredEntry.plain(List.of(fromB)));
        written.add(fromB);
        ConflictException back = assertThrows(ConflictException.class,
                () -> a.append(segment, ExpectedCount.exactly(4), StoredEntry.plain(List.of(fx.marker("stale too")))),
                "A's conditional append at the count it had before B appended");
        assertEquals(5, back.actualCount(), "ConflictException.actualCount(): the count after B's append");
        assertEntries(written, a.readAll(segment), "A's readAll after the conflicts");
        assertEntries(written, b.readAll(segment), "B's readAll after the conflicts");
    }

    @Test
    @RequiresCapability({Capability.DELETE_SESSION, Capability.DELETES_SEEN_BY_OTHER_INSTANCES})
    @DisplayName("[C-MULTI-05] a segment id deleted and created again through instance A is read by instance B as the new segment (entries, count, info, headHash, trace, listings), not as what B read before")
    void C_MULTI_05_recreatedSegmentIsReadFreshByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        boolean chains = whyLacking(Capability.HASH_CHAIN).isEmpty();
        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        SessionId old = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> oldEntries = List.of(fx.start(old), fx.marker("old 1"), fx.marker("old 2"), fx.marker("old 3"));
        List<StoredEntry> before = chains ? HashChain.link(null, oldEntries) : StoredEntry.plain(oldEntries);
        a.create(segment, before);
        if (traces) {
            a.appendTrace(segment, fx.trace("old"));
        }
        assertStoredEntries(before, storedFrom(b, segment, 0), "B reads the segment before the delete");
        assertEquals(4, b.count(segment), "B's count before the delete");
        b.info(segment);
        b.headHash(segment);
        if (traces) {
            assertEquals(1, b.readTrace(segment).size(), "B's trace before the delete");
        }

        assertEquals(1, a.deleteSession(old), "A's deleteSession");
        SessionId fresh = SessionId.generate();
        LogEntry.SegmentStart start = fx.plainStart(fresh);
        List<LogEntry> after = List.of(start, fx.marker("new"));
        a.create(segment, StoredEntry.plain(after));

        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertStoredEntries(StoredEntry.plain(after), storedFrom(b, segment, 0), "B reads the segment created again"),
                () -> assertStoredEntries(List.of(StoredEntry.plain(after.get(1))), b.read(segment, 1, 2), "B's read(1, 2) of the segment created again"),
                () -> assertEquals(List.of(), b.read(segment, 2, 2), "B's read(2, 2) of the segment created again: past its end"),
                () -> assertEquals(2, b.count(segment), "B's count of the segment created again"),
                () -> assertEquals(new SegmentInfo(segment, fresh, start.ts(), null, null, 2, after.get(1).ts()), b.info(segment),
                        "B's info of the segment created again"),
                () -> assertEquals(Optional.empty(), b.headHash(segment), "B's headHash of the segment created again without a chain"),
                () -> assertEquals(List.of(segment), segmentsOf(b, fresh), "B's listing of the new session"),
                () -> assertEquals(List.of(), segmentsOf(b, old), "B's listing of the deleted session")));
        if (traces) {
            checks.add(() -> assertEquals(List.of(), b.readTrace(segment), "B's trace of the segment created again"));
        }
        assertAll(checks.stream());
    }

    @Test
    @RequiresCapability(Capability.HASH_CHAIN)
    @DisplayName("[C-MULTI-06] instance B sees the head hash and chain fields of instance A's chained appends, and goes on with the chain at A's head")
    void C_MULTI_06_headHashIsSeenByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> chain = new ArrayList<>(HashChain.link(null, List.of(fx.plainStart(SessionId.generate()), fx.marker("a"))));
        a.create(segment, chain);
        assertEquals(Optional.of(chain.get(1).hash()), b.headHash(segment), "B's headHash after A's create");

        List<StoredEntry> next = HashChain.link(chain.get(1).hash(), List.of(fx.marker("b"), fx.marker("c")));
        a.append(segment, ExpectedCount.exactly(2), next);
        chain.addAll(next);
        EntryHash head = b.headHash(segment).orElse(null);
        assertEquals(next.get(1).hash(), head, "B's headHash after A's chained append");
        assertStoredEntries(chain, storedFrom(b, segment, 0), "B's read after A's chained append");

        List<StoredEntry> fromB = HashChain.link(head, List.of(fx.marker("from B")));
        b.append(segment, ExpectedCount.exactly(4), fromB);
        chain.addAll(fromB);
        assertEquals(Optional.of(fromB.get(0).hash()), a.headHash(segment), "A's headHash after B's chained append");
        List<StoredEntry> read = storedFrom(a, segment, 0);
        assertStoredEntries(chain, read, "A's read after B's chained append");
        assertIntact(segment, read, null);
    }

    @Test
    @RequiresCapability(Capability.TRACE)
    @DisplayName("[C-MULTI-07] instance B reads instance A's trace entries at once, in append order, after having read the trace before; and A reads B's")
    void C_MULTI_07_traceIsSeenByTheOtherInstance() {
        SegmentStore a = store();
        SegmentStore b = second();
        SegmentId segment = SegmentId.generate();
        a.create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        assertEquals(List.of(), b.readTrace(segment), "B's trace before A traces");
        List<TraceEntry> traced = new ArrayList<>(List.of(fx.trace("one"), fx.trace("two")));
        traced.forEach(entry -> a.appendTrace(segment, entry));
        assertEquals(traced, b.readTrace(segment), "B's trace after A traced");
        TraceEntry fromB = fx.trace("from B");
        b.appendTrace(segment, fromB);
        traced.add(fromB);
        assertEquals(traced, a.readTrace(segment), "A's trace after B traced");
    }

    @Test
    @Tag("concurrency")
    @DisplayName("[C-MULTI-08] two instances creating the same segment id at once (two threads each): exactly one create succeeds, the others throw SegmentAlreadyExistsException, and both instances read the winner's segment, whole")
    void C_MULTI_08_oneOfRacingCreatesOnTwoInstancesWins() {
        SegmentStore a = store();
        SegmentStore b = second();
        Races.oneCreateWins(List.of(a, b, a, b), fx, 5);
    }

    @Test
    @Tag("concurrency")
    @DisplayName("[C-MULTI-09] conditional appends racing at the same count through two instances: exactly one wins, the other conflicts with the winner's count, nothing interleaves")
    void C_MULTI_09_racingConditionalAppendsOnTwoInstances() {
        List<SegmentStore> writers = List.of(store(), second());
        SegmentId segment = SegmentId.generate();
        writers.get(0).create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        for (int round = 0; round < 5; round++) {
            long expected = writers.get(1).count(segment);
            List<List<LogEntry>> batches = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                batches.add(fx.markers("round " + round + " instance " + w + " entry ", 3));
            }
            String where = "round " + round;
            List<Boolean> won = runTogether(2, w -> () -> {
                try {
                    writers.get(w).append(segment, ExpectedCount.exactly(expected), StoredEntry.plain(batches.get(w)));
                    return true;
                } catch (ConflictException conflict) {
                    assertEquals(expected + 3, conflict.actualCount(),
                            where + ": the loser's ConflictException.actualCount() must count the winner's batch");
                    return false;
                }
            });
            assertEquals(1, won.stream().filter(Boolean::booleanValue).count(),
                    where + ": exactly one of two racing conditional appends through two instances must win, got " + won);
            List<LogEntry> winner = batches.get(won.get(0) ? 0 : 1);
            for (int w = 0; w < 2; w++) {
                assertEntries(winner, StoredEntry.entries(storedFrom(writers.get(w), segment, expected)),
                        where + ": read through instance " + w + ", the segment ends with the winner's whole batch and nothing else");
            }
        }
    }

    @Test
    @Tag("concurrency")
    @DisplayName("[C-MULTI-10] readers on one instance racing writers on both that append batches never see part of a batch, a torn entry or a count that disagrees with what they read")
    void C_MULTI_10_readersOnTheOtherInstanceSeeWholeBatches() {
        SegmentStore a = store();
        SegmentStore b = second();
        Races.batchesAreSeenWhole(List.of(a, b), List.of(b, a), fx);
    }
}
