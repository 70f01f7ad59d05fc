package dev.segmentlog.spi.codec;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import java.io.StringWriter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What reading and writing a value needs besides the parser or generator: the codec's factory
 * and limits, and (when reading an entry) the segment it belongs to. Also the small scalar
 * helpers every {@link ValueCodec} shares, so that each type check and message is written once.
 */
final class Wire {

    final JsonFactory factory;
    final int maxStringLength;
    final int maxNameLength;
    /** Nullable: the segment an entry being read belongs to. */
    final SegmentId segment;
    /** The chain members of the entry being read, set when met: a reading context reads one entry. */
    private EntryHash hash;
    private EntryHash prevHash;

    Wire(JsonFactory factory, int maxStringLength) {
        this(factory, maxStringLength, null);
    }

    private Wire(JsonFactory factory, int maxStringLength, SegmentId segment) {
        this.factory = factory;
        this.maxStringLength = maxStringLength;
        this.maxNameLength = factory.streamReadConstraints().getMaxNameLength();
        this.segment = segment;
    }

    /** This context for reading an entry of {@code segment}. */
    Wire reading(SegmentId segment) {
        return new Wire(factory, maxStringLength, segment);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a top-level chain member ({@code hash} or {@code prev_hash}) of the entry being read,
     * wherever it stands among the members, so chain fields come from the one parse of the entry.
     */
    void readChainMember(String name, JsonParser p, String ctx) {
        if (name.equals("prev_hash") && p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new WireException(ctx + "." + name + ": expected 64 lowercase hex digits, found "
                    + describe(p.currentToken()));
        }
        EntryHash value;
        try {
            value = EntryHash.parse(p.getString());
        } catch (IllegalArgumentException e) {
            throw new WireException(ctx + "." + name + ": " + e.getMessage());
        }
        if (name.equals("hash")) {
            hash = value;
        } else {
            prevHash = value;
        }
    }

    /** The entry read with this context, with the chain members met while reading it. */
    StoredEntry stored(LogEntry entry) {
        return hash == null && prevHash == null ? StoredEntry.plain(entry) : new StoredEntry(entry, prevHash, hash);
    }

    /** The current value (any shape) in canonical compact form; the parser is left on its last token. */
    RawJson raw(JsonParser p) {
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

    static String string(JsonParser p, String ctx) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(p, ctx, "a string");
        }
        return JsonCopy.string(p);
    }

    static long longValue(JsonParser p, String ctx) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, ctx, "an integer");
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw new WireException(ctx + ": integer out of range: " + p.getString());
        }
        return p.getLongValue();
    }

    static int intValue(JsonParser p, String ctx) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, ctx, "an integer");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw new WireException(ctx + ": integer out of range: " + p.getString());
        }
        return p.getIntValue();
    }

    static double finiteDouble(JsonParser p, String ctx) {
        JsonToken token = p.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(p, ctx, "a number or null");
        }
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new WireException(ctx + ": number out of range: " + p.getString());
        }
        return value;
    }

    static boolean boolValue(JsonParser p, String ctx) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw wrongType(p, ctx, "true or false");
    }

    static void expect(JsonParser p, JsonToken token, String ctx, String what) {
        if (p.currentToken() != token) {
            throw new WireException(ctx + ": expected " + what + ", found " + describe(p.currentToken()));
        }
    }

    static WireException wrongType(JsonParser p, String ctx, String expected) {
        return new WireException(ctx + ": expected " + expected + ", found " + describe(p.currentToken()));
    }

    static WireException missing(String ctx, String field) {
        return new WireException("missing required field '" + ctx + "." + field + "'");
    }

    static String describe(JsonToken token) {
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

    // ---------------------------------------------------------------- writing

    /** Strings longer than the decoder accepts are refused here, so every written entry reads back. */
    void checkLength(String value, String ctx) {
        if (value.length() > maxStringLength) {
            throw new WireException(ctx + ": string of " + value.length()
                    + " characters is longer than the limit of " + maxStringLength);
        }
    }

    void checkName(String name, String ctx) {
        if (name.length() > maxNameLength) {
            throw new WireException(ctx + ": field name is longer than " + maxNameLength + " characters");
        }
    }

    /** Writes opaque JSON in canonical compact form, refusing anything but exactly one valid value. */
    void writeRaw(JsonGenerator g, RawJson raw, String ctx) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), raw.text())) {
            if (p.nextToken() == null) {
                throw new WireException(ctx + ": empty JSON");
            }
            JsonCopy.copyValue(p, g);
            if (p.nextToken() != null) {
                throw new WireException(ctx + ": more than one JSON value");
            }
        } catch (JacksonException e) {
            throw new WireException(ctx + ": " + EntryCodec.describe(e), e);
        }
    }
}
