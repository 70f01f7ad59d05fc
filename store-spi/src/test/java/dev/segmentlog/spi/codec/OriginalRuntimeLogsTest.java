package dev.segmentlog.spi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.ExtensionPayload;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.UnknownContent;
import dev.segmentlog.core.UnknownEntryException;
import dev.segmentlog.core.UnknownFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Logs shaped exactly as each version of the original runtime (HareK02/yoi, crates/session-store)
 * writes them with serde: internally tagged enums ({@code kind} first, then the fields in
 * declaration order), {@code Option} fields written as {@code null} unless skipped when empty.
 * Each fixture names the commit whose types it follows. Every line decodes, replays to the state
 * the newest runtime gives, and encodes back to the same bytes (a rename the format made is
 * written under the current name, and said so).
 */
@SuppressWarnings("deprecation") // logs before the rename hold pod_event
class OriginalRuntimeLogsTest {

    static final SegmentId SEGMENT = SegmentId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d");
    static final String SOURCE = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c";
    static final String SESSION = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    static final String CONFIG = "{\"max_tokens\":1024,\"temperature\":0.5,\"top_p\":null,\"top_k\":null,"
            + "\"stop_sequences\":[],\"reasoning\":\"high\"}";
    static final String EMPTY_CONFIG = "{\"max_tokens\":null,\"temperature\":null,\"top_p\":null,\"top_k\":null,"
            + "\"stop_sequences\":[],\"reasoning\":null}";

    private static final EntryCodec CODEC = EntryCodec.standard();

