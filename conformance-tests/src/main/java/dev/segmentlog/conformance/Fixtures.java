package dev.segmentlog.conformance;

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
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.UnknownFields;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entries the clauses write, built through the core model: public, so that clauses of an adapter's
 * own tests write the same entries (every kind and variant, awkward Unicode, large entries, entries
 * the codec refuses) instead of a copy of their own. Opaque JSON is put in the codec's canonical
 * form first, so a store that stores text returns exactly what was written.
 *
 * <p>Each instance has its own clock, which ticks one millisecond per entry built, so every entry has
 * its own {@code ts}; the clock is thread-safe.
 */
public final class Fixtures {

    /** Text that trips naive encoders: emoji (with ZWJ and skin tone), RTL with a bidi override, CJK, escapes, controls. */
    public static final String UNICODE = "héllo wörld — 日本語 — 😀👍🏽👨‍👩‍👧 — مرحبا بالعالم — שלום \u202Eevil\u202C — "
            + "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — tab\tnewline\ncr\r quote\" backslash\\ slash/ — \u0001\u001f\u007f — \u2028\u2029 — e\u0301";

    /** A JSON string literal of {@link #UNICODE}'s safe part, for opaque payloads. */
    private static final String UNICODE_JSON_STRING =
            "\"héllo — 日本語 — 😀👨‍👩‍👧 — مرحبا — שלום — tab\\tnewline\\n quote\\\" backslash\\\\\"";

    private static final EntryCodec CODEC = EntryCodec.standard();
    private static final long BASE_TS = 1_700_000_000_000L;

    private final AtomicLong clock = new AtomicLong(BASE_TS);

    /** Fixtures whose clock starts at a fixed instant of 2023. */
    public Fixtures() {}

    /** A clock that ticks one millisecond per reading, so every entry has its own ts. */
    public long tick() {
        return clock.incrementAndGet();
    }

    /**
     * {@code text} as opaque JSON in the codec's canonical form, as a store returns it.
     *
     * @throws dev.segmentlog.spi.InvalidEntryException if {@code text} is not JSON
     */
    public static RawJson json(String text) {
        return CODEC.canonicalJson(text);
    }

    /** A request config with every field set, vendor extras and a reasoning effort included. */
    public static RequestConfig richConfig() {
        return new RequestConfig(1024, 0.25, 0.875, 40, List.of("STOP", "\n\nHuman:", "🛑"),
                new RequestConfig.Reasoning.Effort("high"),
                Map.of("x_vendor", json("{\"cache\":true,\"tier\":\"pro\"}"), "y_list", json("[1,2,3]")));
    }

    /** A request config with only a reasoning budget. */
    public static RequestConfig budgetConfig() {
        return new RequestConfig(null, null, null, null, List.of(), new RequestConfig.Reasoning.Budget(2048), Map.of());
    }

