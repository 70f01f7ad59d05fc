package dev.segmentlog.spi.codec;

import dev.segmentlog.core.ExtensionPayload;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.UnknownFields;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Small factories for codec tests: one entry of every kind, one item of every variant. */
@SuppressWarnings("deprecation") // the older spellings are fixtures too
public final class CodecFixtures {

    static final SessionId SESSION = SessionId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
    static final SegmentId SEGMENT = SegmentId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d");
    static final SegmentId SOURCE = SegmentId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c");

    private CodecFixtures() {
    }

    static RequestConfig fullConfig() {
        return new RequestConfig(2048, 0.7, 0.95, 40, List.of("STOP", "\n\n"),
                new RequestConfig.Reasoning.Effort("high"),
                Map.of("zeta", RawJson.of("{\"a\":[1,2.50,-0,1e400]}"), "alpha", RawJson.of("\"x\"")));
    }

    static RequestConfig budgetConfig() {
        return RequestConfig.DEFAULT.withReasoning(new RequestConfig.Reasoning.Budget(8000)).withTemperature(1.0);
    }

    static List<HistoryItem> everyHistoryItem() {
        return List.of(
                HistoryItem.user("hi"),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                        List.of(new HistoryItem.Content.Text("sure"), new HistoryItem.Content.Refusal("no"))),
                HistoryItem.system("be brief"),
                new HistoryItem.Message(HistoryItem.Role.USER, List.of()),
                new HistoryItem.ToolCall("c1", "get_weather", "{\"city\":\"Tokyo\"}"),
                new HistoryItem.ToolResult("c1", "Sunny", null, false),
                new HistoryItem.ToolResult("c2", "failed", "stack trace…", true),
                new HistoryItem.Reasoning("thinking", List.of(), null, null),
                new HistoryItem.Reasoning("", List.of("step 1", "step 2"), "ENC==", "sig"),
                new HistoryItem.ToolResult("c3", "attached", null,
                        List.of(new HistoryItem.Attachment.Image("image/png", "iVBORw0KGgo="),
                                new HistoryItem.Attachment.Unknown("audio",
                                        RawJson.of("{\"kind\":\"audio\",\"seconds\":2}"))),
                        false, UnknownFields.of("pruned", "true")),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                        List.of(new HistoryItem.Content.Text("x", UnknownFields.of("cache", "{\"ttl\":5}")),
                                new HistoryItem.Content.Unknown("image", RawJson.of("{\"kind\":\"image\",\"url\":\"u\"}"))),
                        UnknownFields.of("id", "\"msg_1\"", "status", "null")));
    }

    static List<InputPart> everyInputPart() {
        return List.of(
                new InputPart.Text("Hello "),
                new InputPart.Paste(1, 12, 2, "line1\nline2\n"),
                new InputPart.Paste(InputPart.MAX_U32, 0, 0, "", UnknownFields.of("origin", "\"clipboard\"")),
                new InputPart.PasteWithTextId("paste-1", 6, 1, "pasted", UnknownFields.NONE),
                new InputPart.Flow("review/strict"),
                new InputPart.FileRef("src/Main.java"),
                new InputPart.KnowledgeRef("style-guide"),
                new InputPart.WorkflowInvoke("deploy"),
                new InputPart.Unknown("voice_note", RawJson.of("{\"kind\":\"voice_note\",\"seconds\":3.5,\"n\":[]}")));
    }

    static List<SystemItem> everySystemItem() {
        return List.of(
                new SystemItem.Notification("build done", "<notification>build done</notification>"),
                new SystemItem.PodEvent(RawJson.of("{\"type\":\"restarted\",\"count\":2}"), "pod restarted"),
                new SystemItem.WorkerEvent(RawJson.of("{\"kind\":\"turn_ended\",\"worker_name\":\"child\"}"),
                        "worker `child` finished a turn", provenance(), UnknownFields.NONE),
                new SystemItem.SkillActivation("pdf", "Skill text"),
                new SystemItem.TaskReminder("task_inactivity", "remember tasks", null, UnknownFields.NONE),
                new SystemItem.TaskReminder(null, "legacy reminder", null, UnknownFields.NONE),
                new SystemItem.Interrupt("interrupted", provenance(), UnknownFields.of("extra", "[1]")),
                new SystemItem.Workflow("old-flow", null),
                new SystemItem.FileAttachment("a.txt", "contents of a.txt"),
                new SystemItem.Knowledge("style-guide", "Use tabs."),
                new SystemItem.Workflow("deploy", "Deploy steps"),
                new SystemItem.Unknown("alarm", "wake up",
                        RawJson.of("{\"kind\":\"alarm\",\"body\":\"wake up\",\"at\":{\"h\":7}}")));
    }

    static SystemItem.PromptProvenance provenance() {
        return new SystemItem.PromptProvenance("ws-1", 7, "sha256:aa", "sha256:bb", "notify_wrapper", UnknownFields.NONE);
    }

    public static LogEntry.SegmentStart segmentStart(SegmentOrigin forkedFrom, SegmentOrigin compactedFrom) {
        return new LogEntry.SegmentStart(1000, SESSION, "You are helpful.", fullConfig(), everyHistoryItem(),
                forkedFrom, compactedFrom);
    }

    /** One entry of every kind, legacy kinds included, each with non-default values. */
    static List<LogEntry> everyKind() {
        return List.of(
                segmentStart(null, null),
                segmentStart(new SegmentOrigin(SOURCE, 2), null),
                new LogEntry.SegmentStart(1001, SESSION, null, RequestConfig.DEFAULT, List.of(), null,
                        new SegmentOrigin(SOURCE, 0)),
                new LogEntry.Invoke(1100, LogEntry.Trigger.USER_SEND),
                new LogEntry.Invoke(1101, LogEntry.Trigger.WAKEUP),
                new LogEntry.Invoke(1102, LogEntry.Trigger.WORKER_EVENT),
                new LogEntry.Invoke(1103, LogEntry.Trigger.POD_EVENT, UnknownFields.of("source", "\"cron\"")),
                new LogEntry.UserInput(2000, everyInputPart()),
                new LogEntry.UserInput(2001, List.of(new InputPart.Text("go")),
                        List.of(new ExtensionPayload("flow.runtime.v1", RawJson.of("{\"state\":\"implement\"}"))),
                        UnknownFields.NONE),
                new LogEntry.AssistantItem(3000, new HistoryItem.ToolCall("c1", "f", "{}")),
                new LogEntry.ToolResult(3500, new HistoryItem.ToolResult("c1", "ok", "full", true)),
                new LogEntry.SystemItemEntry(3550, new SystemItem.Notification("m", "b")),
                new LogEntry.TurnEnd(3560, 3),
                new LogEntry.RunCompleted(3600, false, LogEntry.RunResult.LIMIT_REACHED),
                new LogEntry.RunErrored(3610, true, "provider timed out"),
                new LogEntry.PausedTurnAbandoned(3615),
                new LogEntry.ConfigChanged(3620, budgetConfig()),
                new LogEntry.LlmUsage(3630, 7, 12_000_000_000L, 100, 200, 300),
                new LogEntry.Extension(3640, "planner", RawJson.of("{\"plan\":[\"a\",\"b\"],\"done\":false}")),
                new LogEntry.Locked(3650, 5),
                new LogEntry.CacheUnlocked(3660),
                new LogEntry.RunOutcome(3700, RawJson.of("{\"error\":{\"message\":\"boom\"}}"), true),
                new LogEntry.AssistantItems(3710, everyHistoryItem()),
                new LogEntry.ToolResults(3720, List.of(new HistoryItem.ToolResult("c9", "s", null, false))),
                new LogEntry.HookInjectedItems(3730, List.of(HistoryItem.system("hook"))),
                new LogEntry.SystemItems(3740, everySystemItem()),
                new LogEntry.Unknown("teleport", OptionalLong.of(3750),
                        RawJson.of("{\"kind\":\"teleport\",\"ts\":3750,\"to\":{\"x\":1}}")),
                new LogEntry.Unknown("marker", OptionalLong.empty(), RawJson.of("{\"kind\":\"marker\"}")));
    }
}
