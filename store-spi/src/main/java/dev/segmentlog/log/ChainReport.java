package dev.segmentlog.log;

import dev.segmentlog.core.SegmentId;
import java.util.List;
import java.util.Objects;

/**
 * What verifying a segment's hash chain found.
 *
 * @param segmentId      the segment
 * @param entriesChecked how many entries were read
 * @param chained        whether the segment is hash-chained (an unchained segment has nothing to verify)
 * @param breaks         what is wrong, first broken position first; empty when the chain is intact
 */
public record ChainReport(SegmentId segmentId, long entriesChecked, boolean chained, List<Break> breaks) {

    /** @throws NullPointerException if an argument is or holds null */
    public ChainReport {
        Objects.requireNonNull(segmentId, "segmentId");
        breaks = List.copyOf(breaks);
    }

    /** Whether nothing is wrong. */
    public boolean intact() {
        return breaks.isEmpty();
    }

    /** The kinds of damage a chain reveals. */
    public enum Problem {
        /** The entry's content does not hash to its recorded hash: it was changed. */
        ALTERED,
        /** The entry does not follow its predecessor: one or more entries before it were removed. */
        REMOVED,
        /** The entry follows an entry that comes later in the log: entries were reordered. */
        REORDERED,
        /** The log ends before a recorded head: its tail was cut off. */
        TRUNCATED,
        /** The log holds a different entry where a recorded head is: history was rewritten. */
        REWRITTEN,
        /** An entry without a hash in a chained segment. */
        UNCHAINED_ENTRY,
        /** The segment's origin names a source history that does not match the source. */
        LINEAGE_MISMATCH
    }

    /**
     * One finding.
     *
     * @param position the 0-based position of the first entry affected
     * @param problem  what kind of damage
     * @param detail   what exactly, for a person
     */
    public record Break(long position, Problem problem, String detail) {
        /** @throws NullPointerException if an argument is null */
        public Break {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return problem + " at position " + position + ": " + detail;
        }
    }
}
