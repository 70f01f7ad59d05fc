package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
 */
final class AckedLog {
    private final String uri;
    private final SegmentId segment;
    private final String context;
    private final List<Incarnation> incarnations = new ArrayList<>();
    private long verified;

    private static final class Incarnation {
        final String writer;
        long acked;
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
        Incarnation current = incarnations.get(incarnations.size() - 1);
        long first = Long.parseLong(parts[1]);
        assertEquals(current.acked, first, context + ": acks must follow each other: " + line);
        current.acked = Long.parseLong(parts[2]) + 1;
        return true;
    }

    long acked() {
        return incarnations.get(incarnations.size() - 1).acked;
    }

    long totalAcked() {
        return incarnations.stream().mapToLong(i -> i.acked).sum();
    }

    /** Reentries verified by the last {@link #verifyAndProbe}. */
    long verified() {
        return verified;
    }

    /**
     * Reopens the store, checks every acknowledged entry is there, in order and decodable, then
     * appends a probe entry (conditionally, at the count read) and checks it is read back.
     */
    void verifyAndProbe(int round) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            List<LogEntry> entries = store.readAll(segment);
            assertEquals(entries.size(), store.count(segment), context + ": count agrees with the entries read");
            check(entries);
            LogEntry probe = Marks.mark("probe", round);
            store.append(segment, ExpectedCount.exactly(entries.size()), List.of(StoredEntry.plain(probe)));
            incarnations.get(incarnations.size() - 1).probe = probe;
            // a page of 2: the probe alone means nothing follows it
            List<LogEntry> after = StoredEntry.entries(store.read(segment, entries.size(), 2));
            assertEquals(List.of(probe), after, context + ": the append after the crash is read back");
            verified = entries.size() + 1L;
        }
    }

    private void check(List<LogEntry> entries) {
        assertTrue(!entries.isEmpty(), context + ": the segment lost its start");
        assertInstanceOf(LogEntry.SegmentStart.class, entries.get(0), context + ": first entry");
        int pos = 1;
        for (Incarnation incarnation : incarnations) {
            long m = 0;
            while (pos < entries.size()) {
                Optional<Marks.Mark> mark = Marks.parse(entries.get(pos));
                if (mark.isEmpty() || !mark.get().writer().equals(incarnation.writer)) {
                    break;
                }
                assertEquals(m, mark.get().index(), context + ": writer " + incarnation.writer
                        + " marks out of order at position " + pos);
                assertEquals(Marks.mark(incarnation.writer, m), entries.get(pos), context
                        + ": entry at position " + pos + " is not the one written");
                m++;
                pos++;
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
            if (incarnation.probe != null) {
                assertTrue(pos < entries.size(), context + ": probe after " + incarnation.writer + " lost");
                assertEquals(incarnation.probe, entries.get(pos), context + ": probe after " + incarnation.writer);
                pos++;
            }
        }
        assertEquals(entries.size(), pos, context + ": unexpected entries after position " + pos + ": "
                + entries.subList(pos, Math.min(entries.size(), pos + 3)));
    }
}
