package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import java.util.Objects;
import java.util.Optional;

/**
 * Stored data cannot be decoded: a malformed line, an unknown entry kind, a value over the codec's
 * limits. Replay never skips such an entry silently; it fails here instead.
 */
public final class CorruptDataException extends StoreException {
    private final SegmentId segmentId;
    private final long position;
    private final String reason;

    /**
     * @param segmentId nullable: the segment, when known
     * @param position  the 0-based position of the entry (a JSONL file's line number minus one)
     * @param reason    what is wrong
     * @param cause     nullable: the underlying parse failure
     */
    public CorruptDataException(SegmentId segmentId, long position, String reason, Throwable cause) {
        super(describe(segmentId, position, reason), cause);
        this.segmentId = segmentId;
        this.position = position;
        this.reason = reason;
    }

    /** Same as the four-argument constructor without a cause. */
    public CorruptDataException(SegmentId segmentId, long position, String reason) {
        this(segmentId, position, reason, null);
    }

    private static String describe(SegmentId segmentId, long position, String reason) {
        Objects.requireNonNull(reason, "reason");
        String where = segmentId == null ? "entry at position " + position
                : "segment " + segmentId + ", entry at position " + position;
        return "corrupt data in " + where + ": " + reason;
    }

    /** The segment, when known. */
    public Optional<SegmentId> segmentId() {
        return Optional.ofNullable(segmentId);
    }

    /** The 0-based position of the bad entry. */
    public long position() {
        return position;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
