package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.Concurrently.runTogether;
import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The clauses of the group "conditional append" ({@link SegmentStoreConformanceTest.ConditionalAppend}). */
abstract class ConditionalAppendClauses extends Clauses {

    ConditionalAppendClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-COND-01] a conditional append at the current count succeeds")
    void C_COND_01_succeedsAtCount() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
        store().create(segment, StoredEntry.plain(written));
        List<LogEntry> first = List.of(fx.marker("c1"), fx.marker("c2"));
        store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(first));
        written.addAll(first);
        List<LogEntry> second = List.of(fx.marker("c3"));
        store().append(segment, ExpectedCount.exactly(3), StoredEntry.plain(second));
        written.addAll(second);
        assertEntries(written, store().readAll(segment), "entries after conditional appends");
        assertEquals(4, store().count(segment), "count after conditional appends");
    }

    @Test
    @DisplayName("[C-COND-02] a conditional append at a stale count throws ConflictException (expected, actual) and writes nothing")
    void C_COND_02_staleCountConflicts() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b"));
        store().create(segment, StoredEntry.plain(written));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(List.of(fx.marker("late")))), "conditional append at a stale count");
        assertAll(
                () -> assertEquals(segment, conflict.segmentId(), "ConflictException.segmentId()"),
                () -> assertEquals(1, conflict.expectedCount(), "ConflictException.expectedCount()"),
                () -> assertEquals(3, conflict.actualCount(), "ConflictException.actualCount()"));
        assertEntries(written, store().readAll(segment), "entries after a conflict");
    }

    @Test
    @DisplayName("[C-COND-03] a conditional append at a count ahead of the segment throws ConflictException and writes nothing")
    void C_COND_03_countAheadConflicts() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"));
        store().create(segment, StoredEntry.plain(written));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> store().append(segment, ExpectedCount.exactly(5), StoredEntry.plain(List.of(fx.marker("x"), fx.marker("y")))),
                "conditional append at a count ahead of the segment");
        assertAll(
                () -> assertEquals(5, conflict.expectedCount(), "ConflictException.expectedCount()"),
                () -> assertEquals(2, conflict.actualCount(), "ConflictException.actualCount()"));
        assertEntries(written, store().readAll(segment), "entries after a conflict");
    }

    @Test
    @DisplayName("[C-COND-04] a conditional batch with a refused entry writes nothing, and the count still holds afterwards")
    void C_COND_04_conditionalBatchIsAtomic() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
        store().create(segment, StoredEntry.plain(written));
        assertThrows(InvalidEntryException.class,
                () -> store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(List.of(fx.marker("ok"), fx.refused()))),
                "conditional batch with a refused entry");
        assertEntries(written, store().readAll(segment), "entries after a refused conditional batch");
        LogEntry next = fx.marker("next");
        store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(List.of(next)));
        written.add(next);
        assertEntries(written, store().readAll(segment), "entries after a good conditional append at the same count");
    }

    @Test
    @DisplayName("[C-COND-06] a conditional append retried after it succeeded is never stored twice: the retry succeeds as a no-op or conflicts with the count after its own batch")
    void C_COND_06_retriedConditionalAppendIsIdempotentForItsWriter() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
        store().create(segment, StoredEntry.plain(written));
        List<LogEntry> batch = List.of(fx.marker("once"), fx.marker("only once"));
        store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(batch));
        // A writer that lost the answer (a timeout, a crash) retries the same call. A store may
        // recognise its own write (success) or report the conflict; it never stores the batch twice.
        try {
            store().append(segment, ExpectedCount.exactly(1), StoredEntry.plain(batch));
        } catch (ConflictException retry) {
            assertEquals(1 + batch.size(), retry.actualCount(), "ConflictException.actualCount() after the retry");
        }
        assertEquals(1 + batch.size(), store().count(segment), "count after the retry");
        assertEntries(batch, entriesFrom(segment, 1), "entries at the expected count: the writer's own batch, once");
        written.addAll(batch);
        assertEntries(written, store().readAll(segment), "entries after the retry");
    }

    @Test
    @Tag("concurrency")
    @DisplayName("[C-COND-05] two threads racing conditional appends at the same count: exactly one wins, the other conflicts, nothing interleaves")
    void C_COND_05_racingConditionalAppends() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        for (int round = 0; round < 8; round++) {
            long expected = store().count(segment);
            Map<String, List<LogEntry>> batches = new HashMap<>();
            for (String writer : List.of("A", "B")) {
                batches.put(writer, List.of(fx.marker(writer + round + "-1"), fx.marker(writer + round + "-2"),
                        fx.marker(writer + round + "-3")));
            }
            int currentRound = round;
            List<String> outcomes = runTogether(2, i -> () -> {
                String writer = i == 0 ? "A" : "B";
                try {
                    store().append(segment, ExpectedCount.exactly(expected), StoredEntry.plain(batches.get(writer)));
                    return "won:" + writer;
                } catch (ConflictException conflict) {
                    assertEquals(expected, conflict.expectedCount(), "round " + currentRound + ": ConflictException.expectedCount()");
                    assertEquals(expected + 3, conflict.actualCount(),
                            "round " + currentRound + ": the loser's ConflictException.actualCount() must count the winner's batch");
                    return "conflict:" + writer;
                }
            });
            List<String> winners = outcomes.stream().filter(o -> o.startsWith("won:")).map(o -> o.substring(4)).toList();
            assertEquals(1, winners.size(), "round " + round + ": exactly one of two racing conditional appends must win, got " + outcomes);
            assertEntries(batches.get(winners.get(0)), entriesFrom(segment, expected),
                    "round " + round + ": after the race the segment must end with the winner's whole batch and nothing else");
            assertEquals(expected + 3, store().count(segment), "round " + round + ": count after the race");
        }
    }

    @Test
    @DisplayName("[C-COND-07] ExpectedCount.exactly(count + 1) throws ConflictException; an empty conditional append is checked too: it succeeds, writing nothing, only at the count")
    void C_COND_07_oneAheadAndEmptyConditionalAppends() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"));
        store().create(segment, StoredEntry.plain(written));
        ConflictException ahead = assertThrows(ConflictException.class,
                () -> store().append(segment, ExpectedCount.exactly(3), List.of(StoredEntry.plain(fx.marker("x")))),
                "append(exactly(count + 1))");
        assertAll(
                () -> assertEquals(3, ahead.expectedCount(), "ConflictException.expectedCount()"),
                () -> assertEquals(2, ahead.actualCount(), "ConflictException.actualCount()"));

        assertDoesNotThrow(() -> store().append(segment, ExpectedCount.exactly(2), List.of()), "an empty append(exactly(count))");
        assertDoesNotThrow(() -> store().append(segment, ExpectedCount.any(), List.of()), "an empty append(any)");
        for (long other : new long[] {0, 1, 3}) {
            ConflictException conflict = assertThrows(ConflictException.class,
                    () -> store().append(segment, ExpectedCount.exactly(other), List.of()), "an empty append(exactly(" + other + "))");
            assertEquals(2, conflict.actualCount(), "ConflictException.actualCount() of an empty append(exactly(" + other + "))");
        }
        assertEntries(written, store().readAll(segment), "entries after empty appends and a conflict");
        assertEquals(2, store().count(segment), "count after empty appends and a conflict");
    }
}
