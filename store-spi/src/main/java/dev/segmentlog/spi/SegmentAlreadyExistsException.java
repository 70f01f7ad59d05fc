package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import java.util.Objects;

/** A segment with this id exists already; creating it again would overwrite it, so nothing was written. */
public final class SegmentAlreadyExistsException extends StoreException {
    private final SegmentId segmentId;

    /** @param segmentId the segment that exists */
    public SegmentAlreadyExistsException(SegmentId segmentId) {
        super("segment " + Objects.requireNonNull(segmentId, "segmentId") + " already exists; nothing was written");
        this.segmentId = segmentId;
    }

    /** The segment that exists. */
    public SegmentId segmentId() {
        return segmentId;
    }
}
