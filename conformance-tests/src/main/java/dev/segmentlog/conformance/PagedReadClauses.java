package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertStoredEntries;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The clauses of the group "paged reads" ({@link SegmentStoreConformanceTest.PagedReads}): a
 * segment of {@value #ENTRIES} entries, written with one batch, read a page at a time.
 */
abstract class PagedReadClauses extends Clauses {
    /** Entries of the big segment: several pages of every limit, and more than {@code SegmentStore.READ_ALL_PAGE}. */
    static final int ENTRIES = 10_000;
    /** One entry a page, a small odd size, the library's sizes, and more than the segment holds. */
    private static final int[] LIMITS = {1, 7, 1000, 4096, ENTRIES + 1};

    PagedReadClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-PAGE-01] walking a 10,000-entry segment page by page, with limits 1, 7, 1000, 4096 and more than its count, returns every entry once, in order, each page exactly the next one")
    void C_PAGE_01_walkingEveryPageReturnsEveryEntryOnce() {
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> written = createBigSegment(segment);
        for (int limit : LIMITS) {
            long position = 0;
            List<StoredEntry> page;
            do {
                page = store().read(segment, position, limit);
                assertPage(written, position, limit, page, "the walk with limit " + limit);
                position += page.size();
            } while (page.size() == limit); // a short page is the end, as readAll and SegmentLog take it
        }
    }

    @Test
    @DisplayName("[C-PAGE-02] read(position, limit) of a 10,000-entry segment returns exactly the entries from position on, at most limit of them, at the start, middle, last entry, count and past it")
    void C_PAGE_02_everyPositionAndLimitGivesTheExactSlice() {
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> written = createBigSegment(segment);
        long[] positions = {0, 1, ENTRIES / 2, ENTRIES - 1, ENTRIES, ENTRIES + 1, Long.MAX_VALUE};
        for (long position : positions) {
            for (int limit : LIMITS) {
                assertPage(written, position, limit, store().read(segment, position, limit), "a single read");
            }
            assertPage(written, position, Integer.MAX_VALUE, store().read(segment, position, Integer.MAX_VALUE), "a single read");
        }
    }

    @Test
    @DisplayName("[C-PAGE-03] read with a limit below 1 throws IllegalArgumentException, at any position")
    void C_PAGE_03_limitBelowOneIsRefused() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()), fx.marker("a"))));
        for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
            for (long position : new long[] {0, 1, 2, 5}) {
                assertThrows(IllegalArgumentException.class, () -> store().read(segment, position, limit),
                        "read(" + position + ", " + limit + ")");
            }
        }
    }

    /** Creates {@code segment} with {@value #ENTRIES} entries, all but the start appended as one batch, and returns them. */
    private List<StoredEntry> createBigSegment(SegmentId segment) {
        List<LogEntry> entries = new ArrayList<>(ENTRIES);
        entries.add(fx.plainStart(SessionId.generate()));
        entries.addAll(fx.markers("entry-", ENTRIES - 1));
        List<StoredEntry> written = StoredEntry.plain(entries);
        store().create(segment, written.subList(0, 1));
        store().append(segment, ExpectedCount.exactly(1), written.subList(1, ENTRIES));
        return written;
    }

    /** Fails unless {@code page} is exactly the slice of {@code written} that read(position, limit) must return. */
    private static void assertPage(List<StoredEntry> written, long position, int limit, List<StoredEntry> page, String what) {
        int from = (int) Math.min(position, written.size());
        List<StoredEntry> expected = written.subList(from, (int) Math.min((long) from + limit, written.size()));
        if (!expected.equals(page)) { // the message is built only on failure: the walk with limit 1 reads 10,001 pages
            assertStoredEntries(expected, page, what + ": read(" + position + ", " + limit + ")");
        }
    }
}
