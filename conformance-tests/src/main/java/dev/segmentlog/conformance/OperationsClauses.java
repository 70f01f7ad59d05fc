package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TurnNotReachedException;
import dev.segmentlog.log.SegmentHead;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.SegmentInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "the operations (SegmentLog, SegmentWriter) end to end on the store" ({@link SegmentStoreConformanceTest.Operations}). */
abstract class OperationsClauses extends Clauses {

    OperationsClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    private SegmentLog log;

    @BeforeEach
    void operationsOverTheStore() {
        log = new SegmentLog(store(), fx::tick);
    }

    @Test
    @DisplayName("[C-OPS-01] a conversation recorded through SegmentLog restores to its state")
    void C_OPS_01_conversationRestores() {
        SegmentId segment = Fixtures.recordConversation(log);
        RestoredState state = log.restore(segment);
        assertAll(
                () -> assertEquals(store().info(segment).sessionId(), state.sessionId(), "session"),
                () -> assertEquals("You are a coding agent.", state.systemPrompt(), "system prompt"),
                () -> assertEquals(Fixtures.budgetConfig(), state.config(), "config after config_changed"),
                () -> assertEquals(2, state.turnCount(), "turn count"),
                () -> assertTrue(state.runInFlight(), "run in flight (turn 3 was invoked and never ended)"),
                () -> assertTrue(state.lastRunInterrupted(), "last run interrupted"),
                () -> assertEquals(store().count(segment), state.entriesCount(), "entries replayed"),
                () -> assertEquals(List.of(
                        HistoryItem.assistant("seed"),
                        HistoryItem.user("list files @src"),
                        new HistoryItem.ToolCall("c1", "ls", "{\"dir\":\"src\"}"),
                        new HistoryItem.ToolResult("c1", "2 files", null, false),
                        HistoryItem.assistant("There are 2 files."),
                        HistoryItem.system("[ci] green"),
                        HistoryItem.user("deploy"),
                        HistoryItem.assistant("Deploying."),
                        HistoryItem.user("and now?"),
                        new HistoryItem.ToolCall("c2", "deploy", "{}")), state.history(), "history"),
                () -> assertEquals(3, state.userInputs().size(), "user inputs"),
                () -> assertEquals(1, state.usageHistory().size(), "usage records"),
                () -> assertEquals(Optional.of(Fixtures.json("{\"step\":2}")), state.latestExtension("acme.plan"), "extension"),
                () -> assertEquals(List.of(new HistoryItem.ToolCall("c2", "deploy", "{}")), state.danglingToolCalls(),
                        "dangling tool calls"));
    }

    @Test
    @DisplayName("[C-OPS-02] forkAtTurn(N) replays to the source's state after turn N, in the source's session, with forked_from = {source, N}")
    void C_OPS_02_forkAtTurnReplaysTheCut() {
        SegmentId source = Fixtures.recordConversation(log);
        SessionId session = store().info(source).sessionId();
        for (int turn = 0; turn <= 2; turn++) {
            RestoredState expected = Replay.replay(Lineage.cutAtTurn(store().readAll(source), turn));
            SegmentId fork = log.forkAtTurn(source, turn);
            RestoredState actual = log.restore(fork);
            String at = "fork at turn " + turn + ": ";
            assertEquals(expected.systemPrompt(), actual.systemPrompt(), at + "system prompt");
            assertEquals(expected.config(), actual.config(), at + "config");
            assertEquals(expected.history(), actual.history(), at + "history");
            assertEquals(session, actual.sessionId(), at + "session");
            SegmentInfo info = store().info(fork);
            assertEquals(new SegmentOrigin(source, turn), info.forkedFrom(), at + "forked_from");
            assertNull(info.compactedFrom(), at + "compacted_from");
        }
    }

    @Test
    @DisplayName("[C-OPS-03] forkAtTurn of a turn never reached throws TurnNotReachedException and creates nothing")
    void C_OPS_03_forkAtUnreachedTurn() {
        SegmentId source = Fixtures.recordConversation(log);
        SessionId session = store().info(source).sessionId();
        List<SegmentId> before = segmentsOf(session);
        long count = store().count(source);
        TurnNotReachedException error = assertThrows(TurnNotReachedException.class, () -> log.forkAtTurn(source, 7));
        assertEquals(2, error.lastTurn(), "TurnNotReachedException.lastTurn()");
        assertEquals(before, segmentsOf(session), "segments of the session after a refused fork");
        assertEquals(count, store().count(source), "the source after a refused fork");
    }

    @Test
    @DisplayName("[C-OPS-04] ensureHeadOrFork keeps the head when nothing changed, and forks with forked_from = {source, turn} after a foreign append")
    void C_OPS_04_ensureHeadOrFork() {
        SegmentId segment = log.create(new StartState("p", Fixtures.richConfig(), List.of(HistoryItem.assistant("seed"))));
        log.saveUserInput(segment, List.of(new InputPart.Text("mine")));
        log.saveTurnEnd(segment, 1);
        SegmentHead head = new SegmentHead(segment, 3);
        StartState mine = StartState.of(log.restore(segment));
        assertEquals(head, log.ensureHeadOrFork(head, mine, 1), "ensureHeadOrFork with no foreign append");

        LogEntry foreign = fx.marker("foreign");
        store().append(segment, foreign);
        SegmentHead moved = log.ensureHeadOrFork(head, mine, 1);

        assertNotEquals(segment, moved.segmentId(), "ensureHeadOrFork after a foreign append must fork");
        assertEquals(1, moved.entriesWritten(), "entries written in the fork");
        SegmentInfo info = store().info(moved.segmentId());
        assertEquals(new SegmentOrigin(segment, 1), info.forkedFrom(), "the fork's forked_from");
        assertEquals(store().info(segment).sessionId(), info.sessionId(), "the fork's session");
        RestoredState forked = log.restore(moved.segmentId());
        assertEquals(mine, StartState.of(forked), "the fork starts from the caller's state");
        assertEquals(foreign, entriesFrom(segment, 3).get(0), "the foreign entry stays in the source");
    }