    /**
     * Every history item variant: messages of each role with text, refusal and unknown parts, tool
     * call, tool results with and without attachments (an image and an unknown one), reasoning, and
     * members this version does not know.
     */
    public static List<HistoryItem> everyHistoryItem() {
        return List.of(
                HistoryItem.user("hello"),
                HistoryItem.assistant(UNICODE),
                HistoryItem.system("be brief"),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                        List.of(new HistoryItem.Content.Text("I can't"), new HistoryItem.Content.Refusal("refused: policy"))),
                new HistoryItem.Message(HistoryItem.Role.USER, List.of()),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                        List.of(new HistoryItem.Content.Text("x", UnknownFields.of("cache", "{\"ttl\":5}")),
                                new HistoryItem.Content.Unknown("image", json("{\"kind\":\"image\",\"url\":\"u\"}"))),
                        UnknownFields.of("id", "\"msg_1\"", "status", "null")),
                new HistoryItem.ToolCall("call_1", "get_weather", "{\"city\": \"Tokyo\",  \"unit\":\"C\"}"),
                new HistoryItem.ToolCall("call_2", "noop", ""),
                new HistoryItem.ToolResult("call_1", "Sunny, 25C", null, false),
                new HistoryItem.ToolResult("call_2", "failed", "stack trace\n at x", true),
                new HistoryItem.ToolResult("call_3", "attached", null,
                        List.of(new HistoryItem.Attachment.Image("image/png", "iVBORw0KGgo="),
                                new HistoryItem.Attachment.Unknown("audio", json("{\"kind\":\"audio\",\"seconds\":2}"))),
                        false, UnknownFields.of("pruned", "true")),
                new HistoryItem.Reasoning("thinking…", List.of(), null, null),
                new HistoryItem.Reasoning("", List.of("step 1", "step 2 😀"), "ZW5jcnlwdGVk", "sig-123"),
                new HistoryItem.Unknown("web_search_call", json("{\"kind\":\"web_search_call\",\"query\":\"日本語\"}")));
    }

    /** Every input part variant (pastes with a number and with a text id, a flow, an unknown part). */
    @SuppressWarnings("deprecation") // the older spellings are still read, so stores must keep them
    public static List<InputPart> everyInputPart() {
        return List.of(
                new InputPart.Text("Hello " + UNICODE),
                new InputPart.Paste(1, 11, 2, "line one\nline"),
                new InputPart.Paste(InputPart.MAX_U32, 0, 0, "", UnknownFields.of("origin", "\"clipboard\"")),
                new InputPart.PasteWithTextId("paste-1", 6, 1, "pasted", UnknownFields.NONE),
                new InputPart.FileRef("src/Main.java"),
                new InputPart.Flow("review/strict"),
                new InputPart.KnowledgeRef("style-guide"),
                new InputPart.WorkflowInvoke("deploy"),
                new InputPart.Unknown("voice_note", json("{\"kind\":\"voice_note\",\"seconds\":3}")));
    }

    /** Every system item variant, with and without prompt provenance, an unknown one included. */
    @SuppressWarnings("deprecation") // the older spellings are still read, so stores must keep them
    public static List<SystemItem> everySystemItem() {
        SystemItem.PromptProvenance provenance =
                new SystemItem.PromptProvenance("ws-1", 7, "sha256:aa", "sha256:bb", "notify_wrapper", UnknownFields.NONE);
        return List.of(
                new SystemItem.Notification("build finished", "[notification] build finished"),
                new SystemItem.Notification("deploy finished", "[notification] deploy finished", provenance, UnknownFields.NONE),
                new SystemItem.WorkerEvent(json("{\"kind\":\"turn_ended\",\"worker_name\":\"child\"}"), "worker child finished a turn",
                        provenance, UnknownFields.NONE),
                new SystemItem.PodEvent(json("{\"pod\":\"web-1\",\"phase\":\"Running\",\"restarts\":0}"), "pod web-1 is running"),
                new SystemItem.FileAttachment("docs/README.md", "# README\n" + UNICODE),
                new SystemItem.SkillActivation("pdf", "Skill: read PDFs"),
                new SystemItem.Knowledge("style-guide", "Use short sentences."),
                new SystemItem.Workflow("deploy", "Deploy steps: 1. build 2. ship"),
                new SystemItem.TaskReminder("task_inactivity", "remember your tasks", null, UnknownFields.NONE),
                new SystemItem.Interrupt("interrupted", provenance, UnknownFields.of("extra", "[1]")),
                new SystemItem.Unknown("alarm", "wake up", json("{\"kind\":\"alarm\",\"body\":\"wake up\",\"at\":7}")));
    }

    /** A segment_start of a new conversation with a seed history holding every history item. */
    public LogEntry.SegmentStart start(SessionId session) {
        return new LogEntry.SegmentStart(tick(), session, "You are helpful. " + UNICODE, richConfig(),
                everyHistoryItem(), null, null);
    }

    /** A minimal segment_start: no prompt, default config, empty history. */
    public LogEntry.SegmentStart plainStart(SessionId session) {
        return new LogEntry.SegmentStart(tick(), session, null, RequestConfig.DEFAULT, List.of(), null, null);
    }

    /**
     * After a start, one entry of every kind and every variant of each, legacy read-only kinds,
     * members this version does not know and entries of unknown kinds included.
     */
    public List<LogEntry> everyKindAfterStart() {
        List<LogEntry> entries = new ArrayList<>();
        for (LogEntry.Trigger trigger : LogEntry.Trigger.values()) {
            entries.add(new LogEntry.Invoke(tick(), trigger));
        }
        entries.add(new LogEntry.UserInput(tick(), everyInputPart()));
        entries.add(new LogEntry.UserInput(tick(), List.of()));
        entries.add(new LogEntry.UserInput(tick(), List.of(new InputPart.Text("go")),
                List.of(new ExtensionPayload("flow.runtime.v1", json("{\"state\":\"implement\"}"), UnknownFields.NONE)),
                UnknownFields.NONE));
        for (HistoryItem item : everyHistoryItem()) {
            entries.add(new LogEntry.AssistantItem(tick(), item));
        }
        entries.add(new LogEntry.ToolResult(tick(), new HistoryItem.ToolResult("call_1", "ok", "{\"t\":25}", false)));
        for (SystemItem item : everySystemItem()) {
            entries.add(new LogEntry.SystemItemEntry(tick(), item));
        }
        entries.add(new LogEntry.TurnEnd(tick(), 1));
        for (LogEntry.RunResult result : LogEntry.RunResult.values()) {
            entries.add(new LogEntry.RunCompleted(tick(), result == LogEntry.RunResult.PAUSED, result));
        }
        entries.add(new LogEntry.RunErrored(tick(), true, "boom: " + UNICODE));
        entries.add(new LogEntry.PausedTurnAbandoned(tick()));
        entries.add(new LogEntry.ConfigChanged(tick(), budgetConfig()));
        entries.add(new LogEntry.ConfigChanged(tick(), RequestConfig.DEFAULT));
        entries.add(new LogEntry.LlmUsage(tick(), 12, 1500, 1000, 200, 350));
        entries.add(new LogEntry.LlmUsage(tick(), 0, 0, 0, 0, 0));
        entries.add(new LogEntry.Extension(tick(), "acme.plan", json("{\"steps\":[\"a\",\"b\"],\"done\":false,\"n\":3}")));
        entries.add(new LogEntry.Extension(tick(), "acme.unicode", json(UNICODE_JSON_STRING)));
        entries.add(new LogEntry.Extension(tick(), "acme.scalar", json("42")));
        entries.add(new LogEntry.Extension(tick(), "acme.null", RawJson.NULL));
        entries.add(new LogEntry.Extension(tick(), "acme.empty", json("{}")));
        entries.add(new LogEntry.Locked(tick(), 7));
        entries.add(new LogEntry.CacheUnlocked(tick()));
        entries.add(new LogEntry.RunOutcome(tick(), json("{\"error\":{\"message\":\"boom\"}}"), true));
        entries.add(new LogEntry.RunOutcome(tick(), json("\"finished\""), false));
        entries.add(new LogEntry.AssistantItems(tick(), List.of(HistoryItem.assistant("a"),
                new HistoryItem.ToolCall("call_9", "ls", "{}"))));
        entries.add(new LogEntry.AssistantItems(tick(), List.of()));
        entries.add(new LogEntry.ToolResults(tick(), List.of(new HistoryItem.ToolResult("call_9", "2 files", null, false))));
        entries.add(new LogEntry.HookInjectedItems(tick(), List.of(HistoryItem.system("hook says hi"))));
        entries.add(new LogEntry.SystemItems(tick(), everySystemItem()));
        entries.add(new LogEntry.SystemItems(tick(), List.of()));
        entries.add(new LogEntry.Invoke(tick(), LogEntry.Trigger.USER_SEND, UnknownFields.of("source", "\"cron\"")));
        long ts = tick();
        entries.add(new LogEntry.Unknown("teleport", OptionalLong.of(ts), json("{\"kind\":\"teleport\",\"ts\":" + ts + ",\"to\":{\"x\":1}}")));
        entries.add(new LogEntry.Unknown("marker", OptionalLong.empty(), json("{\"kind\":\"marker\"}")));
        return entries;
    }

    /** Segment starts that exercise the optional fields: no prompt, forked, compacted. */
    public List<LogEntry.SegmentStart> startVariants(SessionId session, SegmentId source) {
        return List.of(
                new LogEntry.SegmentStart(tick(), session, null, RequestConfig.DEFAULT, List.of(), null, null),
                new LogEntry.SegmentStart(tick(), session, "", budgetConfig(), List.of(HistoryItem.user("u")),
                        new SegmentOrigin(source, 2), null),
                new LogEntry.SegmentStart(tick(), session, "summary prompt", richConfig(),
                        List.of(HistoryItem.assistant("summary of turns 1-3")), null, new SegmentOrigin(source, 0)));
    }

    /** A user input whose text is about {@code chars} characters (mostly ASCII, some multi-byte). */
    public LogEntry.UserInput largeUserInput(int chars) {
        return new LogEntry.UserInput(tick(), List.of(new InputPart.Text(largeText(chars))));
    }

    /** An extension whose payload is a JSON string of about {@code chars} characters. */
    public LogEntry.Extension largeExtension(int chars) {
        return new LogEntry.Extension(tick(), "acme.blob", json("{\"blob\":\"" + largeText(chars) + "\"}"));
    }

    private static String largeText(int chars) {
        StringBuilder text = new StringBuilder(chars + 16);
        String unit = "0123456789abcdefghijklmnopqrstuvwxyz é 😀 ";
        while (text.length() < chars) {
            text.append(unit);
        }
        return text.toString();
    }

    /** A small entry that says who wrote it: a user input with text {@code label}. */
    public LogEntry.UserInput marker(String label) {
        return new LogEntry.UserInput(tick(), List.of(new InputPart.Text(label)));
    }

    /**
     * A marker whose text is {@code label} followed by about {@code chars} characters of padding
     * (some multi-byte): big enough that a reader racing a writer could catch it half written.
     */
    public LogEntry.UserInput paddedMarker(String label, int chars) {
        return new LogEntry.UserInput(tick(), List.of(new InputPart.Text(label + " " + largeText(chars))));
    }

    /** {@code count} markers labelled {@code prefix} and their index. */
    public List<LogEntry> markers(String prefix, int count) {
        List<LogEntry> markers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            markers.add(marker(prefix + i));
        }
        return markers;
    }

    /** The label of a {@link #marker} entry, or null for any other entry. */
    public static String labelOf(LogEntry entry) {
        if (entry instanceof LogEntry.UserInput input && input.parts().size() == 1
                && input.parts().get(0) instanceof InputPart.Text text) {
            return text.content();
        }
        return null;
    }

    /** An entry the codec refuses: an extension whose payload is not valid JSON. */
    public LogEntry.Extension refused() {
        return new LogEntry.Extension(tick(), "acme.broken", RawJson.of("{not json"));
    }

    /** A trace entry whose event is {@code {"event": label}} ({@code label} must not need JSON escapes). */
    public TraceEntry trace(String label) {
        return new TraceEntry(tick(), json("{\"event\":\"" + label + "\"}"));
    }

    /** A trace entry the codec refuses. */
    public TraceEntry refusedTrace() {
        return new TraceEntry(tick(), RawJson.of("{not json"));
    }

    /** Recorded through {@code log}, three turns: tool use in turn 1, a config change and a system item in turn 2, turn 3 cut short mid-run. */
    public static SegmentId recordConversation(SegmentLog log) {
        SegmentId segment = log.create(new StartState("You are a coding agent.", Fixtures.richConfig(),
                List.of(HistoryItem.assistant("seed"))));
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveUserInput(segment, List.of(new InputPart.Text("list files "), new InputPart.FileRef("src")));
        log.saveDelta(segment, List.of(HistoryItem.user("list files @src"), new HistoryItem.ToolCall("c1", "ls", "{\"dir\":\"src\"}"),
                new HistoryItem.ToolResult("c1", "2 files", null, false), HistoryItem.assistant("There are 2 files.")));
        log.saveUsage(segment, 4, 100, 0, 10, 20);
        log.saveTurnEnd(segment, 1);
        log.saveRunCompleted(segment, LogEntry.RunResult.FINISHED, false);
        log.saveConfigChanged(segment, Fixtures.budgetConfig());
        log.saveInvoke(segment, LogEntry.Trigger.NOTIFY);
        log.appendSystemItem(segment, new SystemItem.Notification("ci green", "[ci] green"));
        log.saveUserInput(segment, List.of(new InputPart.Text("deploy")));
        log.saveDelta(segment, List.of(HistoryItem.assistant("Deploying.")));
        log.saveExtension(segment, "acme.plan", Fixtures.json("{\"step\":2}"));
        log.saveTurnEnd(segment, 2);
        log.saveRunErrored(segment, "timeout", true);
        log.saveInvoke(segment, LogEntry.Trigger.USER_SEND);
        log.saveUserInput(segment, List.of(new InputPart.Text("and now?")));
        log.saveDelta(segment, List.of(new HistoryItem.ToolCall("c2", "deploy", "{}")));
        return segment;
    }
}
