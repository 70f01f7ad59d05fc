package dev.segmentlog.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An entry as a store holds it: the entry, and its place in the segment's hash chain when the
 * segment is chained. Stores take and return this one type; a segment that is not chained holds
 * {@linkplain #plain(LogEntry) plain} entries, whose chain fields are null.
 *
 * @param entry    the entry
 * @param prevHash nullable: the previous entry's hash; null for the first entry, and for every
 *                 entry of a segment that is not chained
 * @param hash     nullable: this entry's hash; null when the segment is not chained
 */
public record StoredEntry(LogEntry entry, EntryHash prevHash, EntryHash hash) {

    /**
     * @throws NullPointerException     if {@code entry} is null
     * @throws IllegalArgumentException if {@code prevHash} is set without {@code hash}
     */
    public StoredEntry {
        Objects.requireNonNull(entry, "entry");
        if (hash == null && prevHash != null) {
            throw new IllegalArgumentException("an entry with a prev_hash must have a hash");
        }
    }

    /**
     * An entry without chain fields.
     *
     * @throws NullPointerException if {@code entry} is null
     */
    public static StoredEntry plain(LogEntry entry) {
        return new StoredEntry(entry, null, null);
    }

    /**
     * Entries without chain fields, in order.
     *
     * @throws NullPointerException if {@code entries} is or holds null
     */
    public static List<StoredEntry> plain(List<? extends LogEntry> entries) {
        List<StoredEntry> plain = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            plain.add(plain(entry));
        }
        return plain;
    }

    /**
     * The entries without their chain fields, in order.
     *
     * @throws NullPointerException if {@code stored} is or holds null
     */
    public static List<LogEntry> entries(List<StoredEntry> stored) {
        List<LogEntry> entries = new ArrayList<>(stored.size());
        for (StoredEntry entry : stored) {
            entries.add(entry.entry());
        }
        return entries;
    }

    /**
     * Whether any of {@code entries} carries chain fields.
     *
     * @throws NullPointerException if {@code entries} is or holds null
     */
    public static boolean anyChained(List<StoredEntry> entries) {
        for (StoredEntry entry : entries) {
            if (entry.isChained()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the entry carries a hash. */
    public boolean isChained() {
        return hash != null;
    }
}
