package dev.segmentlog.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The request settings an agent sends with every model call.
 *
 * @param maxTokens     nullable: the provider's default when absent
 * @param temperature   nullable
 * @param topP          nullable
 * @param topK          nullable
 * @param stopSequences never null; empty when none
 * @param reasoning     nullable: no reasoning setting
 * @param unknownFields fields this version does not know, by name, kept so a round trip loses
 *                      nothing; never null, iterated in name order
 */
public record RequestConfig(
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stopSequences,
        Reasoning reasoning,
        SortedMap<String, RawJson> unknownFields) {

    /** No settings at all: every value is the provider's default. */
    public static final RequestConfig DEFAULT = new RequestConfig(null, null, null, null, List.of(), null, Map.of());

    /**
     * @throws NullPointerException     if {@code stopSequences} or {@code unknownFields} is or holds null
     * @throws IllegalArgumentException if {@code temperature} or {@code topP} is NaN or infinite
     */
    public RequestConfig {
        requireFinite(temperature, "temperature");
        requireFinite(topP, "top_p");
        stopSequences = List.copyOf(stopSequences);
        unknownFields = Collections.unmodifiableSortedMap(new TreeMap<>(unknownFields));
        unknownFields.forEach((name, value) -> Objects.requireNonNull(value, name));
    }

    /** Builds a config from any map of unknown fields (copied and sorted by name). */
    public RequestConfig(
            Integer maxTokens,
            Double temperature,
            Double topP,
            Integer topK,
            List<String> stopSequences,
            Reasoning reasoning,
            Map<String, RawJson> unknownFields) {
        this(maxTokens, temperature, topP, topK, stopSequences, reasoning, new TreeMap<>(unknownFields));
    }

    private static void requireFinite(Double value, String name) {
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, not " + value);
        }
    }

    /** A copy with another {@code max_tokens}. */
    public RequestConfig withMaxTokens(Integer value) {
        return new RequestConfig(value, temperature, topP, topK, stopSequences, reasoning, unknownFields);
    }

    /** A copy with another {@code temperature}. */
    public RequestConfig withTemperature(Double value) {
        return new RequestConfig(maxTokens, value, topP, topK, stopSequences, reasoning, unknownFields);
    }

    /** A copy with another reasoning setting. */
    public RequestConfig withReasoning(Reasoning value) {
        return new RequestConfig(maxTokens, temperature, topP, topK, stopSequences, value, unknownFields);
    }

    /** How much the model may reason: an effort label or a token budget. */
    public sealed interface Reasoning {

        /** @param label an effort label such as {@code "high"}; not blank */
        record Effort(String label) implements Reasoning {
            /** @throws IllegalArgumentException if the label is blank */
            public Effort {
                Objects.requireNonNull(label, "label");
                if (label.isBlank()) {
                    throw new IllegalArgumentException("reasoning effort label must not be blank");
                }
            }
        }

        /** @param tokens a token budget, zero or more */
        record Budget(long tokens) implements Reasoning {
            /** @throws IllegalArgumentException if negative */
            public Budget {
                if (tokens < 0) {
                    throw new IllegalArgumentException("reasoning token budget must not be negative: " + tokens);
                }
            }
        }
    }
}
