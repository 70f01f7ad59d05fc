package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentHead;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.util.Collection;
import java.util.List;

/** Assertions the clauses share: failures name the first differing position and never print a megabyte. */
final class KitAssertions {
    private KitAssertions() {}

    /** Fails with the first differing position, never printing a megabyte of entries. */
    static void assertEntries(List<? extends LogEntry> expected, List<? extends LogEntry> actual, String what) {
        assertSameElements(expected, actual, what);
    }

    /** As {@link #assertEntries}, for entries with their chain fields (shown first, so a wrong hash is visible). */
    static void assertStoredEntries(List<StoredEntry> expected, List<StoredEntry> actual, String what) {
        assertSameElements(expected, actual, what);
    }

    /** Fails unless {@code entries} are a chained segment whose chain verifies intact (and reaches {@code recorded}, if given). */
    static void assertIntact(SegmentId segment, List<StoredEntry> entries, SegmentHead recorded) {
        ChainReport report = HashChain.verify(segment, entries, recorded);
        assertTrue(report.chained(), "HashChain.verify of what read returned must find the segment chained");
        assertTrue(report.intact(), "HashChain.verify of what read returned: " + report.breaks());
    }

    static void assertNotFound(SegmentId segment, Runnable call, String what) {
        SegmentNotFoundException error = assertThrows(SegmentNotFoundException.class, call::run,
                what + " of an unknown segment must throw SegmentNotFoundException");
        assertEquals(segment, error.segmentId(), what + ": SegmentNotFoundException.segmentId()");
    }

    /** The ids of {@code listing} that are among {@code own}, in listing order (duplicates kept, so they show). */
    static <T> List<T> ownIds(List<T> listing, Collection<T> own) {
        return listing.stream().filter(own::contains).toList();
    }

    private static void assertSameElements(List<?> expected, List<?> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder why = new StringBuilder(what).append(": expected ").append(expected.size())
                .append(" entries, read ").append(actual.size());
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                why.append("; first difference at position ").append(i).append(": expected ").append(brief(expected.get(i)))
                        .append(" but read ").append(brief(actual.get(i)));
                fail(why.toString());
            }
        }
        if (expected.size() > common) {
            why.append("; missing from position ").append(common).append(": ").append(brief(expected.get(common)));
        } else {
            why.append("; unexpected from position ").append(common).append(": ").append(brief(actual.get(common)));
        }
        fail(why.toString());
    }

    private static String brief(Object value) {
        if (value instanceof StoredEntry stored) {
            return "{prev_hash=" + stored.prevHash() + ", hash=" + stored.hash() + ", entry=" + brief(stored.entry()) + "}";
        }
        String text = String.valueOf(value);
        return text.length() <= 400 ? text : text.substring(0, 400) + "… (" + text.length() + " characters)";
    }
}
