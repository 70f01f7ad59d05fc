package dev.segmentlog.spi.codec;

import dev.segmentlog.core.RawJson;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * A union of object types told apart by their {@code kind} member (entries, history items,
 * content parts, attachments, input parts, system items): a table from kind to {@link ObjectShape},
 * plus what becomes of a kind the table does not know. Such an object is kept whole, as its
 * canonical JSON, by the union's {@link Opaque} variant, and written back as it was.
 *
 * <p>Objects are read in one pass when {@code kind} is their first member (always so for what this
 * codec writes); otherwise the object is buffered first to find its kind.
 *
 * @param <T> the union's Java type
 */
final class TaggedShape<T> implements ValueCodec<T> {

    /** An object of a kind the table does not know, as read: enough to build the opaque variant. */
    record UnknownObject(String kind, RawJson original, String body, Long ts) {}

    /** The union's variant for unknown kinds: how it is made and what it holds. */
    interface Opaque<T> {
        /** Makes the opaque variant, or throws a {@link WireException} when this union refuses unknown kinds. */
        T make(UnknownObject object, String ctx);

        /** The object's kind if it is the opaque variant, else null. */
        String kindOf(T value);

        /** The opaque variant's original JSON. */
        RawJson original(T value);

        /** The body the opaque variant carries, checked against the original on writing; null when none. */
        String body(T value);
    }

    private final String what;
    private final Map<String, ObjectShape<? extends T>> byKind;
    private final Map<Class<?>, ObjectShape<? extends T>> byClass;
    private final Opaque<T> opaque;
    private final Set<String> chainMembers;
    private final boolean namedByKind;

    /**
     * @param what    the object in words, for messages ("a history item object")
     * @param byKind  the shape of each known kind, read aliases included
     * @param byClass the shape each record class is written with
     * @param opaque  the variant for unknown kinds
     * @param chainMembers an entry's chain members: read into the {@link Wire}, never kept in an opaque
     *                     object's original
     * @param namedByKind whether messages name the object by its kind rather than its path (entries)
     */
    TaggedShape(String what, Map<String, ObjectShape<? extends T>> byKind,
                Map<Class<?>, ObjectShape<? extends T>> byClass, Opaque<T> opaque, Set<String> chainMembers,
                boolean namedByKind) {
        this.what = what;
        this.byKind = Map.copyOf(byKind);
        this.byClass = new LinkedHashMap<>(byClass);
        this.opaque = opaque;
        this.chainMembers = Set.copyOf(chainMembers);
        this.namedByKind = namedByKind;
    }

    /** Whether {@code kind} is a kind this union knows (read aliases included). */
    boolean knows(String kind) {
        return byKind.containsKey(kind);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public T read(JsonParser p, Wire w, String ctx) {
        Wire.expect(p, JsonToken.START_OBJECT, ctx, what);
        JsonToken first = p.nextToken();
        if (first == JsonToken.PROPERTY_NAME && p.currentName().equals("kind")) {
            p.nextToken();
            return readKind(Wire.string(p, ctx + ".kind"), p, w, ctx, false);
        }
        String buffered = bufferObject(p, w);
        String kind = findKind(buffered, w, ctx);
        try (JsonParser again = w.factory.createParser(ObjectReadContext.empty(), buffered)) {
            again.nextToken();
            T value = readKind(kind, again, w, ctx, true);
            again.nextToken(); // past the END_OBJECT; the buffer holds nothing else
            return value;
        }
    }

    private T readKind(String kind, JsonParser p, Wire w, String ctx, boolean buffered) {
        ObjectShape<? extends T> shape = byKind.get(kind);
        if (shape != null) {
            return shape.readMembers(p, w, namedByKind ? kind : ctx);
        }
        return opaque.make(readUnknown(kind, p, w, buffered), ctx);
    }

    /**
     * Reads the rest of an object of unknown kind into its canonical text, without the chain
     * members. Not buffered: {@code kind} was its first member and the parser is just after it.
     * Buffered: the parser is on the object's START_OBJECT and {@code kind} comes where it came.
     */
    private UnknownObject readUnknown(String kind, JsonParser p, Wire w, boolean buffered) {
        String body = null;
        Long ts = null;
        StringWriter text = new StringWriter(64);
        try (JsonGenerator g = w.factory.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            if (!buffered) {
                g.writeStringProperty("kind", kind);
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                if (chainMembers.contains(name)) {
                    w.readChainMember(name, p, kind);
                    continue;
                }
                if (value == JsonToken.VALUE_STRING && name.equals("body")) {
                    body = JsonCopy.string(p);
                } else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("ts")
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    ts = p.getLongValue();
                }
                g.writeName(name);
                JsonCopy.copyValue(p, g);
            }
            g.writeEndObject();
        }
        return new UnknownObject(kind, RawJson.of(text.toString()), body, ts);
    }

