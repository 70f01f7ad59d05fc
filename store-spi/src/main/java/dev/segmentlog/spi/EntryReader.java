package dev.segmentlog.spi;

import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads entries in the wire format with a streaming parser, straight into the core records.
 *
 * <p>Lenient where old logs need it: fields may come in any order, unknown fields are skipped,
 * missing lists are empty, missing nullable fields are null, a missing config is
 * {@link RequestConfig#DEFAULT}, a {@code segment_start} without {@code session_id} belongs to the
 * session of its own segment. Strict everywhere else: an unknown entry kind, a missing required
 * field or a value of the wrong type is a {@link WireException} naming the kind and the field.
 *
 * <p>Tagged objects are read in one pass when {@code kind} is their first field (always so for
 * what this codec writes); otherwise the object is buffered first to find its kind.
 */
final class EntryReader {

    private static final Map<String, EntryKind> ENTRY_KINDS = new HashMap<>();

    static {
        for (EntryKind kind : EntryKind.values()) {
            ENTRY_KINDS.put(kind.wireName(), kind);
        }
        ENTRY_KINDS.put("cache_locked", EntryKind.LOCKED); // older seed's name for `locked`
    }

    private static final Map<String, LogEntry.Trigger> TRIGGERS = new HashMap<>();
    private static final Map<String, LogEntry.RunResult> RESULTS = new HashMap<>();
    private static final Map<String, HistoryItem.Role> ROLES = new HashMap<>();

    static {
        for (LogEntry.Trigger trigger : LogEntry.Trigger.values()) {
            TRIGGERS.put(trigger.wireName(), trigger);
        }
        for (LogEntry.RunResult result : LogEntry.RunResult.values()) {
            RESULTS.put(result.wireName(), result);
        }
        for (HistoryItem.Role role : HistoryItem.Role.values()) {
            ROLES.put(role.wireName(), role);
        }
    }

    /** Reads the rest of a tagged object whose kind is known. */
    private interface TaggedBody<T> {
        /**
         * @param kind     the object's {@code kind}
         * @param p        positioned inside the object; a {@code kind} field may still come and is skipped
         * @param buffered the object's canonical text when it was buffered, else null
         * @param ctx      where the object is, for messages
         */
        T read(String kind, JsonParser p, String buffered, String ctx);
    }

    private final JsonFactory factory;

    EntryReader(JsonFactory factory) {
        this.factory = factory;
    }

    // ---------------------------------------------------------------- roots

    LogEntry readEntry(JsonParser p, SegmentId segment) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new WireException("an entry must be a JSON object, found " + describe(p.currentToken()));
        }
        LogEntry entry = readTagged(p, "entry", (kind, q, buffered, ctx) -> readEntryBody(kind, q, segment));
        requireEnd(p);
        return entry;
    }

    TraceEntry readTrace(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new WireException("a trace entry must be a JSON object, found " + describe(p.currentToken()));
        }
        Long ts = null;
        RawJson event = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            switch (name) {
                case "ts":
                    ts = longValue(p, "trace", name);
                    break;
                case "event":
                    event = raw(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        requireEnd(p);
        return new TraceEntry(require(ts, "trace", "ts"), require(event, "trace", "event"));
    }

    /** Reads one JSON value of any shape and returns it in canonical compact form. */
    RawJson readCanonical(JsonParser p) {
        if (p.nextToken() == null) {
            throw new WireException("no JSON value");
        }
        RawJson value = raw(p);
        requireEnd(p);
        return value;
    }

    private static void requireEnd(JsonParser p) {
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new WireException("trailing data after the JSON value: " + describe(trailing));
        }
    }

    // ---------------------------------------------------------------- entries

    private LogEntry readEntryBody(String wireKind, JsonParser p, SegmentId segment) {
        EntryKind kind = ENTRY_KINDS.get(wireKind);
        if (kind == null) {
            throw new WireException("unknown entry kind '" + wireKind + "'");
        }
        String ctx = kind.wireName();
        switch (kind) {
            case SEGMENT_START:
                return readSegmentStart(p, segment);
            case INVOKE: {
                Long ts = null;
                LogEntry.Trigger trigger = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("trigger")) {
                        trigger = enumValue(p, ctx, name, TRIGGERS);
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.Invoke(require(ts, ctx, "ts"), require(trigger, ctx, "trigger"));
            }
            case USER_INPUT: {
                Long ts = null;
                List<InputPart> parts = List.of();
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("segments")) {
                        parts = readParts(p, "user_input.segments");
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.UserInput(require(ts, ctx, "ts"), parts);
            }
            case ASSISTANT_ITEM:
            case TOOL_RESULT: {
                Long ts = null;
                HistoryItem item = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("item")) {
                        item = readHistoryItem(p, ctx + ".item");
                    } else {
                        p.skipChildren();
                    }
                }
                long at = require(ts, ctx, "ts");
                item = require(item, ctx, "item");
                return kind == EntryKind.ASSISTANT_ITEM ? new LogEntry.AssistantItem(at, item)
                        : new LogEntry.ToolResult(at, item);
            }
            case SYSTEM_ITEM: {
                Long ts = null;
                SystemItem item = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("item")) {
                        item = readSystemItem(p, "system_item.item");
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.SystemItemEntry(require(ts, ctx, "ts"), require(item, ctx, "item"));
            }
            case TURN_END: {
                Long ts = null;
                Integer turnCount = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("turn_count")) {
                        turnCount = intValue(p, ctx, name);
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.TurnEnd(require(ts, ctx, "ts"), require(turnCount, ctx, "turn_count"));
            }
            case RUN_COMPLETED:
            case RUN_ERRORED: {
                Long ts = null;
                Boolean interrupted = null;
                LogEntry.RunResult result = null;
                String message = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("interrupted")) {
                        interrupted = boolValue(p, ctx, name);
                    } else if (name.equals("result") && kind == EntryKind.RUN_COMPLETED) {
                        result = enumValue(p, ctx, name, RESULTS);
                    } else if (name.equals("message") && kind == EntryKind.RUN_ERRORED) {
                        message = string(p, ctx, name);
                    } else {
                        p.skipChildren();
                    }
                }
                long at = require(ts, ctx, "ts");
                boolean wasInterrupted = require(interrupted, ctx, "interrupted");
                return kind == EntryKind.RUN_COMPLETED
                        ? new LogEntry.RunCompleted(at, wasInterrupted, require(result, ctx, "result"))
                        : new LogEntry.RunErrored(at, wasInterrupted, require(message, ctx, "message"));
            }
            case CONFIG_CHANGED: {
                Long ts = null;
                RequestConfig config = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("config")) {
                        config = readConfig(p, "config_changed.config");
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.ConfigChanged(require(ts, ctx, "ts"), require(config, ctx, "config"));
            }
            case LLM_USAGE:
                return readUsage(p, ctx);
            case EXTENSION: {
                Long ts = null;
                String domain = null;
                RawJson payload = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("domain")) {
                        domain = string(p, ctx, name);
                    } else if (name.equals("payload")) {
                        payload = raw(p);
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.Extension(require(ts, ctx, "ts"), require(domain, ctx, "domain"),
                        require(payload, ctx, "payload"));
            }
            case LOCKED: {
                Long ts = null;
                Integer locked = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("locked_prefix_len")) {
                        locked = intValue(p, ctx, name);
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.Locked(require(ts, ctx, "ts"), require(locked, ctx, "locked_prefix_len"));
            }
            case CACHE_UNLOCKED:
                return new LogEntry.CacheUnlocked(readTsOnly(p, ctx));
            case RUN_OUTCOME: {
                Long ts = null;
                RawJson outcome = null;
                Boolean interrupted = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("ts")) {
                        ts = longValue(p, ctx, name);
                    } else if (name.equals("outcome")) {
                        outcome = raw(p);
                    } else if (name.equals("interrupted")) {
                        interrupted = boolValue(p, ctx, name);
                    } else {
                        p.skipChildren();
                    }
                }
                return new LogEntry.RunOutcome(require(ts, ctx, "ts"), require(outcome, ctx, "outcome"),
                        require(interrupted, ctx, "interrupted"));
            }
            case ASSISTANT_ITEMS:
            case TOOL_RESULTS:
            case HOOK_INJECTED_ITEMS:
            case SYSTEM_ITEMS:
                return readPlural(kind, p);
            default:
                throw new WireException("unsupported entry kind '" + wireKind + "'");
        }
    }

    private LogEntry.SegmentStart readSegmentStart(JsonParser p, SegmentId segment) {
        String ctx = "segment_start";
        Long ts = null;
        SessionId session = null;
        String systemPrompt = null;
        RequestConfig config = RequestConfig.DEFAULT;
        List<HistoryItem> history = List.of();
        SegmentOrigin forkedFrom = null;
        SegmentOrigin compactedFrom = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            switch (name) {
                case "ts":
                    ts = longValue(p, ctx, name);
                    break;
                case "session_id": {
                    String id = nullableString(p, ctx, name);
                    session = id == null ? null : SessionId.parse(id);
                    break;
                }
                case "system_prompt":
                    systemPrompt = nullableString(p, ctx, name);
                    break;
                case "config":
                    if (p.currentToken() != JsonToken.VALUE_NULL) {
                        config = readConfig(p, "segment_start.config");
                    }
                    break;
                case "history":
                    history = readHistory(p, "segment_start.history");
                    break;
                case "forked_from":
                    forkedFrom = readOrigin(p, "segment_start.forked_from");
                    break;
                case "compacted_from":
                    compactedFrom = readOrigin(p, "segment_start.compacted_from");
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (session == null) {
            if (segment == null) {
                throw new WireException("segment_start has no session_id and the segment is not known");
            }
            session = SessionId.ofLegacySegment(segment); // written before sessions existed
        }
        return new LogEntry.SegmentStart(require(ts, ctx, "ts"), session, systemPrompt, config, history,
                forkedFrom, compactedFrom);
    }

    private LogEntry.LlmUsage readUsage(JsonParser p, String ctx) {
        Long ts = null;
        Integer historyLen = null;
        Long inputTotal = null;
        Long cacheRead = null;
        Long cacheWrite = null;
        Long output = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            switch (name) {
                case "ts":
                    ts = longValue(p, ctx, name);
                    break;
                case "history_len":
                    historyLen = intValue(p, ctx, name);
                    break;
                case "input_total_tokens":
                    inputTotal = longValue(p, ctx, name);
                    break;
                case "cache_read_tokens":
                    cacheRead = longValue(p, ctx, name);
                    break;
                case "cache_write_tokens":
                    cacheWrite = longValue(p, ctx, name);
                    break;
                case "output_tokens":
                    output = longValue(p, ctx, name);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new LogEntry.LlmUsage(require(ts, ctx, "ts"), require(historyLen, ctx, "history_len"),
                require(inputTotal, ctx, "input_total_tokens"), require(cacheRead, ctx, "cache_read_tokens"),
                require(cacheWrite, ctx, "cache_write_tokens"), require(output, ctx, "output_tokens"));
    }

    private LogEntry readPlural(EntryKind kind, JsonParser p) {
        String ctx = kind.wireName();
        Long ts = null;
        List<HistoryItem> items = List.of();
        List<SystemItem> systemItems = List.of();
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals("ts")) {
                ts = longValue(p, ctx, name);
            } else if (name.equals("items")) {
                if (kind == EntryKind.SYSTEM_ITEMS) {
                    systemItems = readSystemItems(p, ctx + ".items");
                } else {
                    items = readHistory(p, ctx + ".items");
                }
            } else {
                p.skipChildren();
            }
        }
        long at = require(ts, ctx, "ts");
        switch (kind) {
            case ASSISTANT_ITEMS:
                return new LogEntry.AssistantItems(at, items);
            case TOOL_RESULTS:
                return new LogEntry.ToolResults(at, items);
            case HOOK_INJECTED_ITEMS:
                return new LogEntry.HookInjectedItems(at, items);
            default:
                return new LogEntry.SystemItems(at, systemItems);
        }
    }

    private long readTsOnly(JsonParser p, String ctx) {
        Long ts = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals("ts")) {
                ts = longValue(p, ctx, name);
            } else {
                p.skipChildren();
            }
        }
        return require(ts, ctx, "ts");
    }

    private SegmentOrigin readOrigin(JsonParser p, String ctx) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT, ctx, "an object");
        SegmentId segmentId = null;
        Integer atTurn = null;
        Long atEntry = null;
        EntryHash atHash = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals("segment_id")) {
                segmentId = SegmentId.parse(string(p, ctx, name));
            } else if (name.equals("at_turn_index")) {
                atTurn = intValue(p, ctx, name);
            } else if (name.equals("at_entry")) {
                atEntry = longValue(p, ctx, name);
            } else if (name.equals("at_hash")) {
                atHash = EntryHash.parse(string(p, ctx, name));
            } else {
                p.skipChildren();
            }
        }
        return new SegmentOrigin(require(segmentId, ctx, "segment_id"), require(atTurn, ctx, "at_turn_index"),
                atEntry, atHash);
    }

    // ---------------------------------------------------------------- config

    private RequestConfig readConfig(JsonParser p, String ctx) {
        expect(p, JsonToken.START_OBJECT, ctx, "an object");
        Integer maxTokens = null;
        Double temperature = null;
        Double topP = null;
        Integer topK = null;
        List<String> stopSequences = List.of();
        RequestConfig.Reasoning reasoning = null;
        Map<String, RawJson> unknown = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            switch (name) {
                case "max_tokens":
                    maxTokens = nullableInt(p, ctx, name);
                    break;
                case "temperature":
                    temperature = nullableDouble(p, ctx, name);
                    break;
                case "top_p":
                    topP = nullableDouble(p, ctx, name);
                    break;
                case "top_k":
                    topK = nullableInt(p, ctx, name);
                    break;
                case "stop_sequences":
                    stopSequences = readStrings(p, ctx, name);
                    break;
                case "reasoning":
                    reasoning = readReasoning(p, ctx);
                    break;
                default:
                    if (unknown == null) {
                        unknown = new TreeMap<>();
                    }
                    unknown.put(name, raw(p));
            }
        }
        return new RequestConfig(maxTokens, temperature, topP, topK, stopSequences, reasoning,
                unknown == null ? Map.of() : unknown);
    }

    private static RequestConfig.Reasoning readReasoning(JsonParser p, String ctx) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            return new RequestConfig.Reasoning.Effort(p.getString());
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return new RequestConfig.Reasoning.Budget(longValue(p, ctx, "reasoning"));
        }
        throw wrongType(p, ctx, "reasoning", "null, an effort label or an integer token budget");
    }

    // ---------------------------------------------------------------- history

    private List<HistoryItem> readHistory(JsonParser p, String ctx) {
        return readArray(p, ctx, this::readHistoryItem);
    }

    private HistoryItem readHistoryItem(JsonParser p, String ctx) {
        expect(p, JsonToken.START_OBJECT, ctx, "a history item object");
        return readTagged(p, ctx, this::readHistoryItemBody);
    }

    private HistoryItem readHistoryItemBody(String kind, JsonParser p, String buffered, String ctx) {
        switch (kind) {
            case "message": {
                HistoryItem.Role role = null;
                List<HistoryItem.Content> content = List.of();
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    if (name.equals("role")) {
                        role = enumValue(p, ctx, name, ROLES);
                    } else if (name.equals("content")) {
                        content = readContent(p, ctx + ".content");
                    } else {
                        p.skipChildren();
                    }
                }
                return new HistoryItem.Message(require(role, ctx, "role"), content);
            }
            case "tool_call": {
                String callId = null;
                String toolName = null;
                String arguments = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    switch (name) {
                        case "call_id":
                            callId = string(p, ctx, name);
                            break;
                        case "name":
                            toolName = string(p, ctx, name);
                            break;
                        case "arguments":
                            arguments = string(p, ctx, name);
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                return new HistoryItem.ToolCall(require(callId, ctx, "call_id"), require(toolName, ctx, "name"),
                        require(arguments, ctx, "arguments"));
            }
            case "tool_result": {
                String callId = null;
                String summary = null;
                String content = null;
                boolean isError = false;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    switch (name) {
                        case "call_id":
                            callId = string(p, ctx, name);
                            break;
                        case "summary":
                            summary = string(p, ctx, name);
                            break;
                        case "content":
                            content = nullableString(p, ctx, name);
                            break;
                        case "is_error":
                            isError = p.currentToken() != JsonToken.VALUE_NULL && boolValue(p, ctx, name);
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                return new HistoryItem.ToolResult(require(callId, ctx, "call_id"), require(summary, ctx, "summary"),
                        content, isError);
            }
            case "reasoning": {
                String text = null;
                List<String> summary = List.of();
                String encrypted = null;
                String signature = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    switch (name) {
                        case "text":
                            text = string(p, ctx, name);
                            break;
                        case "summary":
                            summary = readStrings(p, ctx, name);
                            break;
                        case "encrypted_content":
                            encrypted = nullableString(p, ctx, name);
                            break;
                        case "signature":
                            signature = nullableString(p, ctx, name);
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                return new HistoryItem.Reasoning(require(text, ctx, "text"), summary, encrypted, signature);
            }
            default:
                throw new WireException(ctx + ": unknown history item kind '" + kind + "'");
        }
    }

    private List<HistoryItem.Content> readContent(JsonParser p, String ctx) {
        return readArray(p, ctx, (q, partCtx) -> {
            expect(q, JsonToken.START_OBJECT, partCtx, "a content object");
            return readTagged(q, partCtx, EntryReader::readContentBody);
        });
    }

    private static HistoryItem.Content readContentBody(String kind, JsonParser p, String buffered, String ctx) {
        boolean text = kind.equals("text");
        if (!text && !kind.equals("refusal")) {
            throw new WireException(ctx + ": unknown message content kind '" + kind + "'");
        }
        String value = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals(kind)) { // the field is named like the kind: text / refusal
                value = string(p, ctx, name);
            } else {
                p.skipChildren();
            }
        }
        value = require(value, ctx, kind);
        return text ? new HistoryItem.Content.Text(value) : new HistoryItem.Content.Refusal(value);
    }

    // ---------------------------------------------------------------- input parts

    private List<InputPart> readParts(JsonParser p, String ctx) {
        return readArray(p, ctx, (q, partCtx) -> {
            expect(q, JsonToken.START_OBJECT, partCtx, "an input part object");
            return readTagged(q, partCtx, this::readPartBody);
        });
    }

    private InputPart readPartBody(String kind, JsonParser p, String buffered, String ctx) {
        switch (kind) {
            case "text":
                return new InputPart.Text(readSingleString(p, ctx, "content"));
            case "file_ref":
                return new InputPart.FileRef(readSingleString(p, ctx, "path"));
            case "knowledge_ref":
                return new InputPart.KnowledgeRef(readSingleString(p, ctx, "slug"));
            case "workflow_invoke":
                return new InputPart.WorkflowInvoke(readSingleString(p, ctx, "slug"));
            case "paste": {
                String id = null;
                Long chars = null;
                Long lines = null;
                String content = null;
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    switch (name) {
                        case "id":
                            id = string(p, ctx, name);
                            break;
                        case "chars":
                            chars = longValue(p, ctx, name);
                            break;
                        case "lines":
                            lines = longValue(p, ctx, name);
                            break;
                        case "content":
                            content = string(p, ctx, name);
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                return new InputPart.Paste(require(id, ctx, "id"), require(chars, ctx, "chars"),
                        require(lines, ctx, "lines"), require(content, ctx, "content"));
            }
            default: {
                // A newer writer's part: kept whole so that writing it back loses nothing.
                Unknown unknown = readUnknown(kind, p, buffered);
                return new InputPart.Unknown(kind, unknown.original);
            }
        }
    }

    /** Reads an object's fields, keeping only the string {@code field}, which is required. */
    private static String readSingleString(JsonParser p, String ctx, String field) {
        String value = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals(field)) {
                value = string(p, ctx, name);
            } else {
                p.skipChildren();
            }
        }
        return require(value, ctx, field);
    }

    // ---------------------------------------------------------------- system items

    private List<SystemItem> readSystemItems(JsonParser p, String ctx) {
        return readArray(p, ctx, this::readSystemItem);
    }

    private SystemItem readSystemItem(JsonParser p, String ctx) {
        expect(p, JsonToken.START_OBJECT, ctx, "a system item object");
        return readTagged(p, ctx, this::readSystemItemBody);
    }

    private SystemItem readSystemItemBody(String kind, JsonParser p, String buffered, String ctx) {
        String detailField;
        switch (kind) {
            case "notification":
                detailField = "message";
                break;
            case "pod_event":
                detailField = "event";
                break;
            case "file_attachment":
                detailField = "path";
                break;
            case "knowledge":
            case "workflow":
                detailField = "slug";
                break;
            default: {
                Unknown unknown = readUnknown(kind, p, buffered);
                if (unknown.body == null) {
                    throw new WireException(ctx + ": system item of unknown kind '" + kind
                            + "' has no string 'body', so it cannot be replayed");
                }
                return new SystemItem.Unknown(kind, unknown.body, unknown.original);
            }
        }
        String detail = null;
        RawJson event = null;
        String body = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals("body")) {
                body = string(p, ctx, name);
            } else if (name.equals(detailField)) {
                if (kind.equals("pod_event")) {
                    event = raw(p);
                } else {
                    detail = string(p, ctx, name);
                }
            } else {
                p.skipChildren();
            }
        }
        body = require(body, ctx, "body");
        switch (kind) {
            case "notification":
                return new SystemItem.Notification(require(detail, ctx, detailField), body);
            case "pod_event":
                return new SystemItem.PodEvent(require(event, ctx, detailField), body);
            case "file_attachment":
                return new SystemItem.FileAttachment(require(detail, ctx, detailField), body);
            case "knowledge":
                return new SystemItem.Knowledge(require(detail, ctx, detailField), body);
            default:
                return new SystemItem.Workflow(require(detail, ctx, detailField), body);
        }
    }

    // ---------------------------------------------------------------- tagged objects

    /** An object of a kind this version does not know: its canonical text and its string body, if any. */
    private static final class Unknown {
        final RawJson original;
        final String body;

        Unknown(RawJson original, String body) {
            this.original = original;
            this.body = body;
        }
    }

    /**
     * Reads the rest of an object of unknown kind. When it was not buffered, {@code kind} was its
     * first field and the parser is just after it, so the original is rebuilt as {@code kind}
     * followed by the remaining fields.
     */
    private Unknown readUnknown(String kind, JsonParser p, String buffered) {
        String body = null;
        String name;
        if (buffered != null) {
            while ((name = p.nextName()) != null) {
                if (p.nextToken() == JsonToken.VALUE_STRING && name.equals("body")) {
                    body = JsonCopy.string(p);
                } else {
                    p.skipChildren();
                }
            }
            return new Unknown(RawJson.of(buffered), body);
        }
        StringWriter text = new StringWriter(64);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeStringProperty("kind", kind);
            while ((name = p.nextName()) != null) {
                g.writeName(name);
                if (p.nextToken() == JsonToken.VALUE_STRING && name.equals("body")) {
                    body = JsonCopy.string(p);
                }
                JsonCopy.copyValue(p, g);
            }
            g.writeEndObject();
        }
        return new Unknown(RawJson.of(text.toString()), body);
    }

    /**
     * Reads a tagged object; the parser is on its START_OBJECT and is left on its END_OBJECT.
     * Fast path: {@code kind} is the first field. Otherwise the object is buffered in canonical
     * form, its kind looked up, and the buffer parsed again.
     */
    private <T> T readTagged(JsonParser p, String ctx, TaggedBody<T> body) {
        JsonToken first = p.nextToken();
        if (first == JsonToken.PROPERTY_NAME && p.currentName().equals("kind")) {
            p.nextToken();
            return body.read(string(p, ctx, "kind"), p, null, ctx);
        }
        String buffered = bufferObject(p);
        String kind = findKind(buffered, ctx);
        try (JsonParser again = factory.createParser(ObjectReadContext.empty(), buffered)) {
            again.nextToken();
            return body.read(kind, again, buffered, ctx);
        }
    }

    /** Copies the rest of the object whose first token after START_OBJECT is current. */
    private String bufferObject(JsonParser p) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            while (p.currentToken() == JsonToken.PROPERTY_NAME) {
                g.writeName(p.currentName());
                p.nextToken();
                JsonCopy.copyValue(p, g);
                p.nextToken();
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    private String findKind(String object, String ctx) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), object)) {
            p.nextToken();
            String name;
            while ((name = p.nextName()) != null) {
                p.nextToken();
                if (name.equals("kind")) {
                    return string(p, ctx, name);
                }
                p.skipChildren();
            }
        }
        throw new WireException("missing required field '" + ctx + ".kind'");
    }

    // ---------------------------------------------------------------- values

    private RawJson raw(JsonParser p) {
        JsonToken token = p.currentToken();
        switch (token) {
            // Common scalars need no generator.
            case VALUE_NULL:
                return RawJson.NULL;
            case VALUE_TRUE:
                return RawJson.of("true");
            case VALUE_FALSE:
                return RawJson.of("false");
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return RawJson.of(p.getString());
            default:
                StringWriter text = new StringWriter(64);
                try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), text)) {
                    JsonCopy.copyValue(p, g);
                }
                return RawJson.of(text.toString());
        }
    }

    private static String string(JsonParser p, String ctx, String field) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(p, ctx, field, "a string");
        }
        return JsonCopy.string(p);
    }

    private static String nullableString(JsonParser p, String ctx, String field) {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : string(p, ctx, field);
    }

    private static List<String> readStrings(JsonParser p, String ctx, String field) {
        return readArray(p, ctx + "." + field, (q, elementCtx) -> string(q, ctx, field + "[]"));
    }

    /** Reads one element of an array; the parser is on the element's first token. */
    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonParser p, String elementCtx);
    }

    /** An array (null reads as empty), each element read by {@code element} with the context {@code ctx[]}. */
    private static <T> List<T> readArray(JsonParser p, String ctx, ElementReader<T> element) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, JsonToken.START_ARRAY, ctx, "an array");
        List<T> values = new ArrayList<>();
        String elementCtx = ctx + "[]";
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(element.read(p, elementCtx));
        }
        return values;
    }

    private static long longValue(JsonParser p, String ctx, String field) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, ctx, field, "an integer");
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw new WireException(ctx + "." + field + ": integer out of range: " + p.getString());
        }
        return p.getLongValue();
    }

    private static int intValue(JsonParser p, String ctx, String field) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, ctx, field, "an integer");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw new WireException(ctx + "." + field + ": integer out of range: " + p.getString());
        }
        return p.getIntValue();
    }

    private static Integer nullableInt(JsonParser p, String ctx, String field) {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : intValue(p, ctx, field);
    }

    private static Double nullableDouble(JsonParser p, String ctx, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(p, ctx, field, "a number or null");
        }
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new WireException(ctx + "." + field + ": number out of range: " + p.getString());
        }
        return value;
    }

    private static boolean boolValue(JsonParser p, String ctx, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw wrongType(p, ctx, field, "true or false");
    }

    private static <E> E enumValue(JsonParser p, String ctx, String field, Map<String, E> byName) {
        String name = string(p, ctx, field);
        E value = byName.get(name);
        if (value == null) {
            throw new WireException(ctx + "." + field + ": unknown value '" + name + "', expected one of "
                    + new java.util.TreeSet<>(byName.keySet()));
        }
        return value;
    }

    private static void expect(JsonParser p, JsonToken token, String ctx, String what) {
        if (p.currentToken() != token) {
            throw new WireException(ctx + ": expected " + what + ", found " + describe(p.currentToken()));
        }
    }

    private static <T> T require(T value, String ctx, String field) {
        if (value == null) {
            throw new WireException("missing required field '" + ctx + "." + field + "'");
        }
        return value;
    }

    private static WireException wrongType(JsonParser p, String ctx, String field, String expected) {
        return new WireException(ctx + "." + field + ": expected " + expected + ", found "
                + describe(p.currentToken()));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.toString();
        }
    }
}
