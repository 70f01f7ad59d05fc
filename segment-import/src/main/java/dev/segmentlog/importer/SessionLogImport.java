package dev.segmentlog.importer;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.spi.SegmentStore;
import java.util.Objects;

/**
 * What {@link SessionLogFile#importInto(SegmentStore)} did.
 *
 * @param segmentId       the segment created: the old session id
 * @param sessionId       the session its {@code segment_start} records
 * @param entriesImported how many entries were written (a plural line becomes one per item, a cache lock none)
 * @param chained         whether the segment was created hash-chained (its entries carry chain fields);
 *                        false when the store lacks that capability and a plain
 *                        {@link SegmentStore#create} was used instead
 * @param headHash        nullable: the new chain's head hash, in the current canonical format; null
 *                        when not {@code chained}
 * @param oldHeadHash     nullable: the session log's head hash, as written on its last line (provenance);
 *                        null for the first, unchained version
 * @param oldChain        the verification of the older chain over the original bytes
 * @param trace           the trace entry appended to the new segment, recording the provenance
 */
public record SessionLogImport(
        SegmentId segmentId,
        SessionId sessionId,
        long entriesImported,
        boolean chained,
        EntryHash headHash,
        EntryHash oldHeadHash,
        ChainReport oldChain,
        TraceEntry trace) {

    /**
     * @throws NullPointerException     if a non-nullable component is null
     * @throws IllegalArgumentException if {@code headHash} is absent on a chained import or present
     *                                  on an unchained one
     */
    public SessionLogImport {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(oldChain, "oldChain");
        Objects.requireNonNull(trace, "trace");
        if (chained != (headHash != null)) {
            throw new IllegalArgumentException("a chained import has a head hash, an unchained one has none");
        }
    }
}
