package dev.segmentlog.spi.codec;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Copies one JSON value from a parser to a generator in canonical compact form: no whitespace,
 * keys in their original order, strings re-escaped by the generator and numbers kept exactly as
 * written (never rounded through {@code double}). Both the encoder and the decoder canonicalise
 * opaque JSON with this one routine, so decoding and re-encoding canonical text gives the same
 * bytes.
 */
final class JsonCopy {

    private JsonCopy() {
    }

    /**
     * The current string value, refused when longer than the parser's string limit. Jackson checks
     * that limit only when its text buffer grows, so a string a little over it may or may not pass
     * depending on buffer state; checking the finished string makes the limit exact, so what the
     * decoder accepts the encoder accepts too.
     */
    static String string(JsonParser p) {
        return checked(p.getString(), p);
    }

    private static String checked(String value, JsonParser p) {
        int max = p.streamReadConstraints().getMaxStringLength();
        if (value != null && value.length() > max) {
            throw new WireException("a string of " + value.length() + " characters is longer than the limit of " + max);
        }
        return value;
    }

    /**
     * Copies the value at the parser's current token (a scalar or a whole structure) and leaves
     * the parser on its last token. Iterative, so the stack does not grow with the nesting depth.
     */
    static void copyValue(JsonParser p, JsonGenerator g) {
        int depth = 0;
        while (true) {
            JsonToken token = p.currentToken();
            if (token == null) {
                throw new WireException("unexpected end of JSON");
            }
            switch (token) {
                case START_OBJECT:
                    g.writeStartObject();
                    depth++;
                    break;
                case END_OBJECT:
                    g.writeEndObject();
                    depth--;
                    break;
                case START_ARRAY:
                    g.writeStartArray();
                    depth++;
                    break;
                case END_ARRAY:
                    g.writeEndArray();
                    depth--;
                    break;
                case PROPERTY_NAME:
                    g.writeName(checked(p.currentName(), p));
                    break;
                case VALUE_STRING:
                    g.writeString(string(p));
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    // The parser has validated the number; its text is copied verbatim.
                    g.writeNumber(p.getString());
                    break;
                case VALUE_TRUE:
                    g.writeBoolean(true);
                    break;
                case VALUE_FALSE:
                    g.writeBoolean(false);
                    break;
                case VALUE_NULL:
                    g.writeNull();
                    break;
                default:
                    throw new WireException("unsupported JSON token " + token);
            }
            if (depth == 0) {
                return;
            }
            p.nextToken();
        }
    }
}
