package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.assertNotFound;
import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The clauses of the group "what a create that never finished leaves"
 * ({@link SegmentStoreConformanceTest.TornCreates}): another process died in the middle of a create
 * (a large create, such as a fork or a compaction carrying its whole history, or a crash of the
 * machine), and the test class left what that leaves in the storage. It is no segment, and one such
 * leftover must never make the rest of a store unreadable: the store passes over it (tools such as
 * {@code verify} report it), and the id can be created again.
 */
abstract class TornCreateClauses extends Clauses {

    TornCreateClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-TORN-01] what a create that never finished leaves is no segment: exists is false; count, info, read, headHash and append throw SegmentNotFoundException")
    void C_TORN_01_aTornCreateIsNoSegment() {
        SessionId session = SessionId.generate();
        SegmentId torn = SegmentId.generate();
        leaveTornCreate(torn, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("never committed"))));

        assertAll(
                () -> assertFalse(store().exists(torn), "exists"),
                () -> assertNotFound(torn, () -> store().count(torn), "count"),
                () -> assertNotFound(torn, () -> store().info(torn), "info"),
                () -> assertNotFound(torn, () -> store().read(torn, 0, 10), "read"),
                () -> assertNotFound(torn, () -> store().headHash(torn), "headHash"),
                () -> assertNotFound(torn, () -> store().append(torn, fx.marker("appended")), "append"),
                () -> assertNotFound(torn, () -> store().append(torn, ExpectedCount.exactly(0), StoredEntry.plain(List.of(fx.marker("at 0")))),
                        "a conditional append at 0"));
    }

    @Test
    @DisplayName("[C-TORN-02] the rest of the store reads as if the leftover were not there: every listing, walked a page of one at a time, lists each other segment and session once and not the leftover; the other segments of its session are counted and read whole")
    void C_TORN_02_aTornCreateLeavesTheRestReadable() {
        SessionId session = SessionId.generate();
        SegmentId older = SegmentId.generate();
        SegmentId torn = SegmentId.generate();
        SegmentId newer = SegmentId.generate();
        List<LogEntry> olderEntries = List.of(fx.plainStart(session), fx.marker("older"));
        store().create(older, StoredEntry.plain(olderEntries));
        leaveTornCreate(torn, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("never committed"))));
        List<LogEntry> newerEntries = List.of(fx.plainStart(session), fx.marker("newer"));
        store().create(newer, StoredEntry.plain(newerEntries));
        SessionId otherSession = SessionId.generate();
        SegmentId other = SegmentId.generate();
        store().create(other, StoredEntry.plain(List.of(fx.plainStart(otherSession))));

        assertAll(
                () -> assertEquals(List.of(newer, older), Page.<SegmentId>all(page -> store().listSegments(session, page), 1).toList(),
                        "listSegments(session) a page of one at a time"),
                () -> assertEquals(List.of(other, newer, older), ownIds(Page.<SegmentId>all(store()::listSegments, 1)
                        .takeWhile(id -> id.compareTo(older) >= 0).toList(), Set.of(other, newer, torn, older)),
                        "listSegments a page of one at a time"),
                () -> assertEquals(List.of(otherSession, session), ownIds(Page.<SessionId>all(store()::listSessions, 1)
                        .takeWhile(id -> id.compareTo(session) >= 0).toList(), Set.of(otherSession, session)),
                        "listSessions a page of one at a time"),
                () -> assertEntries(olderEntries, store().readAll(older), "the segment created before the leftover"),
                () -> assertEntries(newerEntries, store().readAll(newer), "the segment created after the leftover"),
                () -> assertEquals(2, store().count(older), "count of the segment created before the leftover"),
                () -> assertEquals(2, store().count(newer), "count of the segment created after the leftover"),
                () -> assertEquals(newer, store().info(newer).segmentId(), "info of the segment created after the leftover"));
    }

    @Test
    @DisplayName("[C-TORN-03] the id a create never finished can be created again, read whole and listed; deleteSession of a session holding a leftover deletes its segments, and the leftover's id can be created afterwards")
    void C_TORN_03_aTornCreateCanBeCreatedAgain() {
        SessionId session = SessionId.generate();
        SegmentId torn = SegmentId.generate();
        leaveTornCreate(torn, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("never committed"))));
        List<LogEntry> entries = List.of(fx.plainStart(session), fx.marker("created again"));
        store().create(torn, StoredEntry.plain(entries));
        assertEntries(entries, store().readAll(torn), "the segment created over the leftover");
        assertEquals(List.of(torn), segmentsOf(session), "listSegments(session) after the segment was created again");

        SessionId deleted = SessionId.generate();
        SegmentId kept = SegmentId.generate();
        SegmentId leftover = SegmentId.generate();
        store().create(kept, StoredEntry.plain(List.of(fx.plainStart(deleted))));
        leaveTornCreate(leftover, StoredEntry.plain(List.of(fx.plainStart(deleted))));
        store().deleteSession(deleted);
        assertAll(
                () -> assertFalse(store().exists(kept), "exists of a segment of the deleted session"),
                () -> assertEquals(List.of(), segmentsOf(deleted), "listSegments of the deleted session"));
        List<LogEntry> again = List.of(fx.plainStart(deleted), fx.marker("after the delete"));
        store().create(leftover, StoredEntry.plain(again));
        assertEntries(again, store().readAll(leftover), "the leftover's id created after its session was deleted");
    }
}
