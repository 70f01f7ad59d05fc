package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import java.util.Objects;

/**
 * A conditional append expected the segment to hold a number of entries and it held another:
 * another writer extended the log. Nothing was written.
 */
public final class ConflictException extends StoreException {
    private final SegmentId segmentId;
    private final long expectedCount;
    private final long actualCount;

    /**
     * @param segmentId     the segment
     * @param expectedCount the count the writer expected
     * @param actualCount   the count the store holds
     */
    public ConflictException(SegmentId segmentId, long expectedCount, long actualCount) {
        super("segment " + Objects.requireNonNull(segmentId, "segmentId") + " holds " + actualCount
                + " entries, not the expected " + expectedCount + ": another writer appended; nothing was written");
        this.segmentId = segmentId;
        this.expectedCount = expectedCount;
        this.actualCount = actualCount;
    }

    /** The segment. */
    public SegmentId segmentId() {
        return segmentId;
    }

    /** The count the writer expected. */
    public long expectedCount() {
        return expectedCount;
    }

    /** The count the store holds. */
    public long actualCount() {
        return actualCount;
    }
}
