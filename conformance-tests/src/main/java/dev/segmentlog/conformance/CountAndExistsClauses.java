package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "count and exists" ({@link SegmentStoreConformanceTest.CountAndExists}). */
abstract class CountAndExistsClauses extends Clauses {

    CountAndExistsClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-COUNT-01] count equals the entries written, through every kind of write and refused writes")
    void C_COUNT_01_countTracksWrites() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()), fx.marker("a"), fx.marker("b"))));
        assertEquals(3, store().count(segment), "count after create with 3 entries");
        store().append(segment, fx.marker("c"));
        assertEquals(4, store().count(segment), "count after an append");
        store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("d"), fx.marker("e"), fx.marker("f"))));
        assertEquals(7, store().count(segment), "count after a batch of 3");
        store().append(segment, ExpectedCount.exactly(7), StoredEntry.plain(List.of(fx.marker("g"), fx.marker("h"))));
        assertEquals(9, store().count(segment), "count after a conditional batch of 2");
        assertThrows(ConflictException.class, () -> store().append(segment, ExpectedCount.exactly(7), StoredEntry.plain(List.of(fx.marker("late")))));
        assertThrows(InvalidEntryException.class, () -> store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("i"), fx.refused()))));
        assertEquals(9, store().count(segment), "count after a conflict and a refused batch");
        assertEquals(store().readAll(segment).size(), store().count(segment), "count must equal the number of entries read");
    }

    @Test
    @DisplayName("[C-EXISTS-01] exists is true for a created segment and false for an unknown one")
    void C_EXISTS_01_existsTellsTheTruth() {
        SegmentId created = SegmentId.generate();
        SegmentId unknown = SegmentId.generate();
        assertFalse(store().exists(created), "exists before create");
        store().create(created, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        assertTrue(store().exists(created), "exists after create");
        assertFalse(store().exists(unknown), "exists of an id never created");
        assertThrows(SegmentNotFoundException.class, () -> store().append(unknown, fx.marker("x")));
        assertFalse(store().exists(unknown), "an append to an unknown segment must not create it");
    }
}
