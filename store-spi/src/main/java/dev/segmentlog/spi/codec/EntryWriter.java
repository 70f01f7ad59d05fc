package dev.segmentlog.spi.codec;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.UnknownFields;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes entries in the wire format with a streaming generator, by walking the tables of
 * {@link WireShapes}: {@code kind} first, then {@code ts}, then the known fields in table order
 * (optional fields omitted when absent, except {@code system_prompt}), then the unknown fields the
 * entry was read with. Stateless apart from its configuration, so one instance serves every thread.
 */
final class EntryWriter {

    private static final ValueCodec<List<List<InputPart>>> USER_INPUTS = WireShapes.INPUT_PART.list().list();
    private static final ValueCodec<List<HistoryItem>> HISTORY = WireShapes.HISTORY_ITEM.list();

    private final Wire wire;

    EntryWriter(JsonFactory factory, CodecLimits limits) {
        this.wire = new Wire(factory, limits.maxStringLength());
    }

    void writeEntry(JsonGenerator g, LogEntry entry) {
        WireShapes.ENTRY.write(g, entry, wire, "entry");
    }

    /** {@code ts}, the other members in order, then {@code event} when there is one. */
    void writeTrace(JsonGenerator g, TraceEntry entry) {
        g.writeStartObject();
        g.writeNumberProperty("ts", entry.ts());
        for (UnknownFields.Field field : entry.fields().fields()) {
            String name = field.name();
            if (name.equals("ts") || name.equals("event")) {
                throw new WireException("trace: field '" + name + "' is given twice");
            }
            wire.checkName(name, "trace");
            g.writeName(name);
            wire.writeRaw(g, field.value(), "trace." + name);
        }
        if (entry.event() != null) {
            g.writeName("event");
            wire.writeRaw(g, entry.event(), "event");
        }
        g.writeEndObject();
    }

    void writeState(JsonGenerator g, RestoredState state) {
        g.writeStartObject();
        nullableString(g, "session_id", state.sessionId() == null ? null : state.sessionId().toString());
        nullableString(g, "system_prompt", state.systemPrompt());
        g.writeName("config");
        WireShapes.CONFIG.write(g, state.config(), wire, "config");
        g.writeName("history");
        HISTORY.write(g, state.history(), wire, "history");
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
        USER_INPUTS.write(g, state.userInputs(), wire, "user_inputs");
        g.writeName("dangling_tool_calls");
        g.writeStartArray();
        for (HistoryItem.ToolCall call : state.danglingToolCalls()) {
            WireShapes.HISTORY_ITEM.write(g, call, wire, "dangling_tool_calls[]");
        }
        g.writeEndArray();
        g.writeNumberProperty("skipped_entries", state.skippedEntries());
        g.writeEndObject();
    }

    private void nullableString(JsonGenerator g, String name, String value) {
        g.writeName(name);
        if (value == null) {
            g.writeNull();
        } else {
            ValueCodec.STRING.write(g, value, wire, name);
        }
    }
}
