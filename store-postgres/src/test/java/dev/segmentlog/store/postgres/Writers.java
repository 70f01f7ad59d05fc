package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writers that share one segment, and what must hold of the session they write. */
final class Writers {
    private Writers() {}

    /**
     * Appends {@code name-0} … {@code name-(count-1)} through one {@link SegmentWriter} opened on
     * {@code segment}, which forks when another writer got there first.
     *
     * @return the segment the writer ended on
     */
    static SegmentId write(SegmentStore store, SegmentId segment, String name, int count) {
        SegmentWriter writer = new SegmentLog(store).writer(segment);
        Fixtures fixtures = new Fixtures();
        for (int i = 0; i < count; i++) {
            writer.append(fixtures.marker(name + "-" + i));
        }
        return writer.segmentId();
    }

    /**
     * Asserts that the session's segments hold every marker of {@code names} × {@code count} exactly
     * once, each writer's in its order, and that every segment but the first is a fork of another of
     * the session.
     *
     * @return how many forks the session holds
     */
    static int assertEveryEntryExactlyOnce(SegmentStore store, SessionId session, List<String> names, int count) {
        List<SegmentId> segments = Page.<SegmentId>all(page -> store.listSegments(session, page), 100).toList();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> lastOfWriter = new HashMap<>();
        int forks = 0;
        for (SegmentId segment : segments) {
            List<LogEntry> entries = store.readAll(segment);
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) entries.get(0);
            if (start.forkedFrom() != null) {
                forks++;
                assertTrue(segments.contains(start.forkedFrom().segmentId()), segment + " forks a segment of another session");
            }
            for (LogEntry entry : entries) {
                String marker = Fixtures.labelOf(entry);
                if (marker == null) {
                    continue;
                }
                seen.merge(marker, 1, Integer::sum);
                String writer = marker.substring(0, marker.lastIndexOf('-'));
                int index = Integer.parseInt(marker.substring(marker.lastIndexOf('-') + 1));
                Integer last = lastOfWriter.put(writer + "@" + segment, index);
                assertTrue(last == null || last < index, writer + "'s entries are out of order in " + segment);
            }
        }
        assertEquals(segments.size() - 1, forks, "every segment but the first is a fork");
        List<String> missingOrTwice = new ArrayList<>();
        for (String name : names) {
            for (int i = 0; i < count; i++) {
                Integer times = seen.remove(name + "-" + i);
                if (times == null || times != 1) {
                    missingOrTwice.add(name + "-" + i + " x" + (times == null ? 0 : times));
                }
            }
        }
        assertEquals(List.of(), missingOrTwice, "entries lost or stored twice");
        assertEquals(Map.of(), seen, "entries no writer wrote");
        return forks;
    }
}
