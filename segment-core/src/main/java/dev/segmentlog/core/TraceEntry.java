package dev.segmentlog.core;

import java.util.Objects;

/**
 * One entry of a segment's trace: a debug side log kept apart from the segment log and never
 * replayed.
 *
 * @param ts    when, in milliseconds since the epoch
 * @param event the traced event, any JSON
 */
public record TraceEntry(long ts, RawJson event) {

    /** @throws NullPointerException if {@code event} is null */
    public TraceEntry {
        Objects.requireNonNull(event, "event");
    }
}
