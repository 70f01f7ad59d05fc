package dev.segmentlog.spi.codec;

import dev.segmentlog.core.UnknownFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * One JSON object type of the wire format as a table: its known fields in wire order, each with
 * its {@link ValueCodec}, whether it is required, its value when absent and when it is left out
 * on writing; how the record is built from the values read; and where the record keeps its
 * {@link UnknownFields}. The read loop and the write loop exist once, here, for every object type.
 *
 * <p>Reading keeps every member the table does not name as an unknown field, in order (apart from
 * the names the table ignores, such as the chain fields of an entry). Writing writes the known
 * fields in table order, then the unknown ones.
 *
 * @param <T> the record type
 */
final class ObjectShape<T> implements ValueCodec<T> {

    /** When a field is left out on writing. */
    enum Omit {
        /** Always written; a null value is written as {@code null}. */
        NEVER,
        /** Left out when null. */
        NULL,
        /** Left out when an empty list. */
        EMPTY,
        /** Left out when false. */
        FALSE
    }

    /** One known field. */
    record Field<T, V>(String name, ValueCodec<V> codec, Function<T, V> getter, boolean required, V absent,
                       Omit omit) {
        @SuppressWarnings("unchecked")
        void write(JsonGenerator g, T record, Wire w, String ctx) {
            V value = getter.apply(record);
            if (value == null && omit != Omit.NEVER
                    || omit == Omit.EMPTY && ((List<?>) value).isEmpty()
                    || omit == Omit.FALSE && Boolean.FALSE.equals(value)) {
                return;
            }
            g.writeName(name);
            if (value == null) {
                g.writeNull();
            } else {
                codec.write(g, value, w, ctx + "." + name);
            }
        }
    }

    /** The values read for one object, by field name, handed to the shape's builder. */
    static final class Values {
        private final ObjectShape<?> shape;
        private final Object[] values;
        private final UnknownFields unknown;
        private final Wire wire;
        private final String ctx;

        private Values(ObjectShape<?> shape, Object[] values, UnknownFields unknown, Wire wire, String ctx) {
            this.shape = shape;
            this.values = values;
            this.unknown = unknown;
            this.wire = wire;
            this.ctx = ctx;
        }

        /** Where the object is, for messages. */
        String ctx() {
            return ctx;
        }

        /** The value of {@code field}, or its absent value when it was missing or {@code null}. */
        @SuppressWarnings("unchecked")
        <V> V get(String field) {
            Integer i = shape.index.get(field);
            if (i == null) {
                throw new IllegalStateException("no field '" + field + "' in the table");
            }
            Object value = values[i];
            return (V) (value != null ? value : shape.fields.get(i).absent());
        }

        /** Whether {@code field} was present with a non-null value. */
        boolean has(String field) {
            return values[shape.index.get(field)] != null;
        }

        UnknownFields unknown() {
            return unknown;
        }

        /** The reading context (the segment of the entry being read). */
        Wire wire() {
            return wire;
        }
    }

    private final String tag;
    private final List<Field<T, ?>> fields;
    private final Map<String, Integer> index = new HashMap<>();
    private final Set<String> chainMembers;
    private final Function<Values, T> build;
    private final Function<T, UnknownFields> unknownOf;

