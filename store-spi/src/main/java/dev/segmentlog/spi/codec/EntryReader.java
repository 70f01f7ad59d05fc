package dev.segmentlog.spi.codec;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.UnknownFields;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads entries in the wire format with a streaming parser, straight into the core records, by
 * walking the tables of {@link WireShapes}.
 *
 * <p>Lenient where old logs need it: fields may come in any order, missing lists are empty,
 * missing nullable fields are null, a missing config is {@link dev.segmentlog.core.RequestConfig#DEFAULT},
 * a {@code segment_start} without {@code session_id} belongs to the session of its own segment.
 * Nothing is dropped: members a table does not name are kept as unknown fields, objects of kinds
 * it does not know as opaque values. Strict everywhere else: a missing required field or a value
 * of the wrong type is a {@link WireException} naming the field's path.
 */
final class EntryReader {

    private final Wire wire;

    EntryReader(JsonFactory factory, int maxStringLength) {
        this.wire = new Wire(factory, maxStringLength);
    }

    /** An entry with its chain members ({@code hash}, {@code prev_hash}), wherever they stand, in one parse. */
    StoredEntry readEntry(JsonParser p, SegmentId segment) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new WireException("an entry must be a JSON object, found " + Wire.describe(p.currentToken()));
        }
        Wire reading = wire.reading(segment);
        LogEntry entry = WireShapes.ENTRY.read(p, reading, "entry");
        requireEnd(p);
        return reading.stored(entry);
    }

    /**
     * A trace line: {@code ts}, then {@code event} and any other members, kept in order. A line
     * needs an {@code event}, or a {@code kind} (the original runtime's lifecycle lines have none).
     */
    TraceEntry readTrace(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new WireException("a trace entry must be a JSON object, found " + Wire.describe(p.currentToken()));
        }
        Long ts = null;
        RawJson event = null;
        boolean tagged = false;
        List<UnknownFields.Field> fields = new ArrayList<>(4);
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            if (name.equals("ts")) {
                ts = Wire.longValue(p, "trace.ts");
            } else if (name.equals("event")) {
                event = wire.raw(p);
            } else {
                tagged |= name.equals("kind");
                fields.add(new UnknownFields.Field(name, wire.raw(p)));
            }
        }
        requireEnd(p);
        if (ts == null) {
            throw Wire.missing("trace", "ts");
        }
        if (event == null && !tagged) {
            throw Wire.missing("trace", "event");
        }
        return new TraceEntry(ts, event, new UnknownFields(fields));
    }

    /** Reads one JSON value of any shape and returns it in canonical compact form. */
    RawJson readCanonical(JsonParser p) {
        if (p.nextToken() == null) {
            throw new WireException("no JSON value");
        }
        RawJson value = wire.raw(p);
        requireEnd(p);
        return value;
    }

    private static void requireEnd(JsonParser p) {
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new WireException("trailing data after the JSON value: " + Wire.describe(trailing));
        }
    }
}
