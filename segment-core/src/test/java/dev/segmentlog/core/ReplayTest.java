package dev.segmentlog.core;

import static dev.segmentlog.core.Fixtures.SESSION;
import static dev.segmentlog.core.Fixtures.SOURCE;
import static dev.segmentlog.core.Fixtures.assistant;
import static dev.segmentlog.core.Fixtures.completed;
import static dev.segmentlog.core.Fixtures.invoke;
import static dev.segmentlog.core.Fixtures.start;
import static dev.segmentlog.core.Fixtures.toolCall;
import static dev.segmentlog.core.Fixtures.toolResult;
import static dev.segmentlog.core.Fixtures.turnEnd;
import static dev.segmentlog.core.Fixtures.userInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static RestoredState replay(LogEntry... entries) {
        return Replay.replay(List.of(entries));
    }

    @Test
    void replay_emptyList_isTheDefaultState() {
        RestoredState state = replay();
        assertNull(state.sessionId());
        assertEquals(RequestConfig.DEFAULT, state.config());
        assertTrue(state.history().isEmpty());
        assertEquals(0, state.entriesCount());
        assertFalse(state.runInFlight());
    }

    @Test
    void segmentStart_setsSessionPromptConfigAndHistory() {
        RequestConfig config = RequestConfig.DEFAULT.withMaxTokens(1024);
        LogEntry.SegmentStart start = new LogEntry.SegmentStart(1, SESSION, "Be brief.", config,
                List.of(HistoryItem.user("earlier")), new SegmentOrigin(SOURCE, 2), null);
        RestoredState state = replay(start);
        assertEquals(SESSION, state.sessionId());
        assertEquals("Be brief.", state.systemPrompt());
        assertEquals(config, state.config());
        assertEquals(List.of(HistoryItem.user("earlier")), state.history());
        assertEquals(1, state.entriesCount());
    }

    @Test
    void segmentStart_replacesHistoryAndDanglingCalls() {
        RestoredState state = replay(start("a"), assistant("old"), toolCall("c1"), start("b", HistoryItem.user("seed")));
        assertEquals(List.of(HistoryItem.user("seed")), state.history());
        assertEquals("b", state.systemPrompt());
        assertTrue(state.danglingToolCalls().isEmpty());
    }

    @Test
    void invoke_withoutEnd_leavesARunInFlightAndMarksItInterrupted() {
        RestoredState state = replay(start(null), invoke());
        assertTrue(state.runInFlight());
        assertTrue(state.lastRunInterrupted());
    }

    @Test
    void invoke_followedByRunCompleted_takesTheCompletedInterruption() {
        assertFalse(replay(start(null), completed(true), invoke(), completed(false)).lastRunInterrupted());
    }

    @Test
    void pausedTurnAbandoned_clearsTheInterruptionAndEndsTheRun() {
        RestoredState state = replay(start(null), invoke(), completed(true), invoke(),
                new LogEntry.PausedTurnAbandoned(9));
        assertFalse(state.lastRunInterrupted());
        assertFalse(state.runInFlight());
    }

    @Test
    void runCompleted_endsTheRunAndRecordsInterruption() {
        RestoredState state = replay(start(null), invoke(), completed(true));
        assertFalse(state.runInFlight());
        assertTrue(state.lastRunInterrupted());
    }

    @Test
    void runErrored_endsTheRunAndRecordsInterruption() {
        RestoredState state = replay(start(null), invoke(), new LogEntry.RunErrored(8, true, "boom"));
        assertFalse(state.runInFlight());
        assertTrue(state.lastRunInterrupted());
    }

    @Test
    void runOutcome_endsTheRunAndRecordsInterruption() {
        RestoredState state = replay(start(null), invoke(),
                new LogEntry.RunOutcome(8, RawJson.of("{\"error\":{\"message\":\"boom\"}}"), true));
        assertFalse(state.runInFlight());
        assertTrue(state.lastRunInterrupted());
    }

    @Test
    void lastRunInterrupted_followsTheLatestRunEnd() {
        assertFalse(replay(start(null), completed(true), completed(false)).lastRunInterrupted());
    }

    @Test
    void userInput_appendsTheFlattenedUserMessageAndKeepsTheParts() {
        List<InputPart> parts = List.of(new InputPart.Text("Look at "), new InputPart.FileRef("a.txt"));
        RestoredState state = replay(start(null), new LogEntry.UserInput(2, parts));
        assertEquals(List.of(HistoryItem.user("Look at @a.txt")), state.history());
        assertEquals(List.of(parts), state.userInputs());
    }

    @Test
    void assistantItemAndToolResult_appendTheirItemsInOrder() {
        RestoredState state = replay(start(null), assistant("hi"), toolCall("c1"), toolResult("c1"));
        assertEquals(3, state.history().size());
        assertEquals(HistoryItem.assistant("hi"), state.history().get(0));
        assertTrue(state.history().get(2) instanceof HistoryItem.ToolResult);
    }

    @Test
    void systemItem_appendsASystemMessageWithItsExactBody() {
        SystemItem item = new SystemItem.Notification("build done", "<notification>build done</notification>");
        RestoredState state = replay(start(null), new LogEntry.SystemItemEntry(2, item));
        assertEquals(List.of(HistoryItem.system("<notification>build done</notification>")), state.history());
    }

    @Test
    void systemItem_ofUnknownKind_stillReplaysAsItsBody() {
        SystemItem item = new SystemItem.Unknown("future", "seen by model", RawJson.of("{\"kind\":\"future\"}"));
        assertEquals(List.of(HistoryItem.system("seen by model")),
                replay(start(null), new LogEntry.SystemItemEntry(2, item)).history());
    }

    @Test
    void systemItem_knowledge_replaysAsAnEmptySystemMessage() {
        assertEquals(List.of(HistoryItem.system("")), replay(start(null),
                new LogEntry.SystemItemEntry(2, new SystemItem.Knowledge("k", "archived text"))).history());
    }

    @Test
    void systemItem_workflowWithoutBody_replaysAsTheIgnoredNote() {
        assertEquals(List.of(HistoryItem.system("Ignored legacy procedure item: /deploy")), replay(start(null),
                new LogEntry.SystemItemEntry(2, new SystemItem.Workflow("deploy", null))).history());
    }

    @Test
    void userInput_extensions_joinTheRestoredExtensionsAfterEarlierOnes() {
        RestoredState state = replay(start(null), new LogEntry.Extension(2, "flow.runtime.v1", RawJson.of("0")),
                new LogEntry.UserInput(3, List.of(new InputPart.Text("go")),
                        List.of(new ExtensionPayload("flow.runtime.v1", RawJson.of("{\"state\":\"implement\"}"))),
                        UnknownFields.NONE));
        assertEquals(List.of(new LogEntry.Extension(2, "flow.runtime.v1", RawJson.of("0")),
                new LogEntry.Extension(3, "flow.runtime.v1", RawJson.of("{\"state\":\"implement\"}"))),
                state.extensions());
    }

    @Test
    void unknownEntry_failsClosedNamingKindAndPosition() {
        LogEntry unknown = new LogEntry.Unknown("teleport", java.util.OptionalLong.of(5), RawJson.of("{\"kind\":\"teleport\"}"));
        UnknownEntryException e = assertThrows(UnknownEntryException.class,
                () -> replay(start(null), userInput("a"), unknown));
        assertEquals("teleport", e.kind());
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains("teleport") && e.getMessage().contains("entry 2"), e.getMessage());
    }

    @Test
    void unknownEntry_withSkip_isSkippedAndCounted() {
        LogEntry unknown = new LogEntry.Unknown("teleport", java.util.OptionalLong.empty(), RawJson.of("{\"kind\":\"teleport\"}"));
        RestoredState state = Replay.replay(List.of(start(null), unknown, userInput("a")), Replay.OnUnknown.SKIP);
        assertEquals(1, state.skippedEntries());
        assertEquals(3, state.entriesCount());
        assertEquals(List.of(HistoryItem.user("a")), state.history());
    }

    @Test
    void unknownHistoryItem_failsClosedAndWithSkipLeavesTheStateUntouched() {
        LogEntry entry = new LogEntry.AssistantItem(3,
                new HistoryItem.Unknown("hologram", RawJson.of("{\"kind\":\"hologram\"}")));
        assertThrows(UnknownEntryException.class, () -> replay(start(null), entry));
        RestoredState state = Replay.replay(List.of(start(null), entry), Replay.OnUnknown.SKIP);
        assertTrue(state.history().isEmpty());
        assertEquals(1, state.skippedEntries());
    }

    @Test
    void unknownSystemItemWithoutBody_failsClosed() {
        SystemItem item = new SystemItem.Unknown("alarm", null, RawJson.of("{\"kind\":\"alarm\"}"));
        assertThrows(UnknownEntryException.class, () -> replay(start(null), new LogEntry.SystemItemEntry(2, item)));
    }

    @Test
    void turnEnd_setsTheTurnCount() {
        assertEquals(3, replay(start(null), turnEnd(1), turnEnd(3)).turnCount());
    }

    @Test
    void configChanged_replacesTheConfig() {
        RequestConfig changed = RequestConfig.DEFAULT.withTemperature(0.2);
        assertEquals(changed, replay(start(null), new LogEntry.ConfigChanged(2, changed)).config());
    }

    @Test
    void llmUsage_appendsAUsageRecordInOrder() {
        LogEntry.LlmUsage first = new LogEntry.LlmUsage(2, 1, 100, 0, 50, 10);
        LogEntry.LlmUsage second = new LogEntry.LlmUsage(3, 3, 180, 100, 0, 20);
        assertEquals(List.of(first, second), replay(start(null), first, second).usageHistory());
    }

    @Test
    void extension_appendsAndTheLatestPayloadPerDomainIsFound() {
        RestoredState state = replay(start(null),
                new LogEntry.Extension(2, "todo", RawJson.of("[1]")),
                new LogEntry.Extension(3, "scope", RawJson.of("{}")),
                new LogEntry.Extension(4, "todo", RawJson.of("[1,2]")));
        assertEquals(3, state.extensions().size());
        assertEquals(Optional.of(RawJson.of("[1,2]")), state.latestExtension("todo"));
        assertEquals(Optional.empty(), state.latestExtension("absent"));
    }

    @Test
    void locked_setsAndCacheUnlocked_clearsTheLockedPrefix() {
        assertEquals(4, replay(start(null), new LogEntry.Locked(2, 4)).lockedPrefixLen());
        assertEquals(0, replay(start(null), new LogEntry.Locked(2, 4), new LogEntry.CacheUnlocked(3)).lockedPrefixLen());
    }

    @Test
    void legacyPluralKinds_appendEveryItem() {
        RestoredState state = replay(start(null),
                new LogEntry.AssistantItems(2, List.of(HistoryItem.assistant("a"), HistoryItem.assistant("b"))),
                new LogEntry.ToolResults(3, List.of(new HistoryItem.ToolResult("c", "ok", null, false))),
                new LogEntry.HookInjectedItems(4, List.of(HistoryItem.user("hook"))),
                new LogEntry.SystemItems(5, List.of(new SystemItem.Knowledge("k", "body k"),
                        new SystemItem.Workflow("w", "body w"))));
        assertEquals(List.of(HistoryItem.assistant("a"), HistoryItem.assistant("b"),
                new HistoryItem.ToolResult("c", "ok", null, false), HistoryItem.user("hook"),
                HistoryItem.system(""), HistoryItem.system("Ignored legacy procedure item: /w")), state.history());
    }

    @Test
    void danglingToolCalls_areCallsWithoutAResultYet() {
        RestoredState state = replay(start(null), toolCall("c1"), toolCall("c2"), toolResult("c1"), toolCall("c3"));
        assertEquals(List.of("c2", "c3"), state.danglingToolCalls().stream().map(HistoryItem.ToolCall::callId).toList());
    }

    @Test
    void danglingToolCalls_includeCallsSeededByTheStart() {
        LogEntry.SegmentStart start = new LogEntry.SegmentStart(1, SESSION, null, RequestConfig.DEFAULT,
                List.of(new HistoryItem.ToolCall("seeded", "t", "{}")), null, null);
        assertEquals(1, replay(start).danglingToolCalls().size());
    }

    @Test
    void entriesCount_countsEveryEntry() {
        assertEquals(4, replay(start(null), userInput("a"), assistant("b"), turnEnd(1)).entriesCount());
    }

    @Test
    void incrementalApply_matchesWholeListReplay() {
        List<LogEntry> entries = List.of(start("p"), userInput("a"), toolCall("c"), toolResult("c"), turnEnd(1));
        Replay replay = new Replay();
        entries.forEach(replay::apply);
        assertEquals(Replay.replay(entries), replay.state());
    }

    @Test
    void state_isASnapshotThatLaterAppliesDoNotChange() {
        Replay replay = new Replay().apply(start(null));
        RestoredState before = replay.state();
        replay.apply(assistant("later"));
        assertTrue(before.history().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> before.history().add(HistoryItem.user("x")));
    }

    @Test
    void replay_100kEntries_isLinear() {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(start(null));
        for (int i = 0; i < 100_000; i++) {
            entries.add(i % 2 == 0 ? toolCall("c" + i) : toolResult("c" + (i - 1)));
        }
        RestoredState state = Replay.replay(entries);
        assertEquals(100_001, state.entriesCount());
        assertEquals(100_000, state.history().size());
        assertTrue(state.danglingToolCalls().isEmpty());
    }
}