    private static List<LogEntry> decode(List<String> lines) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            entries.add(CODEC.decode(lines.get(i), SEGMENT, i));
        }
        return entries;
    }

    /** Every line encodes back to its own bytes. */
    private static void assertEncodesBackUnchanged(List<String> lines) {
        List<LogEntry> entries = decode(lines);
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i), CODEC.encodeToString(entries.get(i)), "line " + i);
        }
    }

    /** Every line is fully understood: no unknown field, no unknown kind. */
    private static void assertFullyUnderstood(List<String> lines) {
        for (LogEntry entry : decode(lines)) {
            assertEquals(List.of(), UnknownContent.of(entry), entry.wireKind());
        }
    }

    private static RestoredState replay(List<String> lines) {
        return Replay.replay(decode(lines));
    }

    private static String start(String config) {
        return "{\"kind\":\"segment_start\",\"ts\":1000,\"session_id\":\"" + SESSION
                + "\",\"system_prompt\":\"You are helpful.\",\"config\":" + config + ",\"history\":[]}";
    }

    @Nested
    @DisplayName("90e83bf2: the first unchained log (session_start, origins naming session_id, plural kinds, pod_event)")
    class FirstUnchained {

        static final String SESSION_START = "{\"kind\":\"session_start\",\"ts\":1000,\"system_prompt\":\"You are helpful.\","
                + "\"config\":" + CONFIG + ",\"history\":[{\"kind\":\"message\",\"role\":\"user\",\"content\":"
                + "[{\"kind\":\"text\",\"text\":\"earlier\"}]}],"
                + "\"forked_from\":{\"session_id\":\"" + SOURCE + "\",\"at_turn_index\":1}}";

        static final List<String> LINES = List.of(
                SESSION_START,
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"user_send\"}",
                "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\",\"content\":\"see \"},"
                        + "{\"kind\":\"paste\",\"id\":1,\"chars\":11,\"lines\":2,\"content\":\"line1\\nline2\"},"
                        + "{\"kind\":\"file_ref\",\"path\":\"src/main.rs\"},{\"kind\":\"knowledge_ref\",\"slug\":\"style\"},"
                        + "{\"kind\":\"workflow_invoke\",\"slug\":\"deploy\"}]}",
                "{\"kind\":\"system_item\",\"ts\":1102,\"item\":{\"kind\":\"file_attachment\",\"path\":\"src/main.rs\","
                        + "\"body\":\"[File: src/main.rs]\\nfn main() {}\"}}",
                "{\"kind\":\"system_item\",\"ts\":1103,\"item\":{\"kind\":\"knowledge\",\"slug\":\"style\",\"body\":\"Use tabs.\"}}",
                "{\"kind\":\"system_item\",\"ts\":1104,\"item\":{\"kind\":\"workflow\",\"slug\":\"deploy\",\"body\":\"Deploy steps\"}}",
                "{\"kind\":\"assistant_item\",\"ts\":1200,\"item\":{\"kind\":\"reasoning\",\"text\":\"think\",\"summary\":[\"s1\"],"
                        + "\"encrypted_content\":\"ENC\",\"signature\":\"SIG\"}}",
                "{\"kind\":\"assistant_item\",\"ts\":1201,\"item\":{\"kind\":\"tool_call\",\"call_id\":\"call_1\","
                        + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Tokyo\\\"}\"}}",
                "{\"kind\":\"tool_result\",\"ts\":1202,\"item\":{\"kind\":\"tool_result\",\"call_id\":\"call_1\","
                        + "\"summary\":\"Sunny\",\"content\":\"Sunny, 25C\"}}",
                "{\"kind\":\"assistant_items\",\"ts\":1203,\"items\":[{\"kind\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[{\"kind\":\"text\",\"text\":\"Sunny in Tokyo.\"},{\"kind\":\"refusal\",\"refusal\":\"no\"}]}]}",
                "{\"kind\":\"llm_usage\",\"ts\":1204,\"history_len\":6,\"input_total_tokens\":1200,\"cache_read_tokens\":800,"
                        + "\"cache_write_tokens\":100,\"output_tokens\":42}",
                "{\"kind\":\"turn_end\",\"ts\":1300,\"turn_count\":1}",
                "{\"kind\":\"run_completed\",\"ts\":1301,\"interrupted\":false,\"result\":\"finished\"}",
                "{\"kind\":\"invoke\",\"ts\":1400,\"trigger\":\"pod_event\"}",
                "{\"kind\":\"system_item\",\"ts\":1401,\"item\":{\"kind\":\"pod_event\",\"event\":{\"kind\":\"turn_ended\","
                        + "\"pod_name\":\"child\"},\"body\":\"[Notification] pod `child` finished a turn\"}}",
                "{\"kind\":\"tool_results\",\"ts\":1402,\"items\":[{\"kind\":\"tool_result\",\"call_id\":\"call_2\","
                        + "\"summary\":\"denied\",\"is_error\":true}]}",
                "{\"kind\":\"system_items\",\"ts\":1403,\"items\":[{\"kind\":\"notification\",\"message\":\"m\",\"body\":\"b\"}]}",
                "{\"kind\":\"hook_injected_items\",\"ts\":1404,\"items\":[{\"kind\":\"message\",\"role\":\"system\","
                        + "\"content\":[{\"kind\":\"text\",\"text\":\"hook\"}]}]}",
                "{\"kind\":\"run_errored\",\"ts\":1405,\"interrupted\":true,\"message\":\"provider timed out\"}",
                "{\"kind\":\"config_changed\",\"ts\":1500,\"config\":{\"max_tokens\":null,\"temperature\":null,\"top_p\":null,"
                        + "\"top_k\":null,\"stop_sequences\":[\"STOP\"],\"reasoning\":2048}}",
                "{\"kind\":\"extension\",\"ts\":1600,\"domain\":\"pod.scope\",\"payload\":{\"allow\":[],\"deny\":[]}}");

        @Test
        void everyLineIsFullyUnderstood() {
            assertFullyUnderstood(LINES);
        }

        @Test
        void sessionStart_isReadAsASegmentStartOfTheSegmentsOwnSession() {
            LogEntry.SegmentStart start = assertInstanceOf(LogEntry.SegmentStart.class, decode(LINES).get(0));

            assertEquals(SessionId.ofLegacySegment(SEGMENT), start.sessionId());
            assertEquals(new SegmentOrigin(SegmentId.parse(SOURCE), 1), start.forkedFrom());
        }

        @Test
        void sessionStart_isWrittenUnderTheCurrentNames() {
            String written = CODEC.encodeToString(decode(LINES).get(0));

            assertEquals(SESSION_START.replace("\"session_start\",\"ts\":1000,", "\"segment_start\",\"ts\":1000,"
                            + "\"session_id\":\"" + SessionId.ofLegacySegment(SEGMENT) + "\",")
                    .replace("{\"session_id\":\"" + SOURCE, "{\"segment_id\":\"" + SOURCE), written);
        }

        @Test
        void everyOtherLine_encodesBackUnchanged() {
            assertEncodesBackUnchanged(LINES.subList(1, LINES.size()));
        }

        @Test
        void replay_givesTheHistoryTheNewestRuntimeRestores() {
            RestoredState state = replay(LINES);

            assertEquals(List.of(
                    HistoryItem.user("earlier"),
                    // knowledge_ref and workflow_invoke parts are no longer known: they flatten to nothing
                    HistoryItem.user("see line1\nline2@src/main.rs"),
                    HistoryItem.system("[File: src/main.rs]\nfn main() {}"),
                    HistoryItem.system(""), // knowledge: restored empty
                    HistoryItem.system("Ignored legacy procedure item: /deploy"),
                    new HistoryItem.Reasoning("think", List.of("s1"), "ENC", "SIG"),
                    new HistoryItem.ToolCall("call_1", "get_weather", "{\"city\":\"Tokyo\"}"),
                    new HistoryItem.ToolResult("call_1", "Sunny", "Sunny, 25C", false),
                    new HistoryItem.Message(HistoryItem.Role.ASSISTANT, List.of(
                            new HistoryItem.Content.Text("Sunny in Tokyo."), new HistoryItem.Content.Refusal("no"))),
                    HistoryItem.system("[Notification] pod `child` finished a turn"),
                    new HistoryItem.ToolResult("call_2", "denied", null, true),
                    HistoryItem.system("b"),
                    HistoryItem.system("hook")), state.history());
            assertEquals(1, state.turnCount());
            assertTrue(state.lastRunInterrupted());
            assertFalse(state.runInFlight());
            assertEquals(new RequestConfig(null, null, null, null, List.of("STOP"),
                    new RequestConfig.Reasoning.Budget(2048), java.util.Map.of()), state.config());
            assertEquals(Optional.of(RawJson.of("{\"allow\":[],\"deny\":[]}")), state.latestExtension("pod.scope"));
            assertEquals(1, state.usageHistory().size());
        }

        @Test
        void podEventTrigger_isKeptUnderItsOldName() {
            LogEntry.Invoke invoke = assertInstanceOf(LogEntry.Invoke.class, decode(LINES).get(13));

            assertEquals(LogEntry.Trigger.POD_EVENT, invoke.trigger());
        }
    }

    @Nested
    @DisplayName("22f5d023: segment_start without session_id, origins naming segment_id (the flat layout)")
    class SegmentsWithoutSessions {

        static final List<String> LINES = List.of(
                "{\"kind\":\"segment_start\",\"ts\":1000,\"system_prompt\":null,\"config\":" + EMPTY_CONFIG
                        + ",\"history\":[],\"compacted_from\":{\"segment_id\":\"" + SOURCE + "\",\"at_turn_index\":3}}",
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"notify\"}",
                "{\"kind\":\"system_item\",\"ts\":1101,\"item\":{\"kind\":\"notification\",\"message\":\"build done\","
                        + "\"body\":\"[Notification]\\nbuild done\"}}",
                "{\"kind\":\"turn_end\",\"ts\":1200,\"turn_count\":4}",
                "{\"kind\":\"run_completed\",\"ts\":1201,\"interrupted\":false,\"result\":\"yielded\"}");

        @Test
        void everyLine_isUnderstoodAndReadsBackUnchangedButTheStartGainsItsSession() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES.subList(1, LINES.size()));
            assertEquals(LINES.get(0).replace("\"ts\":1000,", "\"ts\":1000,\"session_id\":\""
                    + SessionId.ofLegacySegment(SEGMENT) + "\","), CODEC.encodeToString(decode(LINES).get(0)));
        }

        @Test
        void replay_restoresTheCompactedStart() {
            RestoredState state = replay(LINES);

            assertEquals(SessionId.ofLegacySegment(SEGMENT), state.sessionId());
            assertEquals(List.of(HistoryItem.system("[Notification]\nbuild done")), state.history());
            assertEquals(4, state.turnCount());
            assertFalse(state.lastRunInterrupted());
        }
    }

    @Nested
    @DisplayName("5edc4d3b: session_id in segment_start ({root}/{session}/{segment}.jsonl)")
    class Sessions {

        static final List<String> LINES = List.of(
                start(CONFIG),
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"user_send\"}",
                "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\",\"content\":\"hi\"}]}",
                "{\"kind\":\"assistant_item\",\"ts\":1102,\"item\":{\"kind\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[{\"kind\":\"text\",\"text\":\"hello\"}]}}",
                "{\"kind\":\"turn_end\",\"ts\":1103,\"turn_count\":1}",
                "{\"kind\":\"run_completed\",\"ts\":1104,\"interrupted\":false,\"result\":\"finished\"}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void replay_restoresSessionPromptConfigAndHistory() {
            RestoredState state = replay(LINES);

            assertEquals(SessionId.parse(SESSION), state.sessionId());
            assertEquals("You are helpful.", state.systemPrompt());
            assertEquals(RequestConfig.DEFAULT.withMaxTokens(1024).withTemperature(0.5)
                    .withReasoning(new RequestConfig.Reasoning.Effort("high")), state.config());
            assertEquals(List.of(HistoryItem.user("hi"), HistoryItem.assistant("hello")), state.history());
            assertFalse(state.lastRunInterrupted());
            assertFalse(state.runInFlight());
        }
    }

    @Nested
    @DisplayName("8c8fb014: paused_turn_abandoned, task_reminder and interrupt system items")
    class PausedTurnAbandoned {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"user_send\"}",
                "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\",\"content\":\"long task\"}]}",
                "{\"kind\":\"run_completed\",\"ts\":1102,\"interrupted\":true,\"result\":\"paused\"}",
                "{\"kind\":\"paused_turn_abandoned\",\"ts\":1103}",
                "{\"kind\":\"invoke\",\"ts\":1200,\"trigger\":\"system_reminder\"}",
                "{\"kind\":\"system_item\",\"ts\":1201,\"item\":{\"kind\":\"task_reminder\",\"source\":\"task_inactivity\","
                        + "\"body\":\"<system-reminder>\\nremember tasks\\n</system-reminder>\"}}",
                "{\"kind\":\"system_item\",\"ts\":1202,\"item\":{\"kind\":\"interrupt\",\"body\":\"The previous turn was interrupted.\"}}",
                "{\"kind\":\"run_completed\",\"ts\":1203,\"interrupted\":false,\"result\":\"limit_reached\"}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void pausedTurnAbandoned_clearsTheInterruption() {
            RestoredState state = replay(LINES.subList(0, 5));

            assertFalse(state.lastRunInterrupted());
            assertFalse(state.runInFlight());
        }

        @Test
        void reminderAndInterrupt_replayAsTheirBodies() {
            assertEquals(List.of(HistoryItem.user("long task"),
                    HistoryItem.system("<system-reminder>\nremember tasks\n</system-reminder>"),
                    HistoryItem.system("The previous turn was interrupted.")), replay(LINES).history());
        }

        @Test
        void taskReminderWithoutSource_asTheFirstReminders_isReadAndWrittenWithout() {
            String line = "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"task_reminder\",\"body\":\"b\"}}";
            LogEntry.SystemItemEntry entry = assertInstanceOf(LogEntry.SystemItemEntry.class, CODEC.decode(line, SEGMENT, 1));

            assertEquals(new SystemItem.TaskReminder(null, "b", null, UnknownFields.NONE), entry.item());
            assertEquals(line, CODEC.encodeToString(entry));
        }
    }

    @Nested
    @DisplayName("6c59fe92: pod_event renamed worker_event (trigger and system item)")
    class WorkerEvent {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"worker_event\"}",
                "{\"kind\":\"system_item\",\"ts\":1101,\"item\":{\"kind\":\"worker_event\",\"event\":{\"kind\":\"errored\","
                        + "\"worker_name\":\"child\",\"message\":\"boom\"},\"body\":\"worker `child` errored: boom\"}}",
                "{\"kind\":\"run_completed\",\"ts\":1102,\"interrupted\":false,\"result\":\"finished\"}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void workerEvent_isTypedAndReplaysAsItsBody() {
            List<LogEntry> entries = decode(LINES);

            assertEquals(LogEntry.Trigger.WORKER_EVENT, ((LogEntry.Invoke) entries.get(1)).trigger());
            assertInstanceOf(SystemItem.WorkerEvent.class, ((LogEntry.SystemItemEntry) entries.get(2)).item());
            assertEquals(List.of(HistoryItem.system("worker `child` errored: boom")), Replay.replay(entries).history());
        }

        @Test
        void newEntries_areWrittenUnderTheCurrentName() {
            assertEquals("{\"kind\":\"invoke\",\"ts\":5,\"trigger\":\"worker_event\"}",
                    CODEC.encodeToString(new LogEntry.Invoke(5, LogEntry.Trigger.WORKER_EVENT)));
        }
    }

    @Nested
    @DisplayName("d801b269 / f786e019: workflow items without body, knowledge retired")
    class WorkflowAndKnowledgeRetired {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                // What the runtime writes back for a workflow item it read: the slug only.
                "{\"kind\":\"system_item\",\"ts\":1101,\"item\":{\"kind\":\"workflow\",\"slug\":\"old-flow\"}}",
                "{\"kind\":\"system_item\",\"ts\":1102,\"item\":{\"kind\":\"knowledge\",\"slug\":\"style\",\"body\":\"Use tabs.\"}}",
                "{\"kind\":\"user_input\",\"ts\":1103,\"segments\":[{\"kind\":\"text\",\"content\":\"a\"},"
                        + "{\"kind\":\"knowledge_ref\",\"slug\":\"style\"}]}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void replay_followsTheRetirement() {
            assertEquals(List.of(HistoryItem.system("Ignored legacy procedure item: /old-flow"), HistoryItem.system(""),
                    HistoryItem.user("a")), replay(LINES).history());
        }
    }

    @Nested
    @DisplayName("62ef89a1: skill_activation system items")
    class SkillActivation {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"system_item\",\"ts\":1101,\"item\":{\"kind\":\"skill_activation\",\"name\":\"pdf\","
                        + "\"body\":\"# PDF skill\\nUse the pdf tool.\"}}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
            assertEquals(List.of(HistoryItem.system("# PDF skill\nUse the pdf tool.")), replay(LINES).history());
        }
    }

    @Nested
    @DisplayName("fd391ef7: a log that ends after an invoke restores an interrupted run")
    class TornAfterInvoke {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"invoke\",\"ts\":1100,\"trigger\":\"user_send\"}",
                "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\",\"content\":\"run the tool\"}]}",
                "{\"kind\":\"assistant_item\",\"ts\":1102,\"item\":{\"kind\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"rm\","
                        + "\"arguments\":\"{}\"}}");

        @Test
        void replay_marksTheRunInterruptedAndInFlightWithTheDanglingCall() {
            RestoredState state = replay(LINES);

            assertTrue(state.lastRunInterrupted());
            assertTrue(state.runInFlight());
            assertEquals(List.of(new HistoryItem.ToolCall("c1", "rm", "{}")), state.danglingToolCalls());
        }
    }

    @Nested
    @DisplayName("068ba9af: user_input.extensions and flow input parts")
    class ExtensionsAndFlow {

        static final String INPUT = "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\","
                + "\"content\":\"Flow instructions\"},{\"kind\":\"flow\",\"selector\":\"workspace:review\"},"
                + "{\"kind\":\"paste\",\"id\":2,\"chars\":6,\"lines\":1,\"content\":\"Ticket\"}],"
                + "\"extensions\":[{\"domain\":\"flow.runtime.v1\",\"payload\":{\"state\":\"implement\",\"revision\":0}}]}";

        static final List<String> LINES = List.of(start(EMPTY_CONFIG),
                "{\"kind\":\"extension\",\"ts\":1050,\"domain\":\"flow.runtime.v1\",\"payload\":{\"state\":\"plan\",\"revision\":0}}",
                INPUT);

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void input_isTyped() {
            LogEntry.UserInput input = assertInstanceOf(LogEntry.UserInput.class, decode(LINES).get(2));

            assertEquals(List.of(new InputPart.Text("Flow instructions"), new InputPart.Flow("workspace:review"),
                    new InputPart.Paste(2, 6, 1, "Ticket")), input.parts());
            assertEquals(List.of(new ExtensionPayload("flow.runtime.v1",
                    RawJson.of("{\"state\":\"implement\",\"revision\":0}"))), input.extensions());
        }

        @Test
        void replay_flattensTheFlowAndAddsTheExtensionAfterEarlierOnes() {
            RestoredState state = replay(LINES);

            assertEquals(List.of(HistoryItem.user("Flow instructions[Flow: workspace:review]Ticket")), state.history());
            assertEquals(List.of("flow.runtime.v1", "flow.runtime.v1"),
                    state.extensions().stream().map(LogEntry.Extension::domain).toList());
            assertEquals(Optional.of(RawJson.of("{\"state\":\"implement\",\"revision\":0}")),
                    state.latestExtension("flow.runtime.v1"));
        }

        @Test
        void anUnknownPart_asTheRuntimeWritesItBack_isKeptAndFlattensToNothing() {
            String line = "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[{\"kind\":\"text\",\"content\":\"a\"},"
                    + "{\"kind\":\"unknown\"}]}";

            assertEncodesBackUnchanged(List.of(line));
            assertEquals(List.of(HistoryItem.user("a")), replay(List.of(line)).history());
        }
    }

    @Nested
    @DisplayName("38b8f26a: tool_result attachments (base64 images)")
    class Attachments {

        static final String RESULT = "{\"kind\":\"tool_result\",\"ts\":1102,\"item\":{\"kind\":\"tool_result\","
                + "\"call_id\":\"call_image\",\"summary\":\"attached\",\"content\":\"see image\",\"attachments\":"
                + "[{\"kind\":\"image\",\"mime_type\":\"image/png\",\"data\":\"ZHVyYWJsZS1pbWFnZQ==\"}],\"is_error\":true}}";

        @Test
        void attachments_areTypedAndEncodeBackUnchanged() {
            LogEntry.ToolResult entry = assertInstanceOf(LogEntry.ToolResult.class, CODEC.decode(RESULT, SEGMENT, 1));

            assertEquals(new HistoryItem.ToolResult("call_image", "attached", "see image",
                    List.of(new HistoryItem.Attachment.Image("image/png", "ZHVyYWJsZS1pbWFnZQ==")), true,
                    UnknownFields.NONE), entry.item());
            assertFullyUnderstood(List.of(RESULT));
            assertEncodesBackUnchanged(List.of(RESULT));
        }

        @Test
        void replay_keepsTheAttachmentsInTheHistory() {
            HistoryItem.ToolResult result = assertInstanceOf(HistoryItem.ToolResult.class,
                    replay(List.of(start(EMPTY_CONFIG), RESULT)).history().get(0));

            assertEquals(1, result.attachments().size());
        }
    }

    @Nested
    @DisplayName("50b05051: prompt_provenance on notification, worker_event, task_reminder and interrupt items")
    class PromptProvenance {

        static final String PROVENANCE = "{\"workspace_id\":\"ws-1\",\"config_revision\":7,\"source_digest\":\"sha256:aa\","
                + "\"projection_digest\":\"sha256:bb\",\"logical_name\":\"notify_wrapper\"}";

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"system_item\",\"ts\":1101,\"item\":{\"kind\":\"notification\",\"message\":\"m\",\"body\":\"b\","
                        + "\"prompt_provenance\":" + PROVENANCE + "}}",
                "{\"kind\":\"system_item\",\"ts\":1102,\"item\":{\"kind\":\"worker_event\",\"event\":{\"kind\":\"shut_down\","
                        + "\"worker_name\":\"w\"},\"body\":\"worker `w` shut down\",\"prompt_provenance\":"
                        + PROVENANCE.replace("\"workspace_id\":\"ws-1\",", "") + "}}",
                "{\"kind\":\"system_item\",\"ts\":1103,\"item\":{\"kind\":\"task_reminder\",\"source\":\"task_inactivity\","
                        + "\"body\":\"remember tasks\",\"prompt_provenance\":" + PROVENANCE + "}}",
                "{\"kind\":\"system_item\",\"ts\":1104,\"item\":{\"kind\":\"interrupt\",\"body\":\"cut short\","
                        + "\"prompt_provenance\":" + PROVENANCE + "}}");

        @Test
        void everyLine_isUnderstoodAndEncodesBackUnchanged() {
            assertFullyUnderstood(LINES);
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void provenance_isTyped() {
            SystemItem.Notification item = assertInstanceOf(SystemItem.Notification.class,
                    ((LogEntry.SystemItemEntry) decode(LINES).get(1)).item());

            assertEquals(new SystemItem.PromptProvenance("ws-1", 7, "sha256:aa", "sha256:bb", "notify_wrapper",
                    UnknownFields.NONE), item.provenance());
        }

        @Test
        void replay_appendsTheBodies() {
            assertEquals(List.of(HistoryItem.system("b"), HistoryItem.system("worker `w` shut down"),
                    HistoryItem.system("remember tasks"), HistoryItem.system("cut short")), replay(LINES).history());
        }
    }

    @Nested
    @DisplayName("a future version: kinds and fields no version knows")
    class FutureVersion {

        static final List<String> LINES = List.of(
                start(EMPTY_CONFIG),
                "{\"kind\":\"user_input\",\"ts\":1101,\"segments\":[{\"kind\":\"text\",\"content\":\"a\",\"lang\":\"en\"}],"
                        + "\"origin\":{\"client\":\"tui\"}}",
                "{\"kind\":\"checkpoint\",\"ts\":1102,\"label\":\"before deploy\",\"refs\":[1,2]}",
                "{\"kind\":\"assistant_item\",\"ts\":1103,\"item\":{\"kind\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[{\"kind\":\"text\",\"text\":\"ok\"}],\"phase\":\"final\"}}");

        @Test
        void everyLine_encodesBackUnchanged() {
            assertEncodesBackUnchanged(LINES);
        }

        @Test
        void unknownContent_isReportedWithWhereItIs() {
            List<LogEntry> entries = decode(LINES);

            assertEquals(List.of("user_input.segments[0].lang: unknown field 'lang'",
                    "user_input.origin: unknown field 'origin'"),
                    UnknownContent.of(entries.get(1)).stream().map(Object::toString).toList());
            assertEquals(List.of("checkpoint: unknown entry kind 'checkpoint'"),
                    UnknownContent.of(entries.get(2)).stream().map(Object::toString).toList());
            assertEquals(List.of("assistant_item.item.phase: unknown field 'phase'"),
                    UnknownContent.of(entries.get(3)).stream().map(Object::toString).toList());
        }

        @Test
        void unknownKind_isKeptWithItsTs() {
            LogEntry.Unknown entry = assertInstanceOf(LogEntry.Unknown.class, decode(LINES).get(2));

            assertEquals("checkpoint", entry.wireKind());
            assertEquals(1102, entry.ts());
        }

        @Test
        void replay_failsClosedAtTheUnknownKind() {
            UnknownEntryException e = assertThrows(UnknownEntryException.class, () -> replay(LINES));

            assertEquals("checkpoint", e.kind());
            assertEquals(2, e.position());
        }

        @Test
        void replay_skippingUnknownKinds_countsThemAndKeepsTheRest() {
            RestoredState state = Replay.replay(decode(LINES), Replay.OnUnknown.SKIP);

            assertEquals(1, state.skippedEntries());
            assertEquals(4, state.entriesCount());
            assertEquals(List.of("a", "ok"), state.history().stream()
                    .map(item -> ((HistoryItem.Message) item).text()).toList());
        }
    }

    @Nested
    @DisplayName("trace files: {ts,turn,event} (cdafd5d9) and {ts,turn,llm_call,kind,…} (84165336)")
    class Traces {

        static final List<String> LINES = List.of(
                "{\"ts\":1000,\"turn\":0,\"event\":{\"Ping\":{\"timestamp\":null}}}",
                "{\"ts\":1001,\"turn\":1,\"llm_call\":3,\"kind\":\"stream_event\",\"event\":{\"BlockDelta\":{\"index\":0,"
                        + "\"delta\":{\"Text\":\"Hi\"}}}}",
                "{\"ts\":1002,\"turn\":1,\"kind\":\"lifecycle\",\"label\":\"request_sent\",\"data\":{\"attempt\":1}}",
                "{\"ts\":1003,\"turn\":1,\"llm_call\":3,\"kind\":\"lifecycle\",\"label\":\"stream_closed\"}",
                "{\"ts\":1004,\"event\":{\"segmentlog\":true}}");

        @Test
        void everyLine_readsAndEncodesBackUnchanged() {
            for (int i = 0; i < LINES.size(); i++) {
                TraceEntry entry = CODEC.decodeTrace(LINES.get(i).getBytes(StandardCharsets.UTF_8), SEGMENT, i);
                assertEquals(LINES.get(i), new String(CODEC.encodeTrace(entry), StandardCharsets.UTF_8));
            }
        }

        @Test
        void lifecycleLine_hasNoEventAndKeepsItsMembers() {
            TraceEntry entry = CODEC.decodeTrace(LINES.get(2).getBytes(StandardCharsets.UTF_8), SEGMENT, 2);

            assertEquals(Optional.empty(), entry.eventIfPresent());
            assertEquals(List.of("turn", "kind", "label", "data"), entry.fields().names());
        }
    }
}
