package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import java.util.Objects;

/** The store holds no segment with this id. */
public final class SegmentNotFoundException extends StoreException {
    private final SegmentId segmentId;

    /** @param segmentId the segment that was asked for */
    public SegmentNotFoundException(SegmentId segmentId) {
        super("segment " + Objects.requireNonNull(segmentId, "segmentId") + " does not exist");
        this.segmentId = segmentId;
    }

    /** The segment that was asked for. */
    public SegmentId segmentId() {
        return segmentId;
    }
}
