package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.assertNotFound;
import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "retention: delete a session" ({@link SegmentStoreConformanceTest.Retention}). */
abstract class RetentionClauses extends Clauses {

    RetentionClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-DELETE-01] deleteSession removes every segment of the session, forks and compactions included, and returns how many")
    void C_DELETE_01_deletesWholeSession() {
        SegmentLog log = new SegmentLog(store(), fx::tick);
        SegmentId original = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        SessionId session = store().info(original).sessionId();
        log.saveTurnEnd(original, 1);
        SegmentId fork = log.forkAtTurn(original, 1);
        SegmentId compaction = log.createCompacted(new StartState(null, RequestConfig.DEFAULT, List.of()), original, 1);

        assertEquals(3, store().deleteSession(session), "deleteSession must return the number of segments deleted");
        for (SegmentId gone : List.of(original, fork, compaction)) {
            assertFalse(store().exists(gone), "a deleted segment must not exist");
            assertNotFound(gone, () -> store().readAll(gone), "readAll of a deleted segment");
            assertFalse(allSegments().contains(gone), "listSegments must not list a deleted segment");
        }
        assertEquals(List.of(), segmentsOf(session), "listSegments of a deleted session");
        assertFalse(allSessions().contains(session), "listSessions must not list a deleted session");
    }

    @Test
    @DisplayName("[C-DELETE-02] deleteSession leaves every other session untouched")
    void C_DELETE_02_deleteIsSelective() {
        SessionId olderSession = SessionId.generate();
        SessionId doomed = SessionId.generate();
        SessionId newerSession = SessionId.generate();
        SegmentId older = SegmentId.generate();
        SegmentId doomedSegment = SegmentId.generate();
        SegmentId newer = SegmentId.generate();
        List<LogEntry> olderEntries = List.of(fx.plainStart(olderSession), fx.marker("older"));
        List<LogEntry> newerEntries = List.of(fx.plainStart(newerSession), fx.marker("newer"));
        store().create(older, StoredEntry.plain(olderEntries));
        store().create(doomedSegment, StoredEntry.plain(List.of(fx.plainStart(doomed))));
        store().create(newer, StoredEntry.plain(newerEntries));

        assertEquals(1, store().deleteSession(doomed), "deleteSession of a one-segment session");
        for (SegmentId kept : List.of(older, newer)) {
            assertTrue(store().exists(kept), "a segment of another session must survive deleteSession");
        }
        assertEntries(olderEntries, store().readAll(older), "entries of an older session after deleteSession");
        assertEntries(newerEntries, store().readAll(newer), "entries of a newer session after deleteSession");
        assertEquals(List.of(older), segmentsOf(olderSession), "segments of an older session after deleteSession");
        assertEquals(List.of(newer), segmentsOf(newerSession), "segments of a newer session after deleteSession");
        assertEquals(List.of(newerSession, olderSession),
                ownIds(allSessions(), Set.of(olderSession, doomed, newerSession)), "sessions after deleteSession");
    }

    @Test
    @DisplayName("[C-DELETE-03] deleteSession of an unknown session returns 0")
    void C_DELETE_03_deleteUnknownSession() {
        SegmentId bystander = SegmentId.generate();
        store().create(bystander, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        assertEquals(0, store().deleteSession(SessionId.generate()), "deleteSession of an unknown session");
        assertTrue(store().exists(bystander), "deleteSession of an unknown session must delete nothing");
    }

    @Test
    @RequiresCapability(Capability.TRACE)
    @DisplayName("[C-DELETE-04] deleteSession removes the segments' traces too: a segment created again with the same id has no trace")
    void C_DELETE_04_deleteRemovesTraces() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("before"))));
        store().appendTrace(segment, fx.trace("before"));
        assertEquals(1, store().deleteSession(session));

        List<LogEntry> again = List.of(fx.plainStart(session));
        store().create(segment, StoredEntry.plain(again));
        assertEquals(List.of(), store().readTrace(segment), "trace of a segment deleted and created again");
        assertEntries(again, store().readAll(segment), "entries of a segment deleted and created again");
    }
}
