package dev.segmentlog.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a segment's trace: a debug side log kept apart from the segment log and never
 * replayed. segmentlog writes {@code {"ts":…,"event":…}}; the original runtime writes
 * {@code {"ts":…,"turn":…,"llm_call":…,"kind":"stream_event","event":…}} or
 * {@code {"ts":…,"turn":…,"kind":"lifecycle","label":…,"data":…}}, whose members other than
 * {@code ts} and {@code event} are kept in {@link #fields()}.
 *
 * @param ts     when, in milliseconds since the epoch
 * @param event  nullable: the traced event, any JSON; absent on the original runtime's lifecycle lines
 * @param fields the line's other members, in order (written after {@code ts}, before {@code event})
 */
public record TraceEntry(long ts, RawJson event, UnknownFields fields) {

    /** @throws NullPointerException if {@code fields} is null */
    public TraceEntry {
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * A trace entry of one event.
     *
     * @throws NullPointerException if {@code event} is null
     */
    public TraceEntry(long ts, RawJson event) {
        this(ts, Objects.requireNonNull(event, "event"), UnknownFields.NONE);
    }

    /** The traced event, when the line has one. */
    public Optional<RawJson> eventIfPresent() {
        return Optional.ofNullable(event);
    }
}
