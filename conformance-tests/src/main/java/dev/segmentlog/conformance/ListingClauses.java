package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
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

/** The clauses of the group "listing" ({@link SegmentStoreConformanceTest.Listing}). */
abstract class ListingClauses extends Clauses {

    ListingClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-LIST-01] segments are listed newest first by id, whatever order they were created in, each once")
    void C_LIST_01_segmentsNewestFirst() {
        SegmentId oldest = SegmentId.generate();
        SegmentId middle = SegmentId.generate();
        SegmentId newest = SegmentId.generate();
        for (SegmentId segment : List.of(middle, newest, oldest)) {
            store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        }
        assertEquals(List.of(newest, middle, oldest), ownIds(allSegments(), Set.of(oldest, middle, newest)),
                "listSegments must list these three newest first (ids are time-ordered), each once");
    }

    @Test
    @DisplayName("[C-LIST-02] sessions are listed newest first by id, each once however many segments it has")
    void C_LIST_02_sessionsNewestFirst() {
        SessionId oldest = SessionId.generate();
        SessionId middle = SessionId.generate();
        SessionId newest = SessionId.generate();
        for (SessionId session : List.of(middle, newest, oldest, oldest, middle)) {
            store().create(SegmentId.generate(), StoredEntry.plain(List.of(fx.plainStart(session))));
        }
        assertEquals(List.of(newest, middle, oldest), ownIds(allSessions(), Set.of(oldest, middle, newest)),
                "listSessions must list these three newest first (ids are time-ordered), each once");
    }

    @Test
    @DisplayName("[C-LIST-03] a session lists its segments newest first, forks and compactions made through SegmentLog included, nothing else")
    void C_LIST_03_sessionSegmentsIncludeLineage() {
        SegmentLog log = new SegmentLog(store(), fx::tick);
        SegmentId original = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        SessionId session = store().info(original).sessionId();
        log.saveUserInput(original, List.of(new InputPart.Text("hi")));
        log.saveTurnEnd(original, 1);
        SegmentId otherConversation = log.create(new StartState("other", RequestConfig.DEFAULT, List.of()));
        SegmentId fork = log.forkAtTurn(original, 1);
        SegmentId compaction = log.createCompacted(
                new StartState("p", RequestConfig.DEFAULT, List.of(HistoryItem.assistant("summary"))), original, 1);
        SegmentId forkOfFork = log.forkAtTurn(fork, 0);

        assertEquals(List.of(forkOfFork, compaction, fork, original), segmentsOf(session),
                "listSegments(session) must hold the original, its forks and its compaction, newest first");
        assertFalse(segmentsOf(session).contains(otherConversation), "another conversation's segment");
        assertEquals(List.of(), segmentsOf(SessionId.generate()), "listSegments of an unknown session");
    }
}
