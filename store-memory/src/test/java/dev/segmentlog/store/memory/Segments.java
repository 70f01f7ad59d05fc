package dev.segmentlog.store.memory;

import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;

/** Small segments for the tests of this module (the conformance kit tests the store's contract). */
final class Segments {
    private Segments() {}

    /** Creates a new segment holding only its segment_start, and returns its id. */
    static SegmentId create(SegmentStore store) {
        SegmentId segment = SegmentId.generate();
        store.create(segment, List.of(StoredEntry.plain(
                new LogEntry.SegmentStart(1L, SessionId.generate(), null, RequestConfig.DEFAULT, List.of(), null, null))));
        return segment;
    }

    static LogEntry marker() {
        return new LogEntry.UserInput(2L, List.of(new InputPart.Text("marker")));
    }
}
