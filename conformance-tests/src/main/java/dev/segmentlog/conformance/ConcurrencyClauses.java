package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.Concurrently.runTogether;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "concurrent writers" ({@link SegmentStoreConformanceTest.Concurrency}). */
abstract class ConcurrencyClauses extends Clauses {

    ConcurrencyClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-CONC-01] threads appending concurrently: every entry present exactly once, each thread's order and batches kept")
    void C_CONC_01_concurrentAppendsAllLand() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        int threads = 4;
        int rounds = 12; // each round: one single append, one batch of two
        runTogether(threads, t -> () -> {
            for (int r = 0; r < rounds; r++) {
                store().append(segment, fx.marker("t" + t + "-s" + r));
                store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("t" + t + "-b" + r + "a"), fx.marker("t" + t + "-b" + r + "b"))));
            }
            return null;
        });
        List<LogEntry> all = store().readAll(segment);
        int expected = 1 + threads * rounds * 3;
        assertEquals(expected, store().count(segment), "count after concurrent appends");
        assertEquals(expected, all.size(), "entries after concurrent appends");
        List<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).toList();
        assertEquals(labels.size(), new HashSet<>(labels).size(), "an entry was stored twice: " + labels);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> own = labels.stream().filter(l -> l != null && l.startsWith(prefix)).toList();
            List<String> expectedOwn = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                expectedOwn.addAll(List.of(prefix + "s" + r, prefix + "b" + r + "a", prefix + "b" + r + "b"));
            }
            assertEquals(expectedOwn, own, "thread " + t + "'s entries, in its order");
        }
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label != null && label.endsWith("a") && label.contains("-b")) {
                String partner = label.substring(0, label.length() - 1) + "b";
                assertTrue(i + 1 < labels.size() && partner.equals(labels.get(i + 1)),
                        "batch " + label + "/" + partner + " was interleaved with another writer's entries");
            }
        }
    }

    @Test
    @DisplayName("[C-CONC-02] writers retrying conditional appends on conflict never lose nor duplicate an entry")
    void C_CONC_02_optimisticWritersConverge() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        int threads = 3;
        int perThread = 8;
        List<Integer> conflicts = runTogether(threads, t -> () -> {
            int seen = 0;
            for (int i = 0; i < perThread; i++) {
                LogEntry entry = fx.marker("w" + t + "-" + i);
                while (true) {
                    long count = store().count(segment);
                    try {
                        store().append(segment, ExpectedCount.exactly(count), StoredEntry.plain(List.of(entry)));
                        break;
                    } catch (ConflictException conflict) {
                        seen++; // another writer got there first: read the count again
                    }
                }
            }
            return seen;
        });
        List<LogEntry> all = store().readAll(segment);
        assertEquals(1 + threads * perThread, all.size(),
                "entries after optimistic writers (conflicts seen: " + conflicts + ")");
        Set<String> labels = all.subList(1, all.size()).stream().map(Fixtures::labelOf).collect(Collectors.toSet());
        assertEquals(threads * perThread, labels.size(), "every optimistic writer's entry exactly once");
    }

    @Test
    @DisplayName("[C-CONC-03] threads creating the same segment id at once: exactly one succeeds, the others throw SegmentAlreadyExistsException, and the segment is the winner's, whole")
    void C_CONC_03_oneOfRacingCreatesWins() {
        Races.oneCreateWins(List.of(store(), store(), store(), store()), fx, 5);
    }

    @Test
    @DisplayName("[C-CONC-04] readers racing writers that append batches never see part of a batch, a torn entry or a count that disagrees with what they read")
    void C_CONC_04_readersSeeWholeBatches() {
        Races.batchesAreSeenWhole(List.of(store(), store()), List.of(store(), store()), fx);
    }
}