    @Test
    @DisplayName("[C-OPS-05] two SegmentWriters on one segment: the second auto-forks with lineage, nothing is lost, both replay correctly")
    void C_OPS_05_writersForkOnConflict() {
        SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));
        SegmentWriter first = log.writer(segment);
        SegmentWriter second = log.writer(segment);

        assertEquals(segment, first.saveUserInput(List.of(new InputPart.Text("from first"))), "the first writer's segment");
        assertEquals(segment, first.saveDelta(List.of(HistoryItem.assistant("answer to first"))), "the first writer's segment");
        assertEquals(segment, first.saveTurnEnd(1), "the first writer's segment");

        SegmentId fork = second.saveUserInput(List.of(new InputPart.Text("from second")));
        assertNotEquals(segment, fork, "the second writer must fork instead of interleaving");
        assertEquals(fork, second.segmentId(), "the second writer now writes the fork");
        assertEquals(fork, second.saveDelta(List.of(HistoryItem.assistant("answer to second"))), "the second writer stays on the fork");
        assertEquals(segment, first.saveTurnEnd(2), "the first writer stays on its segment");

        SegmentInfo info = store().info(fork);
        assertEquals(new SegmentOrigin(segment, 0), info.forkedFrom(), "the fork's forked_from (the second writer's turn)");
        assertEquals(store().info(segment).sessionId(), info.sessionId(), "the fork's session");

        RestoredState source = log.restore(segment);
        assertEquals(List.of(HistoryItem.user("from first"), HistoryItem.assistant("answer to first")), source.history(),
                "the source replays to the first writer's conversation");
        assertEquals(2, source.turnCount(), "the source's turn count");
        assertEquals(5, store().count(segment), "the source holds the first writer's entries only");
        RestoredState forked = log.restore(fork);
        assertEquals(List.of(HistoryItem.user("from second"), HistoryItem.assistant("answer to second")), forked.history(),
                "the fork replays to the second writer's conversation");
        assertEquals(forked, second.state(), "the second writer's view equals the fork replayed");
        assertEquals(3, store().count(fork), "the fork holds its start and the second writer's entries");
    }

    @Test
    @DisplayName("[C-OPS-06] a compaction keeps the session, records compacted_from and restores to its summary")
    void C_OPS_06_compactionRestores() {
        SegmentId source = Fixtures.recordConversation(log);
        StartState summary = new StartState("You are a coding agent.", Fixtures.budgetConfig(),
                List.of(HistoryItem.assistant("Summary: listed files, deployed.")));
        SegmentId compaction = log.createCompacted(summary, source, 2);
        SegmentInfo info = store().info(compaction);
        assertEquals(store().info(source).sessionId(), info.sessionId(), "the compaction's session");
        assertEquals(new SegmentOrigin(source, 2), info.compactedFrom(), "compacted_from");
        assertNull(info.forkedFrom(), "forked_from of a compaction");
        assertEquals(summary, StartState.of(log.restore(compaction)), "the compaction restores to its summary");
    }

    @Test
    @DisplayName("[C-OPS-07] restore replays legacy kinds (plural items, locked, cache_unlocked, run_outcome)")
    void C_OPS_07_legacyKindsRestore() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<HistoryItem> assistantItems = List.of(HistoryItem.assistant("a"), new HistoryItem.ToolCall("c9", "ls", "{}"));
        HistoryItem toolResult = new HistoryItem.ToolResult("c9", "2 files", null, false);
        List<SystemItem> systemItems = List.of(new SystemItem.Notification("n", "note body"), new SystemItem.Knowledge("k", "knowledge body"));
        store().create(segment, StoredEntry.plain(List.of(
                fx.plainStart(session),
                new LogEntry.AssistantItems(fx.tick(), assistantItems),
                new LogEntry.ToolResults(fx.tick(), List.of(toolResult)),
                new LogEntry.HookInjectedItems(fx.tick(), List.of(HistoryItem.system("hook"))),
                new LogEntry.SystemItems(fx.tick(), systemItems),
                new LogEntry.Locked(fx.tick(), 3),
                new LogEntry.RunOutcome(fx.tick(), Fixtures.json("{\"error\":{\"message\":\"boom\"}}"), true))));
        RestoredState locked = log.restore(segment);
        // each system item replays as its history text (a retired knowledge item as an empty message)
        assertEquals(List.of(HistoryItem.assistant("a"), new HistoryItem.ToolCall("c9", "ls", "{}"), toolResult,
                HistoryItem.system("hook"), HistoryItem.system(systemItems.get(0).historyText().orElseThrow()),
                HistoryItem.system(systemItems.get(1).historyText().orElseThrow())),
                locked.history(), "history replayed from legacy plural kinds");
        assertEquals(3, locked.lockedPrefixLen(), "locked_prefix_len");
        assertTrue(locked.lastRunInterrupted(), "run_outcome's interrupted");
        assertEquals(session, locked.sessionId(), "session");

        store().append(segment, new LogEntry.CacheUnlocked(fx.tick()));
        assertEquals(0, log.restore(segment).lockedPrefixLen(), "locked_prefix_len after cache_unlocked");
    }
}
