package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.Concurrently.runTogether;
import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * Races the kit stages between writers and readers on one store instance or, for
 * {@link Capability#SECOND_INSTANCE}, on two: each thread is given the instance it uses. Threads
 * start together ({@link Concurrently}); loops are bounded; nothing sleeps.
 */
final class Races {
    /** Entries of each appended batch. */
    static final int BATCH = 4;
    /** Batches each writer appends while the readers read. */
    static final int WRITER_BATCHES = 15;
    /** Reads each reader makes at most: enough to overlap the writers on a slow store, bounded on a fast one. */
    static final int MAX_READS = 2_000;
    /** Padding of each appended entry: a reader racing the writer of a larger entry has more chance to catch it half written. */
    private static final int PADDING = 400;

    private Races() {}

    /**
     * Over {@code rounds} rounds, one thread per element of {@code creators} creates the same new
     * segment id through that store, each with entries of its own (another session, another
     * length): exactly one create succeeds, every other throws {@link SegmentAlreadyExistsException}
     * naming the id, and every store reads the winner's segment, whole and nothing else; the losers'
     * sessions list nothing.
     */
    static void oneCreateWins(List<SegmentStore> creators, Fixtures fx, int rounds) {
        int threads = creators.size();
        for (int round = 0; round < rounds; round++) {
            SegmentId segment = SegmentId.generate();
            List<SessionId> sessions = new ArrayList<>();
            List<List<LogEntry>> attempts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SessionId session = SessionId.generate();
                List<LogEntry> entries = new ArrayList<>(List.of(fx.plainStart(session)));
                entries.addAll(fx.markers("round " + round + " creator " + t + " entry ", t + 1));
                sessions.add(session);
                attempts.add(entries);
            }
            String where = "round " + round + " of " + threads + " creates of one id at once";
            List<Boolean> created = runTogether(threads, t -> () -> {
                try {
                    creators.get(t).create(segment, StoredEntry.plain(attempts.get(t)));
                    return true;
                } catch (SegmentAlreadyExistsException lost) {
                    assertEquals(segment, lost.segmentId(), where + ": SegmentAlreadyExistsException.segmentId()");
                    return false;
                }
            });
            List<Integer> winners = IntStream.range(0, threads).filter(created::get).boxed().toList();
            assertEquals(1, winners.size(), where + ": exactly one must succeed and the others throw "
                    + "SegmentAlreadyExistsException, but these creators succeeded: " + winners);
            int winner = winners.get(0);
            for (int s = 0; s < threads; s++) {
                SegmentStore reader = creators.get(s);
                String through = where + ", read through creator " + s + "'s store";
                assertEntries(attempts.get(winner), reader.readAll(segment), through + ": the winner's entries, whole");
                assertEquals(attempts.get(winner).size(), reader.count(segment), through + ": count");
                assertEquals(sessions.get(winner), reader.info(segment).sessionId(), through + ": the winner's session");
            }
            for (int t = 0; t < threads; t++) {
                List<SegmentId> listed = Clauses.segmentsOf(creators.get(0), sessions.get(t));
                assertEquals(t == winner ? List.of(segment) : List.of(), listed,
                        where + ": the segments of creator " + t + "'s session (the winner is " + winner + ")");
            }
        }
    }

    /**
     * One thread per element of {@code writers} appends {@value #WRITER_BATCHES} batches of
     * {@value #BATCH} entries to one segment through that store, while one thread per element of
     * {@code readers} reads the segment through that store over and over (pages of 7, and all at
     * once), until the writers are done and once more after. Every read must hold whole batches
     * only, each writer's in its order, every entry exactly as written; a count taken before a read
     * must end on a batch boundary and never exceed what the read returns, nor one taken after fall
     * below it. At the end every batch is there once.
     */
    static void batchesAreSeenWhole(List<SegmentStore> writers, List<SegmentStore> readers, Fixtures fx) {
        SegmentId segment = SegmentId.generate();
        LogEntry start = fx.plainStart(SessionId.generate());
        writers.get(0).create(segment, List.of(StoredEntry.plain(start)));
        Batches batches = new Batches(writers.size(), fx);
        CountDownLatch writing = new CountDownLatch(writers.size());
        runTogether(writers.size() + readers.size(), t -> () -> {
            if (t < writers.size()) {
                try {
                    for (List<LogEntry> batch : batches.of(t)) {
                        writers.get(t).append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
                    }
                } finally {
                    writing.countDown();
                }
                return null;
            }
            int reader = t - writers.size();
            boolean writersDone;
            int reads = 0;
            do {
                writersDone = writing.getCount() == 0; // one more read once every writer is done
                int page = reads % 2 == 0 ? 7 : Integer.MAX_VALUE;
                batches.assertReadWhole(readers.get(reader), segment, start, page, "reader " + reader + ", read " + reads);
                reads++;
            } while (!writersDone && reads < MAX_READS);
            return null;
        });
        List<LogEntry> all = writers.get(0).readAll(segment);
        assertEquals(1 + writers.size() * WRITER_BATCHES * BATCH, all.size(), "entries after every writer is done");
        batches.assertWhole(all, start, "the segment after every writer is done");
    }

    /** The batches of each writer, built before the race, and where each entry belongs. */
    private static final class Batches {
        private final List<List<List<LogEntry>>> byWriter = new ArrayList<>();
        /** Each entry written: its writer, its batch and its index in the batch. */
        private final Map<LogEntry, int[]> places = new HashMap<>();

        Batches(int writers, Fixtures fx) {
            for (int w = 0; w < writers; w++) {
                List<List<LogEntry>> batches = new ArrayList<>();
                for (int b = 0; b < WRITER_BATCHES; b++) {
                    List<LogEntry> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        LogEntry entry = fx.paddedMarker("writer " + w + " batch " + b + " entry " + i, PADDING);
                        places.put(entry, new int[] {w, b, i});
                        batch.add(entry);
                    }
                    batches.add(batch);
                }
                byWriter.add(batches);
            }
        }

        List<List<LogEntry>> of(int writer) {
            return byWriter.get(writer);
        }

        /** Reads the whole segment through {@code reader} in pages of {@code page}, between two counts, and checks it. */
        void assertReadWhole(SegmentStore reader, SegmentId segment, LogEntry start, int page, String what) {
            long before = reader.count(segment);
            List<LogEntry> read = new ArrayList<>();
            List<StoredEntry> got;
            do {
                got = reader.read(segment, read.size(), page);
                got.forEach(stored -> read.add(stored.entry()));
            } while (got.size() == page);
            long after = reader.count(segment);
            if ((before - 1) % BATCH != 0) {
                fail(what + ": count() returned " + before + ", which ends inside a batch of " + BATCH
                        + " (a batch counted before it was all written?)");
            }
            if (before > read.size() || read.size() > after) {
                fail(what + ": count() returned " + before + " before the read and " + after + " after it, but the read"
                        + " (pages of " + page + ") returned " + read.size() + " entries");
            }
            assertWhole(read, start, what + " (pages of " + page + ")");
        }

        /** Fails unless {@code read} is the start followed by whole batches, each writer's in order, each entry as written. */
        void assertWhole(List<LogEntry> read, LogEntry start, String what) {
            if (read.isEmpty() || !start.equals(read.get(0))) {
                fail(what + ": the segment_start is not the first entry read");
            }
            int[] nextBatch = new int[byWriter.size()];
            for (int i = 1; i < read.size(); i += BATCH) {
                int[] first = placeOf(read, i, what);
                if (first[2] != 0) {
                    fail(what + ": entry " + i + " is entry " + first[2] + " of writer " + first[0] + "'s batch " + first[1]
                            + ", whose first entry is not before it (part of a batch, or batches interleaved)");
                }
                if (first[1] != nextBatch[first[0]]) {
                    fail(what + ": entry " + i + " starts writer " + first[0] + "'s batch " + first[1] + " where its batch "
                            + nextBatch[first[0]] + " was due (a batch lost, repeated or reordered)");
                }
                for (int j = 1; j < BATCH; j++) {
                    if (i + j >= read.size()) {
                        fail(what + ": the read ends with only " + j + " of the " + BATCH + " entries of writer " + first[0]
                                + "'s batch " + first[1] + " (part of a batch)");
                    }
                    int[] place = placeOf(read, i + j, what);
                    if (place[0] != first[0] || place[1] != first[1] || place[2] != j) {
                        fail(what + ": entry " + (i + j) + " is not entry " + j + " of writer " + first[0] + "'s batch "
                                + first[1] + " that starts at " + i + " (part of a batch, or batches interleaved)");
                    }
                }
                nextBatch[first[0]]++;
            }
        }

        private int[] placeOf(List<LogEntry> read, int position, String what) {
            int[] place = places.get(read.get(position));
            if (place == null) {
                String text = String.valueOf(read.get(position));
                fail(what + ": entry " + position + " is no entry that was written (torn, or mixed up): "
                        + text.substring(0, Math.min(120, text.length())));
            }
            return place;
        }
    }
}
