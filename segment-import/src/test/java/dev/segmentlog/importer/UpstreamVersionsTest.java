package dev.segmentlog.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.importer.SessionLogJson.Arr;
import dev.segmentlog.importer.SessionLogJson.Node;
import dev.segmentlog.importer.SessionLogJson.Obj;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One log per version of the original runtime's session log, written by
 * {@code src/test/resources/session-log/generate.py} exactly as that version's serde types wrote it,
 * with the state that version's own replay restored from it ({@code expected.json}).
 */
class UpstreamVersionsTest {

    private static final String SOURCE = "0190f0a1-0000-7000-8000-000000000001";
    private static final String FORK = "0190f0a1-0000-7000-8000-000000000002";
    private static final Set<EntryKind> CURRENT_KINDS = EnumSet.of(EntryKind.SEGMENT_START, EntryKind.INVOKE,
            EntryKind.USER_INPUT, EntryKind.ASSISTANT_ITEM, EntryKind.TOOL_RESULT, EntryKind.SYSTEM_ITEM,
            EntryKind.TURN_END, EntryKind.RUN_COMPLETED, EntryKind.RUN_ERRORED, EntryKind.CONFIG_CHANGED,
            EntryKind.LLM_USAGE, EntryKind.EXTENSION);
    private static final EntryCodec CODEC = EntryCodec.standard();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"00e3ae19", "3d2a49e1", "17d0430a", "3d04f793", "6fe19b84", "8a9e3b4f", "e3b36371",
            "f9def2d5", "35fec785", "79b8336a"})
    void eachVersion_importsInCurrentKinds_verifies_andReplaysToItsOwnState(String version) throws IOException {
        SessionLogFile log = read(version, SOURCE, SessionLogOptions.defaults());
        Obj expected = (Obj) expected(version).get(SOURCE);

        assertEquals(!version.equals("00e3ae19"), log.oldChain().chained());
        assertTrue(log.oldChain().intact(), () -> log.oldChain().toString());
        assertEquals(version.equals("00e3ae19") ? ImportedFrom.OldChain.NONE : ImportedFrom.OldChain.INTACT,
                log.mark().oldChain());
        for (LogEntry entry : log.entries()) {
            assertTrue(CURRENT_KINDS.contains(entry.kind()), version + " imported a " + entry.wireKind());
            if (entry instanceof LogEntry.Invoke invoke) {
                assertFalse(invoke.trigger().wireName().equals("pod_event"), "the trigger's current name");
            }
            if (entry instanceof LogEntry.SystemItemEntry item) {
                assertFalse(item.item() instanceof SystemItem.PodEvent, "the system item's current name");
            }
        }
        assertState(expected, log.replay());

        try (SegmentStore store = new InMemorySegmentStore()) {
            log.importInto(store, () -> 1L);
            SegmentLog segments = new SegmentLog(store);
            ChainReport report = segments.verify(log.segmentId());
            assertTrue(report.chained() && report.intact(), report::toString);
            assertState(expected, segments.restore(log.segmentId()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"17d0430a", "3d04f793", "6fe19b84", "8a9e3b4f", "e3b36371", "f9def2d5", "35fec785",
            "79b8336a"})
    void forkAtAnOldHash_isCutAfterTheEntriesItsSourceLinesBecame(String version) throws IOException {
        SessionLogFile source = read(version, SOURCE, SessionLogOptions.defaults());
        SessionLogFile fork = read(version, FORK, SessionLogOptions.defaults().withSources(List.of(source)));
        int line = Integer.parseInt(((SessionLogJson.Num) ((Obj) expected(version).get(FORK))
                .get("forked_at_line")).text());

        SegmentOrigin origin = ((LogEntry.SegmentStart) fork.entries().get(0)).forkedFrom();

        int kept = source.entriesThroughLine(line);
        assertEquals(Long.valueOf(kept), origin.atEntry());
        assertEquals(EntryKind.TURN_END, source.entries().get(kept - 1).kind(), "the cut is at the old turn_end");
        assertEquals(1, origin.atTurnIndex());
        assertEquals(source.chainedEntries().get(kept - 1).hash(), origin.atHash());
        try (SegmentStore store = new InMemorySegmentStore()) {
            source.importInto(store, () -> 1L);
            fork.importInto(store, () -> 1L);
            assertTrue(new SegmentLog(store).verify(fork.segmentId()).intact(), "the fork's lineage verifies");
            assertState((Obj) expected(version).get(FORK), new SegmentLog(store).restore(fork.segmentId()));
        }
    }

    @Test
    void pluralLines_becomeOneEntryPerItem_soPositionsMove() throws IOException {
        SessionLogFile log = read("6fe19b84", SOURCE, SessionLogOptions.defaults());

        // line 2 is assistant_items of a reasoning and a tool call: two assistant_item entries.
        assertEquals(2, log.entriesThroughLine(1));
        assertEquals(4, log.entriesThroughLine(2));
        assertTrue(log.entries().get(2) instanceof LogEntry.AssistantItem first
                && first.item() instanceof HistoryItem.Reasoning);
        assertTrue(log.entries().get(3) instanceof LogEntry.AssistantItem second
                && second.item() instanceof HistoryItem.ToolCall);
    }

    @Test
    void cacheLocks_areLeftOut_andSaidSo() throws IOException {
        SessionLogFile log = read("3d2a49e1", SOURCE, SessionLogOptions.defaults());

        assertTrue(log.notes().stream().anyMatch(note -> note.contains("cache_locked (locked_prefix_len 5) not imported")),
                log.notes()::toString);
        assertTrue(log.notes().stream().anyMatch(note -> note.contains("cache_unlocked not imported")),
                log.notes()::toString);
        assertEquals(0, log.replay().lockedPrefixLen());
    }

    @Test
    void brokenChain_isRefusedByDefault_namingTheFileAndLine_andNothingIsWritten() throws IOException {
        SessionLogFile log = read("broken-chain", SOURCE, SessionLogOptions.defaults());

        try (SegmentStore store = new InMemorySegmentStore()) {
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> log.importInto(store));

            assertTrue(e.getMessage().contains(SOURCE + ".jsonl line 5: its hash chain is broken there (ALTERED"),
                    e.getMessage());
            assertFalse(store.exists(log.segmentId()));
        }
    }

    @Test
    void brokenChain_accepted_isImportedMarkedWithItsLine() throws IOException {
        SessionLogFile log = read("broken-chain", SOURCE, SessionLogOptions.defaults().withBrokenChainAccepted(true));

        try (SegmentStore store = new InMemorySegmentStore()) {
            log.importInto(store, () -> 1L);

            LogEntry.SegmentStart start = (LogEntry.SegmentStart) new SegmentLog(store).readStored(log.segmentId()).get(0).entry();
            assertEquals(new ImportedFrom(SOURCE + ".jsonl", ImportedFrom.OldChain.BROKEN, 5L,
                    log.oldChain().breaks().get(0).problem() + ": " + log.oldChain().breaks().get(0).detail()),
                    start.importedFrom());
        }
    }

    @Test
    void unchainedLog_withAHashOnALaterLine_isCorrupt() {
        String lines = "{\"kind\":\"session_start\",\"ts\":1,\"system_prompt\":null,\"config\":{\"max_tokens\":null,"
                + "\"temperature\":null,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[]},\"history\":[]}\n"
                + "{\"hash\":\"" + "0".repeat(64) + "\",\"prev_hash\":null,\"kind\":\"turn_end\",\"ts\":2,\"turn_count\":1}\n";

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SessionLogFile.read(
                new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), SOURCE + ".jsonl",
                SessionLogOptions.defaults()));

        assertTrue(e.getMessage().contains("line 2: a hash in a log whose first line has none"), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static SessionLogFile read(String version, String session, SessionLogOptions options) throws IOException {
        String name = "/session-log/" + version + "/" + session + ".jsonl";
        try (InputStream in = UpstreamVersionsTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return SessionLogFile.read(in, name.substring(name.lastIndexOf('/') + 1),
                    options.withSegmentId(SegmentId.parse(session)));
        }
    }

    private static Obj expected(String version) throws IOException {
        String name = "/session-log/" + version + "/expected.json";
        try (InputStream in = UpstreamVersionsTest.class.getResourceAsStream(name)) {
            byte[] compact = CODEC.canonicalJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).text()
                    .getBytes(StandardCharsets.UTF_8);
            return SessionLogJson.parseObject(SessionLogJson.PLAIN, compact);
        }
    }

    /** The restored state against the state the version's replay gave (the fields it had). */
    private static void assertState(Obj expected, RestoredState state) {
        Node prompt = expected.get("system_prompt");
        assertEquals(prompt instanceof SessionLogJson.Str s ? s.value() : null, state.systemPrompt());
        assertEquals(number(expected.get("max_tokens")), Long.valueOf(state.config().maxTokens().longValue()));
        assertEquals(number(expected.get("turn_count")), state.turnCount());
        assertEquals(((SessionLogJson.Bool) expected.get("last_run_interrupted")).value(), state.lastRunInterrupted());
        List<Node> history = new ArrayList<>();
        for (HistoryItem item : state.history()) {
            Obj line = SessionLogJson.parseObject(SessionLogJson.PLAIN, CODEC.encode(new LogEntry.AssistantItem(0, item)));
            history.add(line.get("item"));
        }
        assertEquals(((Arr) expected.get("history")).values(), history);
        List<List<Long>> usage = state.usageHistory().stream().map(u -> List.of((long) u.historyLen(),
                u.inputTotalTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.outputTokens())).toList();
        assertEquals(((Arr) expected.get("usage")).values().stream().map(row -> ((Arr) row).values().stream()
                .map(UpstreamVersionsTest::number).toList()).toList(), usage);
        List<String> extensions = state.extensions().stream()
                .map(e -> e.domain() + "=" + e.payload().text()).toList();
        assertEquals(((Arr) expected.get("extensions")).values().stream().map(pair -> {
            List<Node> values = ((Arr) pair).values();
            return ((SessionLogJson.Str) values.get(0)).value() + "=" + SessionLogJson.toText(SessionLogJson.PLAIN,
                    values.get(1));
        }).toList(), extensions);
        assertEquals(List.of(), state.danglingToolCalls(), "every tool call of the fixtures is answered");
    }

    private static Long number(Node node) {
        return Long.parseLong(((SessionLogJson.Num) node).text());
    }
}
