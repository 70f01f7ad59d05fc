package dev.segmentlog.cli;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What several commands need to know about hash chains, read only through the port. */
final class Chains {
    /** The shortest hash prefix {@code fork --at-hash} accepts: what {@code show} prints is longer. */
    static final int MIN_PREFIX = 8;
    private static final Pattern HEX_PREFIX = Pattern.compile("[0-9a-f]{" + MIN_PREFIX + ",64}");

    private Chains() {}

    /**
     * Whether a segment is hash-chained: its {@code segment_start} carries a hash. A store without the
     * hash-chain capability returns every entry plain, so none of its segments is.
     */
    static boolean isChained(SegmentStore store, SegmentId segment) {
        List<StoredEntry> start = store.read(segment, 0, 1);
        return !start.isEmpty() && start.get(0).isChained();
    }

    /**
     * The full hash of the entry of {@code entries} that {@code text} names: all 64 hex digits, or a
     * prefix of at least {@link #MIN_PREFIX} that only one entry's hash starts with.
     *
     * @throws IllegalArgumentException if {@code text} is not such a hash or prefix, or names no entry
     *                                  or several
     */
    static EntryHash resolve(SegmentId segment, List<StoredEntry> entries, String text) {
        String hex = text.strip().toLowerCase(Locale.ROOT);
        if (!HEX_PREFIX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid entry hash '" + text + "': expected 64 hex digits, "
                    + "or a prefix of at least " + MIN_PREFIX + " as 'segmentlog show' prints it");
        }
        EntryHash found = null;
        for (StoredEntry entry : entries) {
            if (entry.hash() != null && entry.hash().hex().startsWith(hex)) {
                if (found != null && !found.equals(entry.hash())) {
                    throw new IllegalArgumentException("hash prefix " + hex + " is ambiguous in segment " + segment
                            + ": give more digits");
                }
                found = entry.hash();
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("segment " + segment + " has no entry with hash " + hex);
        }
        return found;
    }
}
