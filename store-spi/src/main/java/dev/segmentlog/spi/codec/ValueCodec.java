package dev.segmentlog.spi.codec;

import dev.segmentlog.core.RawJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads and writes one JSON value of one type: the unit the field tables of {@link ObjectShape}
 * are made of. {@code ctx} is the value's path ({@code assistant_item.item.call_id}) for messages.
 *
 * @param <V> the Java type of the value
 */
interface ValueCodec<V> {

    /**
     * Reads the value whose first token is current, leaving the parser on its last token. JSON
     * {@code null} is read by the codecs that accept it (their result is then null).
     */
    V read(JsonParser p, Wire w, String ctx);

    /** Writes a non-null value. */
    void write(JsonGenerator g, V value, Wire w, String ctx);

    ValueCodec<String> STRING = new ValueCodec<>() {
        @Override
        public String read(JsonParser p, Wire w, String ctx) {
            return Wire.string(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, String value, Wire w, String ctx) {
            w.checkLength(value, ctx);
            g.writeString(value);
        }
    };

    ValueCodec<Long> LONG = new ValueCodec<>() {
        @Override
        public Long read(JsonParser p, Wire w, String ctx) {
            return Wire.longValue(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, Long value, Wire w, String ctx) {
            g.writeNumber(value.longValue());
        }
    };

    ValueCodec<Integer> INT = new ValueCodec<>() {
        @Override
        public Integer read(JsonParser p, Wire w, String ctx) {
            return Wire.intValue(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, Integer value, Wire w, String ctx) {
            g.writeNumber(value.intValue());
        }
    };

    ValueCodec<Double> DOUBLE = new ValueCodec<>() {
        @Override
        public Double read(JsonParser p, Wire w, String ctx) {
            return Wire.finiteDouble(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, Double value, Wire w, String ctx) {
            g.writeNumber(value.doubleValue()); // finite: the model refuses NaN and infinities
        }
    };

    ValueCodec<Boolean> BOOLEAN = new ValueCodec<>() {
        @Override
        public Boolean read(JsonParser p, Wire w, String ctx) {
            return Wire.boolValue(p, ctx);
        }

        @Override
        public void write(JsonGenerator g, Boolean value, Wire w, String ctx) {
            g.writeBoolean(value);
        }
    };

    /** Any JSON, kept in canonical compact form. */
    ValueCodec<RawJson> RAW = new ValueCodec<>() {
        @Override
        public RawJson read(JsonParser p, Wire w, String ctx) {
            return w.raw(p);
        }

        @Override
        public void write(JsonGenerator g, RawJson value, Wire w, String ctx) {
            w.writeRaw(g, value, ctx);
        }
    };

    /** This codec, reading JSON {@code null} as null. */
    default ValueCodec<V> orNull() {
        ValueCodec<V> inner = this;
        return new ValueCodec<>() {
            @Override
            public V read(JsonParser p, Wire w, String ctx) {
                return p.currentToken() == JsonToken.VALUE_NULL ? null : inner.read(p, w, ctx);
            }

            @Override
            public void write(JsonGenerator g, V value, Wire w, String ctx) {
                inner.write(g, value, w, ctx);
            }
        };
    }

    /** A list of this codec's values; JSON {@code null} reads as an empty list. */
    default ValueCodec<List<V>> list() {
        ValueCodec<V> element = this;
        return new ValueCodec<>() {
            @Override
            public List<V> read(JsonParser p, Wire w, String ctx) {
                if (p.currentToken() == JsonToken.VALUE_NULL) {
                    return List.of();
                }
                Wire.expect(p, JsonToken.START_ARRAY, ctx, "an array");
                List<V> values = new ArrayList<>();
                String elementCtx = ctx + "[]";
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    values.add(element.read(p, w, elementCtx));
                }
                return values;
            }

            @Override
            public void write(JsonGenerator g, List<V> values, Wire w, String ctx) {
                g.writeStartArray();
                String elementCtx = ctx + "[]";
                for (V value : values) {
                    element.write(g, value, w, elementCtx);
                }
                g.writeEndArray();
            }
        };
    }

    /** A string naming one of {@code values}; {@code wireName} gives each its name. */
    static <E> ValueCodec<E> named(E[] values, Function<E, String> wireName) {
        Map<String, E> byName = new HashMap<>();
        for (E value : values) {
            byName.put(wireName.apply(value), value);
        }
        return new ValueCodec<>() {
            @Override
            public E read(JsonParser p, Wire w, String ctx) {
                String name = Wire.string(p, ctx);
                E value = byName.get(name);
                if (value == null) {
                    throw new WireException(ctx + ": unknown value '" + name + "', expected one of "
                            + new TreeSet<>(byName.keySet()));
                }
                return value;
            }

            @Override
            public void write(JsonGenerator g, E value, Wire w, String ctx) {
                g.writeString(wireName.apply(value));
            }
        };
    }

    /** A string read and written as {@code V} through {@code parse} and {@code format}. */
    static <V> ValueCodec<V> parsed(Function<String, V> parse, Function<V, String> format) {
        return new ValueCodec<>() {
            @Override
            public V read(JsonParser p, Wire w, String ctx) {
                return parse.apply(Wire.string(p, ctx));
            }

            @Override
            public void write(JsonGenerator g, V value, Wire w, String ctx) {
                g.writeString(format.apply(value));
            }
        };
    }
}
