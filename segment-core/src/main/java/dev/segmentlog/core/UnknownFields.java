package dev.segmentlog.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The members of a JSON object that this version does not know, in the order they were read.
 * Every record that maps to a JSON object carries one, so that data written by a newer (or
 * another) writer survives a read and a write unchanged in meaning: the codec writes them back
 * after the object's known fields. Records built by an application normally carry {@link #NONE}.
 *
 * @param fields the unknown members, in order; names are distinct
 */
public record UnknownFields(List<Field> fields) {

    /** No unknown members. */
    public static final UnknownFields NONE = new UnknownFields(List.of());

    /**
     * One unknown member.
     *
     * @param name  its name
     * @param value its value, any JSON
     */
    public record Field(String name, RawJson value) {
        /** @throws NullPointerException if an argument is null */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * @throws NullPointerException     if {@code fields} is or holds null
     * @throws IllegalArgumentException if two fields have the same name
     */
    public UnknownFields {
        fields = List.copyOf(fields);
        Set<String> names = new HashSet<>();
        for (Field field : fields) {
            if (!names.add(field.name())) {
                throw new IllegalArgumentException("unknown field '" + field.name() + "' is given twice");
            }
        }
    }

    /**
     * Unknown members from alternating names and JSON texts: {@code of("a", "1", "b", "[]")}.
     *
     * @throws IllegalArgumentException if the count is odd or a name repeats
     * @throws NullPointerException     if an argument is null
     */
    public static UnknownFields of(String... namesAndJson) {
        if (namesAndJson.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/JSON pairs, got " + namesAndJson.length + " strings");
        }
        List<Field> fields = new ArrayList<>(namesAndJson.length / 2);
        for (int i = 0; i < namesAndJson.length; i += 2) {
            fields.add(new Field(namesAndJson[i], RawJson.of(namesAndJson[i + 1])));
        }
        return new UnknownFields(fields);
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The names, in order. */
    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    /** The value of the member {@code name}, if there is one. */
    public Optional<RawJson> get(String name) {
        Objects.requireNonNull(name, "name");
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }
}
