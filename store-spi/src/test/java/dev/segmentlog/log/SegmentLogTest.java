package dev.segmentlog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TurnNotReachedException;
import dev.segmentlog.spi.ListStore;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SegmentLogTest {
    private final ListStore store = new ListStore();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final SegmentLog log = new SegmentLog(store, clock::incrementAndGet);
    private final StartState start = new StartState("You are helpful.", RequestConfig.DEFAULT.withMaxTokens(1024), List.of());

    /** Records one full turn: the user asks, the assistant calls a tool and answers. */
    private void turn(SegmentId segment, int turn) {
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveUserInput(segment, List.of(new InputPart.Text("question " + turn)));
        log.saveDelta(segment, List.of(HistoryItem.user("question " + turn),
                new HistoryItem.ToolCall("c" + turn, "search", "{}"),
                new HistoryItem.ToolResult("c" + turn, "found", null, false),
                HistoryItem.assistant("answer " + turn)));
        log.saveTurnEnd(segment, turn);
        log.saveRunCompleted(segment, LogEntry.RunResult.FINISHED, false);
    }

    @Test
    void create_startsANewSessionWithOneSegmentStart() {
        SegmentId segment = log.create(start);
        List<LogEntry> entries = store.readAll(segment);
        assertEquals(1, entries.size());
        LogEntry.SegmentStart opened = assertInstanceOf(LogEntry.SegmentStart.class, entries.get(0));
        assertEquals("You are helpful.", opened.systemPrompt());
        assertNull(opened.origin());
        assertNotEquals(log.create(start), segment);
    }

    @Test
    void createWithId_usesTheReservedIdAndRefusesItTwice() {
        SegmentId reserved = SegmentId.generate();
        log.createWithId(reserved, start);
        assertTrue(store.exists(reserved));
        assertThrows(SegmentAlreadyExistsException.class, () -> log.createWithId(reserved, start));
        assertEquals(1, store.count(reserved));
    }

    @Test
    void createWithId_givenASession_opensTheSegmentInThatSession() {
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        log.createWithId(segment, session, start);
        assertEquals(session, store.info(segment).sessionId());
        assertEquals(List.of(segment), store.listSegments(session, PageRequest.first(10)).items());
    }

    @Test
    void saveDelta_skipsUserMessagesAndClassifiesTheRest() {
        SegmentId segment = log.create(start);
        log.saveDelta(segment, List.of(HistoryItem.user("dup"), new HistoryItem.ToolCall("c", "t", "{}"),
                new HistoryItem.ToolResult("c", "ok", null, false),
                new HistoryItem.Reasoning("thinking", List.of(), null, null), HistoryItem.assistant("done")));
        assertEquals(List.of("segment_start", "assistant_item", "tool_result", "assistant_item", "assistant_item"),
                store.readAll(segment).stream().map(entry -> entry.kind().wireName()).toList());
    }

    @Test
    void saveDelta_ofNothing_writesNothing() {
        SegmentId segment = log.create(start);
        log.saveDelta(segment, List.of(HistoryItem.user("only a user message")));
        assertEquals(1, store.count(segment));
    }

    @Test
    void classify_nonToolResultItems_goToAssistantItemSoNothingIsDropped() {
        assertInstanceOf(LogEntry.ToolResult.class, SegmentLog.classify(new HistoryItem.ToolResult("c", "s", null, true), 1));
        assertInstanceOf(LogEntry.AssistantItem.class, SegmentLog.classify(HistoryItem.system("odd"), 1));
    }

    @Test
    void restore_afterAFullConversation_givesTheStateToResumeFrom() {
        SegmentId segment = log.create(start);
        turn(segment, 1);
        log.appendSystemItem(segment, new SystemItem.Notification("ci", "<ci>green</ci>"));
        log.saveUsage(segment, 5, 900, 800, 100, 50);
        log.saveExtension(segment, "todo", RawJson.of("[\"ship\"]"));
        log.saveConfigChanged(segment, RequestConfig.DEFAULT.withTemperature(0.1));
        log.saveCacheLocked(segment, 3);
        log.saveInvoke(segment, LogEntry.Trigger.WAKEUP);

        RestoredState state = log.restore(segment);
        assertEquals(1, state.turnCount());
        assertEquals(List.of(HistoryItem.user("question 1"), new HistoryItem.ToolCall("c1", "search", "{}"),
                new HistoryItem.ToolResult("c1", "found", null, false), HistoryItem.assistant("answer 1"),
                HistoryItem.system("<ci>green</ci>")), state.history());
        assertEquals(0.1, state.config().temperature());
        assertEquals(3, state.lockedPrefixLen());
        assertEquals(1, state.usageHistory().size());
        assertEquals("[\"ship\"]", state.latestExtension("todo").orElseThrow().text());
        assertTrue(state.runInFlight());
        assertEquals(store.count(segment), state.entriesCount());
    }

    @Test
    void restore_ofASegmentHoldingAnUnknownKind_failsClosedUnlessAskedToSkip() {
        SegmentId segment = log.create(start);
        log.appendEntry(segment, new LogEntry.Unknown("checkpoint", java.util.OptionalLong.of(5),
                RawJson.of("{\"kind\":\"checkpoint\",\"ts\":5}")));
        turn(segment, 1);

        dev.segmentlog.core.UnknownEntryException e =
                assertThrows(dev.segmentlog.core.UnknownEntryException.class, () -> log.restore(segment));
        assertEquals(1, e.position());
        RestoredState state = log.restore(segment, dev.segmentlog.core.Replay.OnUnknown.SKIP);
        assertEquals(1, state.skippedEntries());
        assertEquals(1, state.turnCount());
        assertEquals(store.count(segment), state.entriesCount());
    }

    @Test
    void pausedTurnAbandoned_restoresAnIdleAgent() {
        SegmentId segment = log.create(start);
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveRunCompleted(segment, LogEntry.RunResult.PAUSED, true);
        log.appendEntry(segment, new LogEntry.PausedTurnAbandoned(log.now()));

        RestoredState state = log.restore(segment);
        assertFalse(state.lastRunInterrupted());
        assertFalse(state.runInFlight());
    }

    @Test
    void runErroredAndOutcome_recordInterruption() {
        SegmentId segment = log.create(start);
        log.saveRunErrored(segment, "rate limited", true);
        assertTrue(log.restore(segment).lastRunInterrupted());
        log.saveOutcome(segment, RawJson.of("{\"finished\":null}"), false);
        log.saveCacheUnlocked(segment);
        assertFalse(log.restore(segment).lastRunInterrupted());
    }

    @Test
    void forkAtTurn_replaysToTheSourceStateAfterThatTurnAndRecordsLineage() {
        SegmentId source = log.create(start);
        turn(source, 1);
        turn(source, 2);
        SegmentId fork = log.forkAtTurn(source, 1);

        LogEntry.SegmentStart forkStart = (LogEntry.SegmentStart) store.readAll(fork).get(0);
        assertEquals(new SegmentOrigin(source, 1), forkStart.forkedFrom());
        assertEquals(store.info(source).sessionId(), forkStart.sessionId());
        RestoredState forked = log.restore(fork);
        assertEquals(4, forked.history().size());
        assertEquals(HistoryItem.assistant("answer 1"), forked.history().get(3));
        assertEquals(start.config(), forked.config());
    }

    @Test
    void forkAtTurn_neverReached_failsAndCreatesNothing() {
        SegmentId source = log.create(start);
        turn(source, 1);
        int before = store.listSegments(PageRequest.first(1000)).items().size();
        assertThrows(TurnNotReachedException.class, () -> log.forkAtTurn(source, 5));
        assertEquals(before, store.listSegments(PageRequest.first(1000)).items().size());
    }

    @Test
    void createCompacted_keepsTheSessionAndPointsBackAtTheSource() {
        SegmentId source = log.create(start);
        turn(source, 1);
        StartState summary = new StartState(start.systemPrompt(), start.config(), List.of(HistoryItem.system("Summary: asked once.")));
        SegmentId compacted = log.createCompacted(summary, source, 1);
        LogEntry.SegmentStart opened = (LogEntry.SegmentStart) store.readAll(compacted).get(0);
        assertEquals(new SegmentOrigin(source, 1), opened.compactedFrom());
        assertEquals(store.info(source).sessionId(), opened.sessionId());
        assertEquals(List.of(compacted, source), store.listSegments(opened.sessionId(), PageRequest.first(100)).items());
    }

    @Test
    void ensureHeadOrFork_unchanged_keepsTheHead() {
        SegmentId segment = log.create(start);
        SegmentHead head = new SegmentHead(segment, 1);
        assertSame(head, log.ensureHeadOrFork(head, start, 0));
    }

    @Test
    void ensureHeadOrFork_afterAForeignAppend_forksWithLineage() {
        SegmentId segment = log.create(start);
        log.saveTurnEnd(segment, 1); // another writer
        SegmentHead head = log.ensureHeadOrFork(new SegmentHead(segment, 1), start, 0);
        assertNotEquals(segment, head.segmentId());
        assertEquals(1, head.entriesWritten());
        assertEquals(new SegmentOrigin(segment, 0), store.info(head.segmentId()).forkedFrom());
    }

    @Test
    void operationsOnAnUnknownSegment_failWithNotFound() {
        SegmentId unknown = SegmentId.generate();
        assertThrows(SegmentNotFoundException.class, () -> log.saveTurnEnd(unknown, 1));
        assertThrows(SegmentNotFoundException.class, () -> log.restore(unknown));
        assertThrows(SegmentNotFoundException.class, () -> log.forkAtTurn(unknown, 0));
        assertThrows(SegmentNotFoundException.class, () -> log.writer(unknown));
    }
}