    /** Copies the rest of the object whose first token after START_OBJECT is current. */
    private static String bufferObject(JsonParser p, Wire w) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator g = w.factory.createGenerator(ObjectWriteContext.empty(), text)) {
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

    private static String findKind(String object, Wire w, String ctx) {
        try (JsonParser p = w.factory.createParser(ObjectReadContext.empty(), object)) {
            p.nextToken();
            String name;
            while ((name = p.nextName()) != null) {
                p.nextToken();
                if (name.equals("kind")) {
                    return Wire.string(p, ctx + ".kind");
                }
                p.skipChildren();
            }
        }
        throw new WireException("missing required field '" + ctx + ".kind'");
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(JsonGenerator g, T value, Wire w, String ctx) {
        String unknownKind = opaque.kindOf(value);
        if (unknownKind != null) {
            if (knows(unknownKind)) {
                throw new WireException(ctx + ": an object kept as unknown has the known kind '" + unknownKind + "'");
            }
            writeOriginal(g, opaque.original(value), unknownKind, opaque.body(value), w, ctx);
            return;
        }
        ObjectShape<T> shape = shapeOf(value);
        g.writeStartObject();
        shape.writeMembers(g, value, w, namedByKind ? shape.tag() : ctx);
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private ObjectShape<T> shapeOf(T value) {
        ObjectShape<? extends T> shape = byClass.get(value.getClass());
        if (shape == null) {
            throw new WireException("unsupported type " + value.getClass().getName());
        }
        return (ObjectShape<T>) shape;
    }

    /**
     * Writes the original JSON of an object of unknown kind, checking that it reads back as the
     * same value: an object whose {@code kind} (and {@code body}, when the value has one) are the
     * strings the value holds, without the chain members.
     */
    private void writeOriginal(JsonGenerator g, RawJson raw, String kind, String body, Wire w, String ctx) {
        String field = ctx + ".original";
        String foundKind = null;
        String foundBody = null;
        try (JsonParser p = w.factory.createParser(ObjectReadContext.empty(), raw.text())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException(field + ": not a JSON object");
            }
            g.writeStartObject();
            String name;
            while ((name = p.nextName()) != null) {
                if (chainMembers.contains(name)) {
                    throw new WireException(field + ": it holds the member '" + name + "', which is not part of an entry");
                }
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

    // ---------------------------------------------------------------- table building

    static <T> Builder<T> of(String what) {
        return new Builder<>(what);
    }

    /** Collects a union's variants. */
    static final class Builder<T> {
        private final String what;
        private final Map<String, ObjectShape<? extends T>> byKind = new HashMap<>();
        private final Map<Class<?>, ObjectShape<? extends T>> byClass = new LinkedHashMap<>();
        private Set<String> chainMembers = Set.of();
        private boolean namedByKind;

        private Builder(String what) {
            this.what = what;
        }

        /** A variant: records of {@code type} are written and read with {@code shape} under its tag. */
        Builder<T> variant(Class<? extends T> type, ObjectShape<? extends T> shape) {
            byClass.put(type, shape);
            byKind.putIfAbsent(shape.tag(), shape);
            return this;
        }

        /** A further kind read with {@code shape} (an older name); never written. */
        Builder<T> alias(String kind, ObjectShape<? extends T> shape) {
            byKind.put(kind, shape);
            return this;
        }

        /** An entry's chain members: read into the {@link Wire}, never kept in an opaque object's original. */
        Builder<T> chainMembers(Set<String> names) {
            this.chainMembers = names;
            return this;
        }

        /** Messages name an object by its kind ({@code turn_end.turn_count}), not by its path: for entries. */
        Builder<T> namedByKind() {
            this.namedByKind = true;
            return this;
        }

        TaggedShape<T> build(Opaque<T> opaque) {
            return new TaggedShape<>(what, byKind, byClass, opaque, chainMembers, namedByKind);
        }
    }
}
