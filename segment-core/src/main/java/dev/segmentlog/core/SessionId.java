package dev.segmentlog.core;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a session. Minted as a UUIDv7, so the string order of ids is their creation order.
 * A {@code SessionId} can only hold a UUID; its text form is always the canonical 36-character form,
 * which is safe to use as a file name or object key.
 *
 * @param value the UUID
 */
public record SessionId(UUID value) implements Comparable<SessionId> {

    /** @throws NullPointerException if {@code value} is null */
    public SessionId {
        Objects.requireNonNull(value, "value");
    }

    /** Mints a new id, later than every id minted before it in this JVM. */
    public static SessionId generate() {
        return new SessionId(UuidV7.next());
    }

    /**
     * Parses the canonical form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.
     *
     * @throws IllegalArgumentException if {@code text} is null or not exactly that form
     */
    public static SessionId parse(String text) {
        return new SessionId(UuidV7.parseCanonical(text, "session id"));
    }

    /**
     * The session of a segment written before sessions existed: such a segment is its own session.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    public static SessionId ofLegacySegment(SegmentId segment) {
        return new SessionId(segment.value());
    }

    /** Orders ids by creation time (unsigned UUID order). */
    @Override
    public int compareTo(SessionId other) {
        return UuidV7.compare(value, other.value);
    }

    /** The canonical lowercase 36-character form. */
    @Override
    public String toString() {
        return value.toString();
    }
}
