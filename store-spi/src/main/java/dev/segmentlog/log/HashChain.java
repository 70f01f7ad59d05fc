package dev.segmentlog.log;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Links entries into a segment's hash chain and verifies a stored chain. Each entry's hash is
 * SHA-256 over the previous hash (32 zero bytes for the first entry) and the entry's canonical line
 * ({@link EntryCodec#encode(LogEntry)}): the original runtime's hash-chained session log's rule.
 */
public final class HashChain {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private HashChain() {}

    /**
     * Links {@code entries} after {@code previous}: one hash each, no re-read of the log.
     *
     * @param previous nullable: null when the first entry opens the segment
     * @throws InvalidEntryException if an entry is refused by the codec
     * @throws NullPointerException  if {@code entries} is or holds null
     */
    public static List<StoredEntry> link(EntryHash previous, List<LogEntry> entries) {
        List<StoredEntry> linked = new ArrayList<>(entries.size());
        EntryHash prev = previous;
        for (LogEntry entry : entries) {
            EntryHash hash = CODEC.hash(prev, entry);
            linked.add(new StoredEntry(entry, prev, hash));
            prev = hash;
        }
        return linked;
    }

    /**
     * Recomputes a stored chain and reports the first position where it breaks.
     *
     * @param segment  the segment the entries belong to
     * @param entries  its entries as the store returned them, from position 0
     * @param recorded nullable: a head recorded elsewhere (by a writer, or by a fork's origin) that
     *                 the log must still reach, to catch a truncated or rewritten tail
     * @throws NullPointerException if {@code segment} or {@code entries} is null
     */
    public static ChainReport verify(SegmentId segment, List<StoredEntry> entries, SegmentHead recorded) {
        Objects.requireNonNull(segment, "segment");
        if (entries.isEmpty() || !entries.get(0).isChained()) {
            return new ChainReport(segment, entries.size(), false, List.of());
        }
        Map<EntryHash, Integer> positions = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).hash() != null) {
                positions.putIfAbsent(entries.get(i).hash(), i);
            }
        }
        List<ChainReport.Break> breaks = new ArrayList<>(1);
        EntryHash prev = null;
        for (int i = 0; i < entries.size() && breaks.isEmpty(); i++) {
            StoredEntry stored = entries.get(i);
            if (!stored.isChained()) {
                breaks.add(new ChainReport.Break(i, ChainReport.Problem.UNCHAINED_ENTRY,
                        "a " + stored.entry().kind().wireName() + " entry without a hash in a chained segment"));
            } else if (!Objects.equals(stored.prevHash(), prev)) {
                Integer follows = stored.prevHash() == null ? null : positions.get(stored.prevHash());
                breaks.add(follows != null && follows > i
                        ? new ChainReport.Break(i, ChainReport.Problem.REORDERED,
                                "it follows the entry now at position " + follows)
                        : new ChainReport.Break(i, ChainReport.Problem.REMOVED,
                                "its predecessor " + (stored.prevHash() == null ? "(none: it claims to open the segment)"
                                        : stored.prevHash().hex()) + " is not in the log"));
            } else if (!CODEC.hash(prev, stored.entry()).equals(stored.hash())) {
                breaks.add(new ChainReport.Break(i, ChainReport.Problem.ALTERED,
                        "its " + stored.entry().kind().wireName() + " content does not hash to " + stored.hash().hex()));
            } else {
                prev = stored.hash();
            }
        }
        if (breaks.isEmpty() && recorded != null && recorded.headHash() != null) {
            long reach = recorded.entriesWritten();
            if (entries.size() < reach) {
                breaks.add(new ChainReport.Break(entries.size(), ChainReport.Problem.TRUNCATED,
                        "the log holds " + entries.size() + " entries; a head was recorded after " + reach));
            } else if (reach < 1 || !recorded.headHash().equals(entries.get((int) reach - 1).hash())) {
                breaks.add(new ChainReport.Break(Math.max(0, reach - 1), ChainReport.Problem.REWRITTEN,
                        "the entry at the recorded head does not have the recorded hash " + recorded.headHash().hex()));
            }
        }
        return new ChainReport(segment, entries.size(), true, breaks);
    }
}
