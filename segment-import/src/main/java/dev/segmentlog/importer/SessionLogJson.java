package dev.segmentlog.importer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A small ordered JSON tree for reading lines of the older hash-chained format. It keeps what a
 * hash over the session log's bytes needs and a Jackson tree would lose or reorder: members in
 * their written order and numbers exactly as written.
 *
 * <p>{@link #serdeBytes} writes an object as Rust's {@code serde_json::to_vec} wrote it (compact,
 * keys in order, strings escaped the serde way, non-ASCII as raw UTF-8), which is what the
 * hash-chained session log hashed; {@link #write} writes a tree with a Jackson generator, for the current codec to read.
 */
final class SessionLogJson {

    /** A factory without limits, for writing trees this package built itself. */
    static final JsonFactory PLAIN = JsonFactory.builder().build();

    private SessionLogJson() {}

    /** A JSON value. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {}

    /** An object; its members keep their written order. */
    record Obj(Map<String, Node> members) implements Node {
        Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The member's value, or null when absent. */
        Node get(String name) {
            return members.get(name);
        }
    }

    /** An array. */
    record Arr(List<Node> values) implements Node {
        Arr {
            values = List.copyOf(values);
        }
    }

    /** A string. */
    record Str(String value) implements Node {}

    /** A number, as written. */
    record Num(String text, boolean integral) implements Node {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Node {}

    /** {@code null}. */
    enum Null implements Node { INSTANCE }

    /** What a JSON value is, for messages. */
    static String describe(Node node) {
        if (node instanceof Obj) {
            return "an object";
        } else if (node instanceof Arr) {
            return "an array";
        } else if (node instanceof Str) {
            return "a string";
        } else if (node instanceof Num) {
            return "a number";
        } else if (node instanceof Bool) {
            return "a boolean";
        }
        return "null";
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses one line holding one JSON object and nothing else.
     *
     * @throws MalformedLine                          if it is not one JSON object
     * @throws tools.jackson.core.JacksonException if the JSON is malformed or over the limits
     */
    static Obj parseObject(JsonFactory factory, byte[] line) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), line)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedLine("a line must hold one JSON object, found "
                        + (first == null ? "nothing" : first.name()));
            }
            Obj obj = (Obj) read(p);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new MalformedLine("trailing data after the JSON object");
            }
            return obj;
        }
    }

    /** Reads the value at the parser's current token; nesting is bounded by the parser's limits. */
    private static Node read(JsonParser p) {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Node> members = new LinkedHashMap<>();
                String name;
                while ((name = p.nextName()) != null) {
                    p.nextToken();
                    members.put(name, read(p));
                }
                return new Obj(members);
            }
            case START_ARRAY: {
                List<Node> values = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(read(p));
                }
                return new Arr(values);
            }
            case VALUE_STRING:
                return new Str(p.getString());
            case VALUE_NUMBER_INT:
                return new Num(p.getString(), true);
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getString(), false);
            case VALUE_TRUE:
                return new Bool(true);
            case VALUE_FALSE:
                return new Bool(false);
            case VALUE_NULL:
                return Null.INSTANCE;
            default:
                throw new MalformedLine("unexpected JSON token " + token);
        }
    }

    // ---------------------------------------------------------------- serde_json bytes

    /**
     * The object as {@code serde_json::to_vec} writes it, leaving out the top-level members named
     * in {@code skip}.
     */
    static byte[] serdeBytes(Obj obj, Set<String> skip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, Node> member : obj.members().entrySet()) {
            if (skip.contains(member.getKey())) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            serdeString(out, member.getKey());
            out.write(':');
            serde(out, member.getValue());
        }
        out.write('}');
        return out.toByteArray();
    }

    private static void serde(ByteArrayOutputStream out, Node node) {
        if (node instanceof Obj) {
            byte[] inner = serdeBytes((Obj) node, Set.of());
            out.write(inner, 0, inner.length);
        } else if (node instanceof Arr) {
            out.write('[');
            boolean first = true;
            for (Node value : ((Arr) node).values()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                serde(out, value);
            }
            out.write(']');
        } else if (node instanceof Str) {
            serdeString(out, ((Str) node).value());
        } else if (node instanceof Num) {
            ascii(out, ((Num) node).text());
        } else if (node instanceof Bool) {
            ascii(out, ((Bool) node).value() ? "true" : "false");
        } else {
            ascii(out, "null");
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * A string as serde_json escapes it: {@code "} and {@code \} with a backslash, the control
     * characters {@code \b \f \n \r \t} by name, the other ones below U+0020 as {@code \}{@code u00xx}
     * with lowercase hex, everything else (DEL and non-ASCII included) as raw UTF-8.
     */
    private static void serdeString(ByteArrayOutputStream out, String value) {
        out.write('"');
        int runStart = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            utf8(out, value.substring(runStart, i));
            runStart = i + 1;
            out.write('\\');
            switch (c) {
                case '"':
                    out.write('"');
                    break;
                case '\\':
                    out.write('\\');
                    break;
                case '\b':
                    out.write('b');
                    break;
                case '\f':
                    out.write('f');
                    break;
                case '\n':
                    out.write('n');
                    break;
                case '\r':
                    out.write('r');
                    break;
                case '\t':
                    out.write('t');
                    break;
                default:
                    out.write('u');
                    out.write('0');
                    out.write('0');
                    out.write(HEX[c >> 4]);
                    out.write(HEX[c & 0xF]);
            }
        }
        utf8(out, value.substring(runStart));
        out.write('"');
    }

    private static void utf8(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }

    // ---------------------------------------------------------------- writing for the current codec

    /** The tree as compact JSON bytes, numbers as written. */
    static byte[] toBytes(JsonFactory factory, Node node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, node);
        }
        return out.toByteArray();
    }

    /** The tree as compact JSON text, numbers as written. */
    static String toText(JsonFactory factory, Node node) {
        return new String(toBytes(factory, node), StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Node node) {
        if (node instanceof Obj) {
            g.writeStartObject();
            for (Map.Entry<String, Node> member : ((Obj) node).members().entrySet()) {
                g.writeName(member.getKey());
                write(g, member.getValue());
            }
            g.writeEndObject();
        } else if (node instanceof Arr) {
            g.writeStartArray();
            for (Node value : ((Arr) node).values()) {
                write(g, value);
            }
            g.writeEndArray();
        } else if (node instanceof Str) {
            g.writeString(((Str) node).value());
        } else if (node instanceof Num) {
            g.writeNumber(((Num) node).text());
        } else if (node instanceof Bool) {
            g.writeBoolean(((Bool) node).value());
        } else {
            g.writeNull();
        }
    }

    /** Why a line is not one JSON object; the reader adds the line's position. */
    static final class MalformedLine extends RuntimeException {

        MalformedLine(String reason) {
            // No stack trace: the reader rethrows it at once as a CorruptDataException with its own.
            super(reason, null, false, false);
        }
    }
}
