package dev.segmentlog.integration.adk;

import com.google.adk.events.Event;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentWriter;
import java.util.List;

/**
 * The writer behind one ADK {@code Session} object: it appends that object's events to the segment
 * the object was read from, and only if no one else wrote there since; otherwise its
 * {@link SegmentWriter} forks, and later events follow to the fork. Thread-safe.
 */
final class LiveSession {
    private final SegmentWriter writer;
    private int events;

    /** A writer that has read (or inherited) {@code events} events. */
    LiveSession(SegmentWriter writer, int events) {
        this.writer = writer;
        this.events = events;
    }

    /**
     * Appends {@code event} (in JSON, its {@code temp:} keys left out) and a {@code turn_end}
     * counting the events of the history so far, as one atomic batch. The turn count is what makes
     * a fork's cut exact: a fork records the turn count its writer had reached.
     *
     * @return the segment written to: the one read, or a fork of it
     * @throws dev.segmentlog.spi.StoreException what the store throws
     */
    synchronized SegmentId append(Event event) {
        // Both entries carry the event's time, so a segment's last-entry time is its last event's.
        SegmentId written = writer.appendAll(List.of(
                new LogEntry.Extension(event.timestamp(), AdkJson.EVENT, AdkJson.event(event)),
                new LogEntry.TurnEnd(event.timestamp(), events + 1)));
        events++;
        return written;
    }
}
