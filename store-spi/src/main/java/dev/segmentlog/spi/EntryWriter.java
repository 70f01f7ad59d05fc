package dev.segmentlog.spi;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes entries in the wire format of DESIGN section 4.5 with a streaming generator: {@code kind}
 * first, then {@code ts}, then the fields in the order the design lists them; optional fields
 * omitted when absent, except {@code system_prompt}. Stateless apart from its configuration, so
 * one instance serves every thread.
 */
final class EntryWriter {

    /** The config fields this version knows; an unknown field may not reuse one of these names. */
    static final Set<String> CONFIG_FIELDS =
            Set.of("max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "reasoning");
    static final Set<String> INPUT_PART_KINDS =
            Set.of("text", "paste", "file_ref", "knowledge_ref", "workflow_invoke");
    static final Set<String> SYSTEM_ITEM_KINDS =
            Set.of("notification", "pod_event", "file_attachment", "knowledge", "workflow");

    private final JsonFactory factory;
    private final int maxStringLength;
    private final int maxNameLength;

    EntryWriter(JsonFactory factory, CodecLimits limits) {
        this.factory = factory;
        this.maxStringLength = limits.maxStringLength();
        this.maxNameLength = factory.streamReadConstraints().getMaxNameLength();
    }

    // ---------------------------------------------------------------- entries

    void writeEntry(JsonGenerator g, LogEntry entry) {
        g.writeStartObject();
        g.writeStringProperty("kind", entry.kind().wireName());
        g.writeNumberProperty("ts", entry.ts());
        if (entry instanceof LogEntry.SegmentStart e) {
            string(g, "session_id", e.sessionId().toString());
            nullableString(g, "system_prompt", e.systemPrompt());
            g.writeName("config");
            writeConfig(g, e.config());
            g.writeName("history");
            writeHistory(g, e.history());
            origin(g, "forked_from", e.forkedFrom());
            origin(g, "compacted_from", e.compactedFrom());
        } else if (entry instanceof LogEntry.Invoke e) {
            g.writeStringProperty("trigger", e.trigger().wireName());
        } else if (entry instanceof LogEntry.UserInput e) {
            g.writeName("segments");
            writeParts(g, e.parts());
        } else if (entry instanceof LogEntry.AssistantItem e) {
            g.writeName("item");
            writeHistoryItem(g, e.item());
        } else if (entry instanceof LogEntry.ToolResult e) {
            g.writeName("item");
            writeHistoryItem(g, e.item());
        } else if (entry instanceof LogEntry.SystemItemEntry e) {
            g.writeName("item");
            writeSystemItem(g, e.item());
        } else if (entry instanceof LogEntry.TurnEnd e) {
            g.writeNumberProperty("turn_count", e.turnCount());
        } else if (entry instanceof LogEntry.RunCompleted e) {
            g.writeBooleanProperty("interrupted", e.interrupted());
            g.writeStringProperty("result", e.result().wireName());
        } else if (entry instanceof LogEntry.RunErrored e) {
            g.writeBooleanProperty("interrupted", e.interrupted());
            string(g, "message", e.message());
        } else if (entry instanceof LogEntry.ConfigChanged e) {
            g.writeName("config");
            writeConfig(g, e.config());
        } else if (entry instanceof LogEntry.LlmUsage e) {
            g.writeNumberProperty("history_len", e.historyLen());
            g.writeNumberProperty("input_total_tokens", e.inputTotalTokens());
            g.writeNumberProperty("cache_read_tokens", e.cacheReadTokens());
            g.writeNumberProperty("cache_write_tokens", e.cacheWriteTokens());
            g.writeNumberProperty("output_tokens", e.outputTokens());
        } else if (entry instanceof LogEntry.Extension e) {
            string(g, "domain", e.domain());
            g.writeName("payload");
            writeRawJson(g, e.payload(), "payload");
        } else if (entry instanceof LogEntry.Locked e) {
            g.writeNumberProperty("locked_prefix_len", e.lockedPrefixLen());
        } else if (entry instanceof LogEntry.CacheUnlocked) {
            // ts only
        } else if (entry instanceof LogEntry.RunOutcome e) {
            g.writeName("outcome");
            writeRawJson(g, e.outcome(), "outcome");
            g.writeBooleanProperty("interrupted", e.interrupted());
        } else if (entry instanceof LogEntry.AssistantItems e) {
            g.writeName("items");
            writeHistory(g, e.items());
        } else if (entry instanceof LogEntry.ToolResults e) {
            g.writeName("items");
            writeHistory(g, e.items());
        } else if (entry instanceof LogEntry.HookInjectedItems e) {
            g.writeName("items");
            writeHistory(g, e.items());
        } else if (entry instanceof LogEntry.SystemItems e) {
            g.writeName("items");
            g.writeStartArray();
            for (SystemItem item : e.items()) {
                writeSystemItem(g, item);
            }
            g.writeEndArray();
        } else {
            throw new WireException("unsupported entry type " + entry.getClass().getName());
        }
        g.writeEndObject();
    }

    void writeTrace(JsonGenerator g, TraceEntry entry) {
        g.writeStartObject();
        g.writeNumberProperty("ts", entry.ts());
        g.writeName("event");
        writeRawJson(g, entry.event(), "event");
        g.writeEndObject();
    }

    void writeState(JsonGenerator g, RestoredState state) {
        g.writeStartObject();
        nullableString(g, "session_id", state.sessionId() == null ? null : state.sessionId().toString());
        nullableString(g, "system_prompt", state.systemPrompt());
        g.writeName("config");
        writeConfig(g, state.config());
        g.writeName("history");
        writeHistory(g, state.history());
        g.writeNumberProperty("turn_count", state.turnCount());
        g.writeBooleanProperty("last_run_interrupted", state.lastRunInterrupted());
        g.writeBooleanProperty("run_in_flight", state.runInFlight());
        g.writeNumberProperty("locked_prefix_len", state.lockedPrefixLen());
        g.writeNumberProperty("entries_count", state.entriesCount());
        g.writeName("usage_history");
        g.writeStartArray();
        for (LogEntry.LlmUsage usage : state.usageHistory()) {
            writeEntry(g, usage);
        }
        g.writeEndArray();
        g.writeName("extensions");
        g.writeStartArray();
        for (LogEntry.Extension extension : state.extensions()) {
            writeEntry(g, extension);
        }
        g.writeEndArray();
        g.writeName("user_inputs");
        g.writeStartArray();
        for (List<InputPart> parts : state.userInputs()) {
            writeParts(g, parts);
        }
        g.writeEndArray();
        g.writeName("dangling_tool_calls");
        g.writeStartArray();
        for (HistoryItem.ToolCall call : state.danglingToolCalls()) {
            writeHistoryItem(g, call);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- config

    private void writeConfig(JsonGenerator g, RequestConfig config) {
        g.writeStartObject();
        nullableInt(g, "max_tokens", config.maxTokens());
        nullableDouble(g, "temperature", config.temperature());
        nullableDouble(g, "top_p", config.topP());
        nullableInt(g, "top_k", config.topK());
        g.writeName("stop_sequences");
        g.writeStartArray();
        for (String stop : config.stopSequences()) {
            checkLength(stop, "stop_sequences");
            g.writeString(stop);
        }
        g.writeEndArray();
        RequestConfig.Reasoning reasoning = config.reasoning();
        if (reasoning == null) {
            g.writeNullProperty("reasoning");
        } else if (reasoning instanceof RequestConfig.Reasoning.Effort effort) {
            string(g, "reasoning", effort.label());
        } else {
            g.writeNumberProperty("reasoning", ((RequestConfig.Reasoning.Budget) reasoning).tokens());
        }
        for (Map.Entry<String, RawJson> unknown : config.unknownFields().entrySet()) {
            String name = unknown.getKey();
            if (CONFIG_FIELDS.contains(name)) {
                throw new WireException("config: unknown field '" + name + "' has the name of a known field");
            }
            if (name.length() > maxNameLength) {
                throw new WireException("config: unknown field name is longer than " + maxNameLength
                        + " characters");
            }
            g.writeName(name);
            writeRawJson(g, unknown.getValue(), "config." + name);
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- history

    private void writeHistory(JsonGenerator g, List<HistoryItem> items) {
        g.writeStartArray();
        for (HistoryItem item : items) {
            writeHistoryItem(g, item);
        }
        g.writeEndArray();
    }

    void writeHistoryItem(JsonGenerator g, HistoryItem item) {
        g.writeStartObject();
        if (item instanceof HistoryItem.Message m) {
            g.writeStringProperty("kind", "message");
            g.writeStringProperty("role", m.role().wireName());
            g.writeName("content");
            g.writeStartArray();
            for (HistoryItem.Content content : m.content()) {
                g.writeStartObject();
                if (content instanceof HistoryItem.Content.Text text) {
                    g.writeStringProperty("kind", "text");
                    string(g, "text", text.text());
                } else {
                    g.writeStringProperty("kind", "refusal");
                    string(g, "refusal", ((HistoryItem.Content.Refusal) content).refusal());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (item instanceof HistoryItem.ToolCall c) {
            g.writeStringProperty("kind", "tool_call");
            string(g, "call_id", c.callId());
            string(g, "name", c.name());
            string(g, "arguments", c.arguments());
        } else if (item instanceof HistoryItem.ToolResult r) {
            g.writeStringProperty("kind", "tool_result");
            string(g, "call_id", r.callId());
            string(g, "summary", r.summary());
            optionalString(g, "content", r.content());
            if (r.isError()) {
                g.writeBooleanProperty("is_error", true);
            }
        } else if (item instanceof HistoryItem.Reasoning r) {
            g.writeStringProperty("kind", "reasoning");
            string(g, "text", r.text());
            if (!r.summary().isEmpty()) {
                g.writeName("summary");
                g.writeStartArray();
                for (String part : r.summary()) {
                    checkLength(part, "summary");
                    g.writeString(part);
                }
                g.writeEndArray();
            }
            optionalString(g, "encrypted_content", r.encryptedContent());
            optionalString(g, "signature", r.signature());
        } else {
            throw new WireException("unsupported history item type " + item.getClass().getName());
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- input parts

    private void writeParts(JsonGenerator g, List<InputPart> parts) {
        g.writeStartArray();
        for (InputPart part : parts) {
            writePart(g, part);
        }
        g.writeEndArray();
    }

    private void writePart(JsonGenerator g, InputPart part) {
        if (part instanceof InputPart.Unknown u) {
            if (INPUT_PART_KINDS.contains(u.kind())) {
                throw new WireException("unknown input part has the known kind '" + u.kind() + "'");
            }
            writeTaggedOriginal(g, u.original(), u.kind(), null, "segments[].original");
            return;
        }
        g.writeStartObject();
        if (part instanceof InputPart.Text t) {
            g.writeStringProperty("kind", "text");
            string(g, "content", t.content());
        } else if (part instanceof InputPart.Paste p) {
            g.writeStringProperty("kind", "paste");
            string(g, "id", p.id());
            g.writeNumberProperty("chars", p.chars());
            g.writeNumberProperty("lines", p.lines());
            string(g, "content", p.content());
        } else if (part instanceof InputPart.FileRef f) {
            g.writeStringProperty("kind", "file_ref");
            string(g, "path", f.path());
        } else if (part instanceof InputPart.KnowledgeRef k) {
            g.writeStringProperty("kind", "knowledge_ref");
            string(g, "slug", k.slug());
        } else if (part instanceof InputPart.WorkflowInvoke w) {
            g.writeStringProperty("kind", "workflow_invoke");
            string(g, "slug", w.slug());
        } else {
            throw new WireException("unsupported input part type " + part.getClass().getName());
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- system items

    private void writeSystemItem(JsonGenerator g, SystemItem item) {
        if (item instanceof SystemItem.Unknown u) {
            if (SYSTEM_ITEM_KINDS.contains(u.kind())) {
                throw new WireException("unknown system item has the known kind '" + u.kind() + "'");
            }
            writeTaggedOriginal(g, u.original(), u.kind(), u.body(), "item.original");
            return;
        }
        g.writeStartObject();
        if (item instanceof SystemItem.Notification n) {
            g.writeStringProperty("kind", "notification");
            string(g, "message", n.message());
        } else if (item instanceof SystemItem.PodEvent e) {
            g.writeStringProperty("kind", "pod_event");
            g.writeName("event");
            writeRawJson(g, e.event(), "event");
        } else if (item instanceof SystemItem.FileAttachment f) {
            g.writeStringProperty("kind", "file_attachment");
            string(g, "path", f.path());
        } else if (item instanceof SystemItem.Knowledge k) {
            g.writeStringProperty("kind", "knowledge");
            string(g, "slug", k.slug());
        } else if (item instanceof SystemItem.Workflow w) {
            g.writeStringProperty("kind", "workflow");
            string(g, "slug", w.slug());
        } else {
            throw new WireException("unsupported system item type " + item.getClass().getName());
        }
        string(g, "body", item.body());
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- opaque JSON

    /** Writes opaque JSON in canonical compact form, refusing anything but exactly one valid value. */
    void writeRawJson(JsonGenerator g, RawJson raw, String field) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), raw.text())) {
            if (p.nextToken() == null) {
                throw new WireException(field + ": empty JSON");
            }
            JsonCopy.copyValue(p, g);
            if (p.nextToken() != null) {
                throw new WireException(field + ": more than one JSON value");
            }
        } catch (JacksonException e) {
            throw new WireException(field + ": " + EntryCodec.describe(e), e);
        }
    }

    /**
     * Writes the original JSON of an unknown input part or system item, checking that it reads
     * back as the same unknown value: an object whose {@code kind} (and {@code body}, for a system
     * item) are the strings the record holds.
     */
    private void writeTaggedOriginal(JsonGenerator g, RawJson raw, String kind, String body, String field) {
        String foundKind = null;
        String foundBody = null;
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), raw.text())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException(field + ": not a JSON object");
            }
            g.writeStartObject();
            String name;
            while ((name = p.nextName()) != null) {
                g.writeName(name);
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("kind")) {
                    foundKind = p.getString();
                } else if (value == JsonToken.VALUE_STRING && name.equals("body")) {
                    foundBody = p.getString();
                }
                JsonCopy.copyValue(p, g);
            }
            g.writeEndObject();
            if (p.nextToken() != null) {
                throw new WireException(field + ": more than one JSON value");
            }
        } catch (JacksonException e) {
            throw new WireException(field + ": " + EntryCodec.describe(e), e);
        }
        if (!kind.equals(foundKind)) {
            throw new WireException(field + ": its \"kind\" is not the string \"" + kind + "\"");
        }
        if (body != null && !body.equals(foundBody)) {
            throw new WireException(field + ": its \"body\" is not the item's body");
        }
    }

    // ---------------------------------------------------------------- scalars

    private void origin(JsonGenerator g, String name, SegmentOrigin origin) {
        if (origin != null) {
            g.writeName(name);
            g.writeStartObject();
            string(g, "segment_id", origin.segmentId().toString());
            g.writeNumberProperty("at_turn_index", origin.atTurnIndex());
            if (origin.atEntry() != null) {
                g.writeNumberProperty("at_entry", origin.atEntry());
            }
            if (origin.atHash() != null) {
                g.writeStringProperty("at_hash", origin.atHash().hex());
            }
            g.writeEndObject();
        }
    }

    private void string(JsonGenerator g, String name, String value) {
        checkLength(value, name);
        g.writeStringProperty(name, value);
    }

    private void optionalString(JsonGenerator g, String name, String value) {
        if (value != null) {
            string(g, name, value);
        }
    }

    private void nullableString(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            string(g, name, value);
        }
    }

    private static void nullableInt(JsonGenerator g, String name, Integer value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            g.writeNumberProperty(name, value.intValue());
        }
    }

    private static void nullableDouble(JsonGenerator g, String name, Double value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else { // finite: RequestConfig refuses NaN and infinities
            g.writeNumberProperty(name, value.doubleValue());
        }
    }

    /** Strings longer than the decoder accepts are refused here, so every written entry reads back. */
    private void checkLength(String value, String name) {
        if (value.length() > maxStringLength) {
            throw new WireException(name + ": string of " + value.length() + " characters is longer than the limit of "
                    + maxStringLength);
        }
    }
}
