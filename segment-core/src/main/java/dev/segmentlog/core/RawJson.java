package dev.segmentlog.core;

import java.util.Objects;

/**
 * A JSON document carried opaquely: extension payloads, pod events, trace events, unknown config
 * fields, unknown input parts. Core never parses it; the codec validates it and stores it in
 * canonical compact form, so two equal documents written by the codec have equal text.
 *
 * @param text the JSON text
 */
public record RawJson(String text) {

    /** The JSON {@code null} literal. */
    public static final RawJson NULL = new RawJson("null");

    /**
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is blank
     */
    public RawJson {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("JSON text must not be blank");
        }
    }

    /** Same as the constructor; reads well at call sites: {@code RawJson.of("{\"a\":1}")}. */
    public static RawJson of(String text) {
        return new RawJson(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
