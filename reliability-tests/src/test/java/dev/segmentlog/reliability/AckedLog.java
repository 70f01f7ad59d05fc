package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the crash tests know was acknowledged, and the check that a reopened store holds it: the
 * segment is its start, then for each writer incarnation (in order) its marks 0..m-1 in order, where
 * m is at least what was acknowledged and at most that plus the one batch in flight when it was killed
 * (and only that batch whole: batches are all or nothing), then the test's probe entry.
 *
 * <p>After each kill {@link #verifyAndProbe} checks what the killed incarnation left (the entries after
 * the last probe), so a round costs the same however long the segment grew; {@link #verifyAll} reads
 * the whole segment again at the end, so an entry of an earlier round that a later crash damaged
 * counts as lost too.
 */
final class AckedLog {
    private static final int PAGE = 512;

    private final String uri;
    private final SegmentId segment;
    private final String context;
    private final List<Incarnation> incarnations = new ArrayList<>();
    /** Entries at positions before this are checked: the start, then each finished incarnation's marks and probe. */
    private long verified;
    private int inFlightBatchesStored;

    private static final class Incarnation {
        final String writer;
        long acked;
        long stored;
        LogEntry probe;

        Incarnation(String writer) {
            this.writer = writer;
        }
    }

    AckedLog(String uri, SegmentId segment, String context) {
        this.uri = uri;
        this.segment = segment;
        this.context = context;
    }

    void begin(String writer) {
        incarnations.add(new Incarnation(writer));
    }

    /** Records an {@code ack FIRST LAST} line of the current incarnation; returns whether the line was one. */
    boolean ack(String line) {
        if (line == null || !line.startsWith("ack ")) {
            return false;
        }
        String[] parts = line.split(" ");
        Incarnation current = current();
        long first = Long.parseLong(parts[1]);
        assertEquals(current.acked, first, context + ": acks must follow each other: " + line);
        current.acked = Long.parseLong(parts[2]) + 1;
        return true;
    }

    long acked() {
        return current().acked;
    }

    long totalAcked() {
        return incarnations.stream().mapToLong(i -> i.acked).sum();
    }

    /** How many incarnations were killed after their last batch was stored but before it was acknowledged. */
    int inFlightBatchesStored() {
        return inFlightBatchesStored;
    }

    /** The entries the store holds, all of them checked: the count after the last {@link #verifyAndProbe}. */
    long verified() {
        return verified;
    }

    private Incarnation current() {
        return incarnations.get(incarnations.size() - 1);
    }

    /**
     * Reopens the store and checks what the current incarnation left after the last checked entry:
     * every acknowledged mark, in order and decodable, at most the whole batch in flight more, and
     * nothing else; then appends a probe entry (conditionally, at the count read) and reads it back.
     */
    void verifyAndProbe(int round) {
        Incarnation current = current();
        try (SegmentStore store = SegmentStores.open(uri)) {
            long count = store.count(segment);
            Cursor cursor = new Cursor(store, verified == 0 ? 0 : verified - 1);
            if (verified == 0) {
                assertInstanceOf(LogEntry.SegmentStart.class, cursor.next(), context + ": first entry");
            } else {
                Incarnation previous = incarnations.get(incarnations.size() - 2);
                assertEquals(previous.probe, cursor.next(), context + ": probe after " + previous.writer);
            }
            current.stored = checkMarks(cursor, current);
            assertNull(cursor.next(), context + ": unexpected entry after the marks of " + current.writer);
            assertEquals(count, cursor.position(), context + ": count agrees with the entries read");
            if (current.stored > current.acked) {
                inFlightBatchesStored++;
            }
            LogEntry probe = Marks.mark("probe", round);
            store.append(segment, ExpectedCount.exactly(count), List.of(StoredEntry.plain(probe)));
            current.probe = probe;
            // a page of 2: the probe alone means nothing follows it
            List<LogEntry> after = StoredEntry.entries(store.read(segment, count, 2));
            assertEquals(List.of(probe), after, context + ": the append after the crash is read back");
            verified = count + 1;
        }
    }

    /**
     * Reopens the store and reads the whole segment: the start, then every incarnation's marks as
     * {@link #verifyAndProbe} found them, and its probe. Call after the last {@link #verifyAndProbe}.
     */
    void verifyAll() {
        try (SegmentStore store = SegmentStores.open(uri)) {
            Cursor cursor = new Cursor(store, 0);
            assertInstanceOf(LogEntry.SegmentStart.class, cursor.next(), context + ": first entry");
            for (Incarnation incarnation : incarnations) {
                assertEquals(incarnation.stored, checkMarks(cursor, incarnation), context + ": marks of "
                        + incarnation.writer + " changed since they were checked after its kill");
                assertEquals(incarnation.probe, cursor.next(), context + ": probe after " + incarnation.writer);
            }
            assertNull(cursor.next(), context + ": unexpected entry at position " + (cursor.position() - 1));
            assertEquals(store.count(segment), cursor.position(), context + ": count agrees with the entries read");
        }
    }

    /** Reads the incarnation's marks from the cursor; fails on a lost acknowledged mark or a torn batch. */
    private long checkMarks(Cursor cursor, Incarnation incarnation) {
        long m = 0;
        LogEntry entry;
        while ((entry = cursor.peek()) != null) {
            Optional<Marks.Mark> mark = Marks.parse(entry);
            if (mark.isEmpty() || !mark.get().writer().equals(incarnation.writer)) {
                break;
            }
            assertEquals(m, mark.get().index(), context + ": writer " + incarnation.writer
                    + " marks out of order at position " + cursor.position());
            assertEquals(Marks.mark(incarnation.writer, m), entry, context + ": entry at position "
                    + cursor.position() + " is not the one written");
            cursor.next();
            m++;
        }
        if (m < incarnation.acked) {
            fail(context + ": LOST acknowledged entries of writer " + incarnation.writer + ": acknowledged "
                    + incarnation.acked + ", stored " + m);
        }
        long inFlight = Marks.batchSize(incarnation.acked);
        assertTrue(m == incarnation.acked || m == incarnation.acked + inFlight, context + ": writer "
                + incarnation.writer + " stored " + m + " marks; acknowledged " + incarnation.acked
                + ", so only " + incarnation.acked + " or " + (incarnation.acked + inFlight)
                + " (the whole batch in flight) are possible: a torn batch");
        return m;
    }

    /** Reads a segment forward a page at a time, so a long segment is never held in memory. */
    private final class Cursor {
        private final SegmentStore store;
        private List<LogEntry> page = List.of();
        private int inPage;
        private long position;

        Cursor(SegmentStore store, long position) {
            this.store = store;
            this.position = position;
        }

        /** The entry at {@link #position()}, or null at the end of the segment. */
        LogEntry peek() {
            if (inPage == page.size()) {
                page = StoredEntry.entries(store.read(segment, position, PAGE));
                inPage = 0;
                if (page.isEmpty()) {
                    return null;
                }
            }
            return page.get(inPage);
        }

        LogEntry next() {
            LogEntry entry = peek();
            if (entry != null) {
                inPage++;
                position++;
            }
            return entry;
        }

        /** The position of the entry {@link #peek()} returns. */
        long position() {
            return position;
        }
    }
}
