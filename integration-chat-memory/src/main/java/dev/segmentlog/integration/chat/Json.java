package dev.segmentlog.integration.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes and reads the small JSON payloads of the extension entries: objects, arrays, strings and
 * integers. Uses the jackson-core that store-spi's codec brings (Jackson 3, in its own
 * {@code tools.jackson} packages), so it never meets the framework's Jackson 2.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** {@code value} as a JSON string literal. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        return out.append('"').toString();
    }

    /**
     * Parses a document: objects become maps, arrays lists, strings strings, integers longs,
     * {@code true}/{@code false} booleans and {@code null} null.
     *
     * @throws IllegalArgumentException if it is not such a document
     */
    static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("invalid JSON: no value");
            }
            Object value = value(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("invalid JSON: trailing content after the value");
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The value at the parser's current token, leaving the parser on its last token. */
    private static Object value(JsonParser parser) {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    members.put(name, value(parser));
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getString();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("invalid JSON: unexpected " + token);
        }
    }
}
