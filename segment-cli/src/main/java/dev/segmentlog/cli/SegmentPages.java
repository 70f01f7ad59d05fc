package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A segment's entries read a page at a time as they are iterated, so a command holds one page of a
 * segment in memory, never the whole of it. Each page is one {@link SegmentStore#read}; the first is
 * read when iteration starts (a missing segment throws there).
 */
final class SegmentPages implements Iterable<List<StoredEntry>> {
    /** How many entries one read asks for. */
    static final int LIMIT = SegmentStore.READ_ALL_PAGE;

    private final SegmentStore store;
    private final SegmentId segment;
    private final long from;
    private final long to;

    private SegmentPages(SegmentStore store, SegmentId segment, long from, long to) {
        this.store = store;
        this.segment = segment;
        this.from = from;
        this.to = to;
    }

    /** The pages from {@code position} to the end of the segment, however long it grows meanwhile. */
    static SegmentPages from(SegmentStore store, SegmentId segment, long position) {
        return new SegmentPages(store, segment, position, Long.MAX_VALUE);
    }

    /**
     * The pages of the entries before {@code end}: a bound taken from {@link SegmentStore#count} before
     * reading, so a live segment that grows meanwhile does not move it.
     */
    static SegmentPages before(SegmentStore store, SegmentId segment, long end) {
        return new SegmentPages(store, segment, 0, end);
    }

    @Override
    public Iterator<List<StoredEntry>> iterator() {
        return new Iterator<>() {
            private long position = from;
            private List<StoredEntry> next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null || ended) {
                    return next != null;
                }
                if (position >= to) {
                    ended = true;
                    return false;
                }
                int limit = (int) Math.min(LIMIT, to - position);
                List<StoredEntry> page = store.read(segment, position, limit);
                ended = page.size() < limit; // a short page is the end of the segment
                position += page.size();
                next = page.isEmpty() ? null : page;
                return next != null;
            }

            @Override
            public List<StoredEntry> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<StoredEntry> page = next;
                next = null;
                return page;
            }
        };
    }
}
