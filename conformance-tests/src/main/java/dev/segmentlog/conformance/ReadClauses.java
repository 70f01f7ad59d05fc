package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The clauses of the group "read from a position" ({@link SegmentStoreConformanceTest.ReadFrom}). */
abstract class ReadClauses extends Clauses {

    ReadClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-READ-01] read(K, limit) with a limit past the end returns exactly the entries from K on, for every K, and readAll returns them all")
    void C_READ_01_readFromEveryPosition() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("0")));
        store().create(segment, StoredEntry.plain(written));
        List<LogEntry> more = List.of(fx.marker("1"), fx.marker("2"), fx.marker("3"), fx.marker("4"));
        store().append(segment, ExpectedCount.any(), StoredEntry.plain(more.subList(0, 2)));
        store().append(segment, more.get(2));
        store().append(segment, more.get(3));
        written.addAll(more);
        for (int k = 0; k < written.size(); k++) {
            assertEntries(written.subList(k, written.size()), StoredEntry.entries(store().read(segment, k, 100)),
                    "read(" + k + ", 100)");
        }
        assertEntries(written, store().readAll(segment), "readAll");
    }

    @Test
    @DisplayName("[C-READ-02] read at the count, or past it, is empty")
    void C_READ_02_readFromAtOrPastEnd() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b"))));
        assertAll(
                () -> assertEquals(List.of(), store().read(segment, 3, 10), "read(count, 10)"),
                () -> assertEquals(List.of(), store().read(segment, 4, 10), "read(count + 1, 10)"),
                () -> assertEquals(List.of(), store().read(segment, 1_000_000, 10), "read(count + 999997, 10)"),
                () -> assertEquals(List.of(), store().read(segment, Long.MAX_VALUE, Integer.MAX_VALUE),
                        "read(Long.MAX_VALUE, Integer.MAX_VALUE)"));
    }

    @Test
    @DisplayName("[C-READ-03] read from a negative position throws IllegalArgumentException")
    void C_READ_03_readFromNegative() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        assertThrows(IllegalArgumentException.class, () -> store().read(segment, -1, 10), "read(-1, 10)");
        assertThrows(IllegalArgumentException.class, () -> store().read(segment, Long.MIN_VALUE, 10), "read(Long.MIN_VALUE, 10)");
    }
}
