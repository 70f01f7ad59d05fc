package dev.segmentlog.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An entry as a store holds it, with its place in the segment's hash chain.
 *
 * @param entry    the entry
 * @param prevHash nullable: the previous entry's hash; null for the first entry, and for every
 *                 entry of a segment that is not chained
 * @param hash     nullable: this entry's hash; null when the segment is not chained
 */
public record HashedEntry(LogEntry entry, EntryHash prevHash, EntryHash hash) {

    /**
     * @throws NullPointerException     if {@code entry} is null
     * @throws IllegalArgumentException if {@code prevHash} is set without {@code hash}
     */
    public HashedEntry {
        Objects.requireNonNull(entry, "entry");
        if (hash == null && prevHash != null) {
            throw new IllegalArgumentException("an entry with a prev_hash must have a hash");
        }
    }

    /** An entry of a segment that is not chained. */
    public static HashedEntry unchained(LogEntry entry) {
        return new HashedEntry(entry, null, null);
    }

    /**
     * Entries of a segment that is not chained.
     *
     * @throws NullPointerException if {@code entries} is or holds null
     */
    public static List<HashedEntry> unchained(List<? extends LogEntry> entries) {
        List<HashedEntry> unchained = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            unchained.add(unchained(entry));
        }
        return unchained;
    }

    /**
     * The entries without their chain fields, in order.
     *
     * @throws NullPointerException if {@code hashed} is or holds null
     */
    public static List<LogEntry> entries(List<HashedEntry> hashed) {
        List<LogEntry> entries = new ArrayList<>(hashed.size());
        for (HashedEntry stored : hashed) {
            entries.add(stored.entry());
        }
        return entries;
    }

    /** Whether the entry carries a hash. */
    public boolean isChained() {
        return hash != null;
    }
}
