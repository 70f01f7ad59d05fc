package dev.segmentlog.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.UnknownFields;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.CodecLimits;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLogFileTest {

    /**
     * Builds older-format lines by the hash-chained session log's rule, independently of the code under test:
     * each entry is written here as serde_json would write it, hashed with {@link MessageDigest}
     * after the previous hash (32 zero bytes first), and prefixed with {@code hash}/{@code prev_hash}.
     */
    static final class ChainedLines {
        private final List<String> lines = new ArrayList<>();
        private final List<String> hashes = new ArrayList<>();

        static String sha256(byte[] previous, String entry) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(previous);
                digest.update(entry.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        ChainedLines add(String entry) {
            String prev = hashes.isEmpty() ? null : hashes.get(hashes.size() - 1);
            String hash = sha256(prev == null ? new byte[32] : HexFormat.of().parseHex(prev), entry);
            lines.add("{\"hash\":\"" + hash + "\",\"prev_hash\":" + (prev == null ? "null" : "\"" + prev + "\"") + ","
                    + entry.substring(1));
            hashes.add(hash);
            return this;
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }

        String hash(int position) {
            return hashes.get(position);
        }

        String text() {
            return join(lines);
        }

        static String join(List<String> lines) {
            return String.join("\n", lines) + "\n";
        }

        // ---- entries, written as serde_json writes them (plain strings only)

        static String q(String text) {
            for (char c : text.toCharArray()) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("fixture strings are plain: " + text);
                }
            }
            return "\"" + text + "\"";
        }

        static final String CONFIG =
                "{\"max_tokens\":1024,\"temperature\":null,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[]}";

        static String start(long ts) {
            return "{\"kind\":\"session_start\",\"ts\":" + ts + ",\"system_prompt\":\"Be helpful.\",\"config\":" + CONFIG
                    + ",\"history\":[],\"forked_from\":null,\"compacted_from\":null}";
        }

        static String forkedStart(long ts, SegmentId source, String atHash) {
            return "{\"kind\":\"session_start\",\"ts\":" + ts + ",\"system_prompt\":\"Be helpful.\",\"config\":" + CONFIG
                    + ",\"history\":[" + userItem("hi") + "],\"forked_from\":{\"session_id\":\"" + source
                    + "\",\"at_hash\":\"" + atHash + "\"},\"compacted_from\":null}";
        }

        static String userItem(String text) {
            return "{\"type\":\"message\",\"id\":\"msg_u\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                    + q(text) + "}],\"status\":\"completed\"}";
        }

        static String assistantItem(String text) {
            return "{\"type\":\"message\",\"id\":\"msg_a\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
                    + q(text) + "}],\"status\":\"completed\"}";
        }

        static String userInput(long ts, String text) {
            return "{\"kind\":\"user_input\",\"ts\":" + ts + ",\"item\":" + userItem(text) + "}";
        }

        static String assistantItems(long ts, String... items) {
            return "{\"kind\":\"assistant_items\",\"ts\":" + ts + ",\"items\":[" + String.join(",", items) + "]}";
        }

        static String toolCall(String callId, String name) {
            return "{\"type\":\"tool_call\",\"id\":\"fc_1\",\"call_id\":" + q(callId) + ",\"name\":" + q(name)
                    + ",\"arguments\":\"{}\",\"status\":\"completed\"}";
        }

        static String toolResults(long ts, String callId, String summary) {
            return "{\"kind\":\"tool_results\",\"ts\":" + ts + ",\"items\":[{\"type\":\"tool_result\",\"call_id\":"
                    + q(callId) + ",\"summary\":" + q(summary) + ",\"content\":null,\"is_error\":false}]}";
        }

        static String hookInjected(long ts, String text) {
            return "{\"kind\":\"hook_injected_items\",\"ts\":" + ts
                    + ",\"items\":[{\"type\":\"message\",\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":"
                    + q(text) + "}]}]}";
        }

        static String turnEnd(long ts, int turn) {
            return "{\"kind\":\"turn_end\",\"ts\":" + ts + ",\"turn_count\":" + turn + "}";
        }

        static String runOutcome(long ts, String outcome, boolean interrupted) {
            return "{\"kind\":\"run_outcome\",\"ts\":" + ts + ",\"outcome\":" + outcome + ",\"interrupted\":"
                    + interrupted + "}";
        }

        static String usage(long ts) {
            return "{\"kind\":\"llm_usage\",\"ts\":" + ts + ",\"history_len\":3,\"input_total_tokens\":100,"
                    + "\"cache_read_tokens\":80,\"cache_write_tokens\":10,\"output_tokens\":7}";
        }

        static String locked(long ts, String kind, int prefix) {
            return "{\"kind\":\"" + kind + "\",\"ts\":" + ts + ",\"locked_prefix_len\":" + prefix + "}";
        }

        static String unlocked(long ts) {
            return "{\"kind\":\"cache_unlocked\",\"ts\":" + ts + "}";
        }

        static String configChanged(long ts, int maxTokens) {
            return "{\"kind\":\"config_changed\",\"ts\":" + ts + ",\"config\":{\"max_tokens\":" + maxTokens
                    + ",\"temperature\":0.5,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[]}}";
        }

        /** A log of every older kind: 14 lines, two turns. */
        static ChainedLines everyKind() {
            return new ChainedLines()
                    .add(start(1000))
                    .add(userInput(2000, "hi"))
                    .add(assistantItems(3000, toolCall("c1", "lookup")))
                    .add(toolResults(4000, "c1", "found"))
                    .add(assistantItems(5000, assistantItem("hello")))
                    .add(usage(5100))
                    .add(turnEnd(5200, 1))
                    .add(runOutcome(5300, "\"finished\"", false))
                    .add(locked(5400, "locked", 3))
                    .add(hookInjected(6000, "reminder"))
                    .add(configChanged(6100, 2048))
                    .add(unlocked(6200))
                    .add(turnEnd(6300, 2))
                    .add(runOutcome(6400, "{\"error\":{\"message\":\"stopped\"}}", true));
        }
    }

    static final SegmentId SEGMENT = SegmentId.parse("0190f0a1-0000-7000-8000-0000000000aa");

    static SessionLogFile read(String text) {
        return read(text, SessionLogOptions.defaults());
    }

    static SessionLogFile read(String text, SessionLogOptions options) {
        return SessionLogFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "logs/" + SEGMENT + ".jsonl", options);
    }

    static ChainReport.Break onlyBreak(ChainReport report) {
        assertEquals(1, report.breaks().size(), report.breaks().toString());
        return report.breaks().get(0);
    }

    @Nested
    @DisplayName("the old chain")
    class OldChain {

        /** Computed with Python's hashlib over the bytes written out by hand (see the commit's notes). */
        static final String KNOWN_HASH_1 = "4df0124ed9be18d533e61e7f9b522e3897f2797a5d785f5c40c87cbe83cff050";
        static final String KNOWN_HASH_2 = "e2611d37bfb9b2c0a62c8a56217378a3d1f8778c35843911e24a735e4a09be80";
        /** serde_json escapes: \n, \t and \" by name, U+0001 and U+001F as lowercase backslash-u escapes, \\ doubled, / and non-ASCII raw. */
        static final String KNOWN_ENTRY_1 = "{\"kind\":\"session_start\",\"ts\":1700000000000,"
                + "\"system_prompt\":\"Be brief.\\nSay \\\"hi\\\" \u2014 d\u00e9j\u00e0 \\u0001\\u001f\\t \\\\ /\","
                + "\"config\":{\"max_tokens\":1024,\"temperature\":0.7,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[]},"
                + "\"history\":[],\"forked_from\":null,\"compacted_from\":null}";
        static final String KNOWN_LINE_1 = "{\"hash\":\"" + KNOWN_HASH_1 + "\",\"prev_hash\":null,"
                + KNOWN_ENTRY_1.substring(1);
        static final String KNOWN_LINE_2 = "{\"hash\":\"" + KNOWN_HASH_2 + "\",\"prev_hash\":\"" + KNOWN_HASH_1
                + "\",\"kind\":\"turn_end\",\"ts\":1700000001000,\"turn_count\":1}";

        @Test
        void knownAnswerLines_verifyIntact() {
            SessionLogFile log = read(ChainedLines.join(List.of(KNOWN_LINE_1, KNOWN_LINE_2)));

            assertTrue(log.oldChain().intact(), log.oldChain().breaks().toString());
            assertTrue(log.oldChain().chained());
            assertEquals(2, log.oldChain().entriesChecked());
            assertEquals(List.of(EntryHash.parse(KNOWN_HASH_1), EntryHash.parse(KNOWN_HASH_2)), log.oldHashes());
            assertEquals(EntryHash.parse(KNOWN_HASH_2), log.oldHeadHash().orElseThrow());
            assertEquals("Be brief.\nSay \"hi\" \u2014 d\u00e9j\u00e0 \u0001\u001f\t \\ /",
                    ((LogEntry.SegmentStart) log.entries().get(0)).systemPrompt());
        }

        @Test
        void testLineBuilder_agreesWithTheKnownAnswer() {
            assertEquals(KNOWN_HASH_1, ChainedLines.sha256(new byte[32], KNOWN_ENTRY_1));
            assertEquals(KNOWN_LINE_1, new ChainedLines().add(KNOWN_ENTRY_1).lines().get(0));
        }

        @Test
        void knownAnswerLine_withOneCharacterChanged_isAltered() {
            String altered = KNOWN_LINE_1.replace("Be brief.", "Be BRIEF.");
            ChainReport.Break broken = onlyBreak(read(ChainedLines.join(List.of(altered, KNOWN_LINE_2))).oldChain());
            assertEquals(0, broken.position());
            assertEquals(ChainReport.Problem.ALTERED, broken.problem());
        }

        @Test
        void chainBuiltByTheOlderRules_verifiesIntact() {
            ChainedLines lines = ChainedLines.everyKind();
            SessionLogFile log = read(lines.text());

            assertTrue(log.oldChain().intact(), log.oldChain().breaks().toString());
            assertEquals(14, log.oldChain().entriesChecked());
            assertEquals(EntryHash.parse(lines.hash(13)), log.oldHeadHash().orElseThrow());
            assertEquals(SEGMENT, log.oldChain().segmentId());
        }

        @Test
        void hashFieldsAnywhereInTheLine_andOtherWhitespace_stillVerify() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1)).add(ChainedLines.turnEnd(2, 1));
            List<String> moved = lines.lines();
            moved.set(1, "{ \"kind\": \"turn_end\", \"prev_hash\": \"" + lines.hash(0) + "\", \"ts\": 2,"
                    + " \"turn_count\": 1, \"hash\": \"" + lines.hash(1) + "\" }\r");

            assertTrue(read(ChainedLines.join(moved)).oldChain().intact());
        }

        @Test
        void alteredLine_isReportedAtItsPosition() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.set(6, lines.get(6).replace("\"turn_count\":1", "\"turn_count\":5"));

            ChainReport.Break broken = onlyBreak(read(ChainedLines.join(lines)).oldChain());
            assertEquals(6, broken.position());
            assertEquals(ChainReport.Problem.ALTERED, broken.problem());
        }

        @Test
        void numberRewrittenInAnotherForm_isAltered() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.set(10, lines.get(10).replace("\"temperature\":0.5", "\"temperature\":0.50"));

            ChainReport.Break broken = onlyBreak(read(ChainedLines.join(lines)).oldChain());
            assertEquals(10, broken.position());
            assertEquals(ChainReport.Problem.ALTERED, broken.problem());
        }

        @Test
        void removedLine_isReportedWhereTheGapIs() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.remove(4);

            ChainReport.Break broken = onlyBreak(read(ChainedLines.join(lines)).oldChain());
            assertEquals(4, broken.position());
            assertEquals(ChainReport.Problem.REMOVED, broken.problem());
        }

        @Test
        void reorderedLines_areReportedAtTheFirstMovedLine() {
            List<String> lines = ChainedLines.everyKind().lines();
            Collections.swap(lines, 8, 9);

            ChainReport.Break broken = onlyBreak(read(ChainedLines.join(lines)).oldChain());
            assertEquals(8, broken.position());
            assertEquals(ChainReport.Problem.REORDERED, broken.problem());
        }

        @Test
        void removedFirstLine_isRefused_forTheLogNoLongerOpensWithASessionStart() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.remove(0);

            CorruptDataException e = assertThrows(CorruptDataException.class, () -> read(ChainedLines.join(lines)));
            assertEquals(0, e.position());
            assertTrue(e.reason().contains("session_start"), e.reason());
        }

        @Test
        void brokenChain_stillConverts() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.remove(4);

            SessionLogFile log = read(ChainedLines.join(lines));
            assertEquals(11, log.entries().size());
            assertFalse(log.oldChain().intact());
            assertEquals(ImportedFrom.OldChain.BROKEN, log.mark().oldChain());
            assertEquals(5L, log.mark().brokenAtLine());
        }
    }

    @Nested
    @DisplayName("conversion")
    class Conversion {

        private final SessionId legacySession = SessionId.ofLegacySegment(SEGMENT);
        private final RequestConfig config = RequestConfig.DEFAULT.withMaxTokens(1024);

        private final ImportedFrom mark = new ImportedFrom(SEGMENT + ".jsonl", ImportedFrom.OldChain.INTACT, null, null);

        @Test
        void everyOlderKind_convertsToTheCurrentKinds() {
            SessionLogFile log = read(ChainedLines.everyKind().text());

            List<LogEntry> expected = List.of(
                    new LogEntry.SegmentStart(1000, legacySession, "Be helpful.", config, List.of(), null, null, mark,
                            UnknownFields.NONE),
                    new LogEntry.UserInput(2000, List.of(new InputPart.Text("hi"))),
                    new LogEntry.AssistantItem(3000, new HistoryItem.ToolCall("c1", "lookup", "{}")),
                    new LogEntry.ToolResult(4000, new HistoryItem.ToolResult("c1", "found", null, false)),
                    new LogEntry.AssistantItem(5000, HistoryItem.assistant("hello")),
                    new LogEntry.LlmUsage(5100, 3, 100, 80, 10, 7),
                    new LogEntry.TurnEnd(5200, 1),
                    new LogEntry.RunCompleted(5300, false, LogEntry.RunResult.FINISHED),
                    new LogEntry.AssistantItem(6000, HistoryItem.system("reminder")),
                    new LogEntry.ConfigChanged(6100, RequestConfig.DEFAULT.withMaxTokens(2048).withTemperature(0.5)),
                    new LogEntry.TurnEnd(6300, 2),
                    new LogEntry.RunErrored(6400, true, "stopped"));
            assertEquals(expected, log.entries());
            assertEquals(List.of("line 9: locked (locked_prefix_len 3) not imported: the current format has no cache lock",
                    "line 12: cache_unlocked not imported: the current format has no cache lock"), log.notes());
            assertEquals(List.of(), log.origins());
            assertEquals(SEGMENT, log.segmentId());
            assertEquals(legacySession, log.sessionId());
        }

        @Test
        void cacheLocked_isLeftOut_andNoted() {
            SessionLogFile log = read(new ChainedLines().add(ChainedLines.start(1))
                    .add(ChainedLines.locked(2, "cache_locked", 9)).text());

            assertEquals(1, log.entries().size());
            assertEquals(1, log.entriesThroughLine(1));
            assertTrue(log.notes().get(0).startsWith("line 2: cache_locked (locked_prefix_len 9) not imported"),
                    log.notes().toString());
        }

        @Test
        void cacheLockOfTheWrongType_isStillCorrupt() {
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> read(new ChainedLines()
                    .add(ChainedLines.start(1)).add("{\"kind\":\"locked\",\"ts\":2,\"locked_prefix_len\":\"nine\"}").text()));

            assertEquals(1, e.position());
        }

        @Test
        void entryTaggedByType_andItemsTaggedByKind_areRead() {
            SessionLogFile log = read(new ChainedLines()
                    .add(ChainedLines.start(1).replace("\"kind\":\"session_start\"", "\"type\":\"session_start\""))
                    .add("{\"type\":\"assistant_items\",\"ts\":2,\"items\":[{\"kind\":\"message\",\"role\":\"assistant\","
                            + "\"content\":[{\"kind\":\"text\",\"text\":\"ok\"}]},{\"type\":\"reasoning\",\"kind\":\"reasoning\","
                            + "\"id\":\"rs_1\",\"text\":\"think\",\"summary\":[\"s\"],\"status\":\"completed\"}]}")
                    .text());

            assertEquals(List.of(new LogEntry.AssistantItem(2, HistoryItem.assistant("ok")),
                    new LogEntry.AssistantItem(2, new HistoryItem.Reasoning("think", List.of("s"), null, null))),
                    log.entries().subList(1, 3));
        }

        @Test
        void typeTaggedItemsWithIdAndStatus_inTheSeedHistory_areRead() {
            SessionLogFile log = read(new ChainedLines().add("{\"kind\":\"session_start\",\"ts\":1,\"system_prompt\":null,"
                    + "\"config\":" + ChainedLines.CONFIG + ",\"history\":[" + ChainedLines.userItem("q") + ","
                    + ChainedLines.assistantItem("a") + "," + ChainedLines.toolCall("c9", "t") + "]}").text());

            LogEntry.SegmentStart start = (LogEntry.SegmentStart) log.entries().get(0);
            assertNull(start.systemPrompt());
            assertEquals(List.of(HistoryItem.user("q"), HistoryItem.assistant("a"), new HistoryItem.ToolCall("c9", "t", "{}")),
                    start.history());
        }

        @Test
        void missingOptionalFields_takeTheirDefaults() {
            SessionLogFile log = read(new ChainedLines().add("{\"kind\":\"session_start\",\"ts\":1}")
                    .add("{\"kind\":\"assistant_items\",\"ts\":2}").text());

            assertEquals(List.of(new LogEntry.SegmentStart(1, legacySession, null, RequestConfig.DEFAULT, List.of(), null,
                    null, mark, UnknownFields.NONE)), log.entries());
            assertEquals(List.of("line 2: assistant_items without items: nothing to import"), log.notes());
        }

        @Test
        void unknownConfigFields_areKept() {
            SessionLogFile log = read(new ChainedLines().add("{\"kind\":\"session_start\",\"ts\":1,\"config\":"
                    + "{\"max_tokens\":5,\"parallel_tool_calls\":true}}").text());

            assertEquals(Map.of("parallel_tool_calls", RawJson.of("true")),
                    ((LogEntry.SegmentStart) log.entries().get(0)).config().unknownFields());
        }

        @Test
        void userInputOfAMultiPartMessage_isKeptAsAnAssistantItem_asTheRuntimesClassifierDid_andSaidSo() {
            SessionLogFile log = read(new ChainedLines().add(ChainedLines.start(1))
                    .add("{\"kind\":\"user_input\",\"ts\":2,\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
                            + "[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}}").text());

            HistoryItem.Message twoParts = new HistoryItem.Message(HistoryItem.Role.USER,
                    List.of(new HistoryItem.Content.Text("a"), new HistoryItem.Content.Text("b")));
            assertEquals(new LogEntry.AssistantItem(2, twoParts), log.entries().get(1));
            assertEquals(List.of(twoParts), log.replay().history());
            assertEquals(1, log.notes().size());
            assertTrue(log.notes().get(0).startsWith("line 2:"), log.notes().get(0));
        }

        @Test
        void replay_followsTheOlderSemantics() {
            SessionLogFile log = read(ChainedLines.everyKind().text());

            var state = log.replay();
            assertEquals(List.of(HistoryItem.user("hi"), new HistoryItem.ToolCall("c1", "lookup", "{}"),
                    new HistoryItem.ToolResult("c1", "found", null, false), HistoryItem.assistant("hello"),
                    HistoryItem.system("reminder")), state.history());
            assertEquals(2, state.turnCount());
            assertTrue(state.lastRunInterrupted());
            assertEquals(0, state.lockedPrefixLen());
            assertEquals(2048, state.config().maxTokens());
            assertEquals(1, state.usageHistory().size());
            assertEquals(List.of(), state.danglingToolCalls());
            assertEquals(12, state.entriesCount());
        }

        @Test
        void newChain_isTheCurrentCanonicalLinkOfTheEntries() {
            SessionLogFile log = read(ChainedLines.everyKind().text());

            assertEquals(HashChain.link(null, log.entries()), log.chainedEntries());
            assertEquals(log.chainedEntries().get(11).hash(), log.headHash());
        }

        @Test
        void givenSession_isRecorded() {
            SessionId session = SessionId.generate();
            SessionLogFile log = read(ChainedLines.everyKind().text(), SessionLogOptions.defaults().withSession(session));

            assertEquals(session, log.sessionId());
            assertEquals(session, ((LogEntry.SegmentStart) log.entries().get(0)).sessionId());
        }
    }

    @Nested
    @DisplayName("lineage")
    class Lineage {
        private final SegmentId sourceId = SegmentId.parse("0190f0a1-0000-7000-8000-0000000000bb");
        private final ChainedLines sourceLines = ChainedLines.everyKind();

        private SessionLogFile source() {
            return SessionLogFile.read(new ByteArrayInputStream(sourceLines.text().getBytes(StandardCharsets.UTF_8)),
                    sourceId + ".jsonl", SessionLogOptions.defaults());
        }

        private String forkAt(String atHash) {
            return new ChainedLines().add(ChainedLines.forkedStart(10_000, sourceId, atHash))
                    .add(ChainedLines.userInput(10_001, "again")).text();
        }

        @Test
        void forkWithoutItsSource_keepsTheSourceAtTurnZero_andSaysSo() {
            SessionLogFile fork = read(forkAt(sourceLines.hash(7)));

            SessionLogFile.Origin origin = fork.origins().get(0);
            assertFalse(origin.resolved());
            assertEquals(SessionLogFile.Relation.FORKED_FROM, origin.relation());
            assertEquals(EntryHash.parse(sourceLines.hash(7)), origin.oldAtHash());
            assertEquals(new SegmentOrigin(sourceId, 0), origin.converted());
            assertEquals(new SegmentOrigin(sourceId, 0), ((LogEntry.SegmentStart) fork.entries().get(0)).forkedFrom());
            assertTrue(fork.notes().get(0).contains("not resolved"), fork.notes().toString());
            assertEquals(SessionId.ofLegacySegment(SEGMENT), fork.sessionId());
        }

        @Test
        void forkWithItsSource_resolvesAtEntryAndTurn_andPointsAtTheSourcesNewChain() {
            SessionLogFile source = source();
            SessionLogFile fork = read(forkAt(sourceLines.hash(7)), SessionLogOptions.defaults().withSources(List.of(source)));

            SessionLogFile.Origin origin = fork.origins().get(0);
            assertTrue(origin.resolved());
            assertEquals(new SegmentOrigin(sourceId, 1, 8L, source.chainedEntries().get(7).hash()), origin.converted());
            assertEquals(origin.converted(), ((LogEntry.SegmentStart) fork.entries().get(0)).forkedFrom());
            assertEquals(List.of(), fork.notes());
            assertEquals(SessionId.ofLegacySegment(SEGMENT), fork.sessionId());
        }

        @Test
        void forkAtALineThatBecameNoEntry_isCutAfterTheEntriesBeforeIt() {
            SessionLogFile source = source();
            // Line 8 is a cache lock, which is not imported: the cut keeps the 8 entries lines 0-7 became.
            SessionLogFile fork = read(forkAt(sourceLines.hash(8)), SessionLogOptions.defaults().withSources(List.of(source)));

            assertEquals(8, source.entriesThroughLine(8));
            assertEquals(new SegmentOrigin(sourceId, 1, 8L, source.chainedEntries().get(7).hash()),
                    fork.origins().get(0).converted());
        }

        @Test
        void compactionWithItsSource_resolvesToo() {
            SessionLogFile source = source();
            String compacted = new ChainedLines().add(ChainedLines.forkedStart(10_000, sourceId, sourceLines.hash(13))
                    .replace("\"forked_from\"", "\"compacted_from\"").replace(",\"compacted_from\":null", "")).text();
            SessionLogFile log = read(compacted, SessionLogOptions.defaults().withSourceLookup(
                    id -> id.equals(sourceId) ? java.util.Optional.of(source) : java.util.Optional.empty()));

            LogEntry.SegmentStart start = (LogEntry.SegmentStart) log.entries().get(0);
            assertNull(start.forkedFrom());
            assertEquals(new SegmentOrigin(sourceId, 2, 12L, source.headHash()), start.compactedFrom());
            assertEquals(SessionLogFile.Relation.COMPACTED_FROM, log.origins().get(0).relation());
        }

        @Test
        void sessionFromSource_putsTheForkInTheSourcesSession() {
            SessionLogFile source = source();
            SessionLogFile fork = read(forkAt(sourceLines.hash(2)),
                    SessionLogOptions.defaults().withSources(List.of(source)).withSessionFromSource(true));

            assertEquals(source.sessionId(), fork.sessionId());
            assertEquals(SessionId.ofLegacySegment(sourceId), fork.sessionId());
        }

        @Test
        void atHashNotInTheGivenSource_isNotResolved_andSaidSo() {
            SessionLogFile fork = read(forkAt("ab".repeat(32)), SessionLogOptions.defaults().withSources(List.of(source())));

            assertFalse(fork.origins().get(0).resolved());
            assertEquals(new SegmentOrigin(sourceId, 0), fork.origins().get(0).converted());
            assertTrue(fork.notes().get(0).contains("no line of"), fork.notes().toString());
        }
    }

    @Nested
    @DisplayName("malformed lines")
    class Malformed {

        private CorruptDataException refused(List<String> lines) {
            return assertThrows(CorruptDataException.class, () -> read(ChainedLines.join(lines)));
        }

        private List<String> withLine(int position, String line) {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.set(position, line);
            return lines;
        }

        private void assertRefusedAt(long position, String reasonPart, CorruptDataException e) {
            assertEquals(position, e.position(), e.getMessage());
            assertTrue(e.reason().contains(reasonPart), e.reason());
            assertTrue(e.reason().contains("line " + (position + 1)), e.reason());
            assertEquals(SEGMENT, e.segmentId().orElseThrow());
        }

        @Test
        void notJson() {
            assertRefusedAt(2, "malformed JSON", refused(withLine(2, "{\"hash\":")));
        }

        @Test
        void notAnObject() {
            assertRefusedAt(3, "one JSON object", refused(withLine(3, "[1,2]")));
        }

        @Test
        void trailingData() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.set(3, lines.get(3) + " {}");
            assertRefusedAt(3, "trailing", refused(lines));
        }

        @Test
        void unknownEntryKind() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1)).add("{\"kind\":\"teleport\",\"ts\":2}");
            assertRefusedAt(1, "unknown session log entry kind 'teleport'", refused(lines.lines()));
        }

        @Test
        void currentFormatKind_isNamedAsSuch() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add("{\"kind\":\"segment_start\",\"ts\":2}");
            assertRefusedAt(1, "current format", refused(lines.lines()));
        }

        @Test
        void unknownHistoryItemType() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add(ChainedLines.assistantItems(2, "{\"type\":\"image\",\"url\":\"x\"}"));
            assertRefusedAt(1, "unknown history item kind 'image'", refused(lines.lines()));
        }

        @Test
        void unknownContentPartType() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add(ChainedLines.userInput(2, "x").replace("{\"type\":\"text\",\"text\"", "{\"type\":\"audio\",\"text\""));
            assertRefusedAt(1, "unknown message content kind 'audio'", refused(lines.lines()));
        }

        @Test
        void missingTag() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1)).add("{\"ts\":2,\"turn_count\":1}");
            assertRefusedAt(1, "no 'kind' or 'type' tag", refused(lines.lines()));
        }

        @Test
        void tagsThatDisagree() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add("{\"kind\":\"turn_end\",\"type\":\"cache_unlocked\",\"ts\":2,\"turn_count\":1}");
            assertRefusedAt(1, "disagree", refused(lines.lines()));
        }

        @Test
        void missingRequiredField() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1)).add("{\"kind\":\"turn_end\",\"ts\":2}");
            assertRefusedAt(1, "turn_count", refused(lines.lines()));
        }

        @Test
        void wrongValueType() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add("{\"kind\":\"turn_end\",\"ts\":\"yesterday\",\"turn_count\":1}");
            assertRefusedAt(1, "ts", refused(lines.lines()));
        }

        @Test
        void userInputWithoutItem() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1)).add("{\"kind\":\"user_input\",\"ts\":2}");
            assertRefusedAt(1, "user_input has neither an item nor segments", refused(lines.lines()));
        }

        @Test
        void missingHash() {
            assertRefusedAt(1, "no 'hash'", refused(withLine(1, ChainedLines.turnEnd(2, 1))));
        }

        @Test
        void hashNotLowercaseHex() {
            List<String> lines = ChainedLines.everyKind().lines();
            String hash = lines.get(4).substring(9, 73);
            lines.set(4, lines.get(4).replace(hash, hash.toUpperCase(java.util.Locale.ROOT)));
            assertRefusedAt(4, "'hash'", refused(lines));
        }

        @Test
        void badOriginSessionId() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.forkedStart(1, SEGMENT, "ab".repeat(32))
                    .replace(SEGMENT.toString(), "../../etc/passwd"));
            assertRefusedAt(0, "forked_from", refused(lines.lines()));
        }

        @Test
        void originWithoutAtHash() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.forkedStart(1, SEGMENT, "ab".repeat(32))
                    .replace(",\"at_hash\":\"" + "ab".repeat(32) + "\"", ""));
            assertRefusedAt(0, "forked_from.at_hash is missing", refused(lines.lines()));
        }

        @Test
        void firstLineIsNotASessionStart() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.turnEnd(1, 1));
            assertRefusedAt(0, "opens with a session_start", refused(lines.lines()));
        }

        @Test
        void duplicateKey() {
            ChainedLines lines = new ChainedLines().add(ChainedLines.start(1))
                    .add("{\"kind\":\"turn_end\",\"ts\":2,\"turn_count\":1,\"turn_count\":2}");
            assertRefusedAt(1, "malformed JSON", refused(lines.lines()));
        }

        @Test
        void emptyLineInsideTheLog() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.add(5, "");
            assertRefusedAt(5, "empty line", refused(lines));
        }

        @Test
        void trailingEmptyLines_areIgnored() {
            assertEquals(14, read(ChainedLines.everyKind().text() + "\n\n").oldChain().entriesChecked());
        }

        @Test
        void lastLineWithoutNewline_isRead() {
            String text = ChainedLines.everyKind().text();
            assertEquals(14, read(text.substring(0, text.length() - 1)).oldChain().entriesChecked());
        }

        @Test
        void tornLastLine_isRefused_andCalledSo() {
            String text = ChainedLines.everyKind().text();
            CorruptDataException e = assertThrows(CorruptDataException.class,
                    () -> read(text.substring(0, text.length() - 20)));
            assertRefusedAt(13, "no newline", e);
        }

        @Test
        void emptyLog() {
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> read(""));
            assertEquals(0, e.position());
            assertTrue(e.reason().contains("no entries"), e.reason());
        }

        @Test
        void lineOverTheCodecLimit() {
            SessionLogOptions small = SessionLogOptions.defaults().withCodec(EntryCodec.withLimits(new CodecLimits(600, 50, 1000)));
            List<String> lines = ChainedLines.everyKind().lines();
            lines.set(2, "{\"x\":\"" + "a".repeat(2000) + "\"}");
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> read(ChainedLines.join(lines), small));
            assertRefusedAt(2, "longer than", e);
        }
    }

    @Nested
    @DisplayName("the old session id")
    class Naming {

        @Test
        void isReadFromTheFileName(@TempDir Path dir) throws IOException {
            Path file = dir.resolve(SEGMENT + ".jsonl");
            Files.writeString(file, ChainedLines.everyKind().text());

            SessionLogFile log = SessionLogFile.read(file);
            assertEquals(SEGMENT, log.segmentId());
            assertEquals(file.toString(), log.sourceName());
        }

        @Test
        void aNameWithoutIt_isRefused_unlessGiven(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("session.jsonl");
            Files.writeString(file, ChainedLines.everyKind().text());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionLogFile.read(file));
            assertTrue(e.getMessage().contains("withSegmentId"), e.getMessage());
            assertEquals(SEGMENT, SessionLogFile.read(file, SessionLogOptions.defaults().withSegmentId(SEGMENT)).segmentId());
        }

        @Test
        void missingFile_isABackendFailure(@TempDir Path dir) {
            Path file = dir.resolve(SEGMENT + ".jsonl");
            BackendException e = assertThrows(BackendException.class, () -> SessionLogFile.read(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }

        @Test
        void segmentIdFromName_takesTheStemOfTheLastPathElement() {
            assertEquals(SEGMENT, SessionLogFile.segmentIdFromName("a/b\\" + SEGMENT + ".jsonl").orElseThrow());
            assertEquals(SEGMENT, SessionLogFile.segmentIdFromName(SEGMENT.toString()).orElseThrow());
            assertTrue(SessionLogFile.segmentIdFromName(SEGMENT + "x.jsonl").isEmpty());
            assertTrue(SessionLogFile.segmentIdFromName(SEGMENT + "/log.jsonl").isEmpty());
        }
    }
}
