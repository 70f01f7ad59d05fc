package dev.segmentlog.core;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a segment. Minted as a UUIDv7, so the string order of ids is their creation order.
 * A {@code SegmentId} can only hold a UUID; its text form is always the canonical 36-character form,
 * which is safe to use as a file name or object key.
 *
 * @param value the UUID
 */
public record SegmentId(UUID value) implements Comparable<SegmentId> {

    /** @throws NullPointerException if {@code value} is null */
    public SegmentId {
        Objects.requireNonNull(value, "value");
    }

    /** Mints a new id, later than every id minted before it in this JVM. */
    public static SegmentId generate() {
        return new SegmentId(UuidV7.next());
    }

    /**
     * Parses the canonical form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.
     *
     * @throws IllegalArgumentException if {@code text} is null or not exactly that form
     */
    public static SegmentId parse(String text) {
        return new SegmentId(UuidV7.parseCanonical(text, "segment id"));
    }

    /** Orders ids by creation time (unsigned UUID order). */
    @Override
    public int compareTo(SegmentId other) {
        return UuidV7.compare(value, other.value);
    }

    /** The canonical lowercase 36-character form. */
    @Override
    public String toString() {
        return value.toString();
    }
}