    /**
     * @param tag       the {@code kind} this shape is written with inside a tagged union, or null
     * @param fields    the known fields, in wire order
     * @param chainMembers an entry's chain members: read into the {@link Wire} apart from the entry
     *                     (never kept as unknown, refused as unknown names)
     * @param build     makes the record from the values read
     * @param unknownOf the record's unknown fields
     */
    ObjectShape(String tag, List<Field<T, ?>> fields, Set<String> chainMembers, Function<Values, T> build,
                Function<T, UnknownFields> unknownOf) {
        this.tag = tag;
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++) {
            index.put(this.fields.get(i).name(), i);
        }
        this.chainMembers = Set.copyOf(chainMembers);
        this.build = build;
        this.unknownOf = unknownOf;
    }

    String tag() {
        return tag;
    }

    /** A stand-alone object (not tagged). */
    @Override
    public T read(JsonParser p, Wire w, String ctx) {
        Wire.expect(p, JsonToken.START_OBJECT, ctx, "an object");
        return readMembers(p, w, ctx);
    }

    /**
     * Reads the members after the current token (START_OBJECT, or a tagged object's {@code kind}
     * value) up to the object's end; a {@code kind} member of a tagged object is skipped.
     */
    T readMembers(JsonParser p, Wire w, String ctx) {
        Object[] values = new Object[fields.size()];
        boolean[] seen = new boolean[fields.size()];
        List<UnknownFields.Field> unknown = null;
        String name;
        while ((name = p.nextName()) != null) {
            p.nextToken();
            Integer i = index.get(name);
            if (i != null) {
                seen[i] = true;
                values[i] = fields.get(i).codec().read(p, w, ctx + "." + name);
            } else if (tag != null && name.equals("kind")) {
                p.skipChildren();
            } else if (chainMembers.contains(name)) {
                w.readChainMember(name, p, ctx);
            } else {
                if (unknown == null) {
                    unknown = new ArrayList<>(2);
                }
                unknown.add(new UnknownFields.Field(name, w.raw(p)));
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (!seen[i] && fields.get(i).required()) {
                throw Wire.missing(ctx, fields.get(i).name());
            }
        }
        return build.apply(new Values(this, values, unknown == null ? UnknownFields.NONE : new UnknownFields(unknown), w, ctx));
    }

    @Override
    public void write(JsonGenerator g, T value, Wire w, String ctx) {
        g.writeStartObject();
        writeMembers(g, value, w, ctx);
        g.writeEndObject();
    }

    /** Writes {@code kind} (for a tagged shape), the known fields and the unknown ones. */
    void writeMembers(JsonGenerator g, T value, Wire w, String ctx) {
        if (tag != null) {
            g.writeStringProperty("kind", tag);
        }
        for (Field<T, ?> field : fields) {
            field.write(g, value, w, ctx);
        }
        for (UnknownFields.Field field : unknownOf.apply(value).fields()) {
            String name = field.name();
            if (index.containsKey(name) || chainMembers.contains(name) || tag != null && name.equals("kind")) {
                throw new WireException(ctx + ": unknown field '" + name + "' has the name of a known field");
            }
            w.checkName(name, ctx);
            g.writeName(name);
            w.writeRaw(g, field.value(), ctx + "." + name);
        }
    }

    // ---------------------------------------------------------------- table building

    /** Starts a table for an object written with {@code kind} = {@code tag} (null: untagged). */
    static <T> Builder<T> of(String tag) {
        return new Builder<>(tag);
    }

    /** Collects the fields of a table in wire order. */
    static final class Builder<T> {
        private final String tag;
        private final List<Field<T, ?>> fields = new ArrayList<>();
        private Set<String> chainMembers = Set.of();

        private Builder(String tag) {
            this.tag = tag;
        }

        /** A field that must be present; always written. */
        <V> Builder<T> required(String name, ValueCodec<V> codec, Function<T, V> getter) {
            fields.add(new Field<>(name, codec, getter, true, null, Omit.NEVER));
            return this;
        }

        /** A field that may be missing or {@code null} (then {@code absent}); written unless {@code omit} says so. */
        <V> Builder<T> optional(String name, ValueCodec<V> codec, Function<T, V> getter, V absent, Omit omit) {
            fields.add(new Field<>(name, codec.orNull(), getter, false, absent, omit));
            return this;
        }

        /** A field only read (an older name of another field's value); never written. */
        <V> Builder<T> readOnly(String name, ValueCodec<V> codec) {
            fields.add(new Field<>(name, codec.orNull(), record -> null, false, null, Omit.NULL));
            return this;
        }

        /** An entry's chain members: read into the {@link Wire}, never part of the value. */
        Builder<T> chainMembers(Set<String> names) {
            this.chainMembers = names;
            return this;
        }

        ObjectShape<T> build(Function<Values, T> build, Function<T, UnknownFields> unknownOf) {
            return new ObjectShape<>(tag, fields, chainMembers, build, unknownOf);
        }
    }
}
