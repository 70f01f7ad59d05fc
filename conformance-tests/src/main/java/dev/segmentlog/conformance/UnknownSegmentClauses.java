package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertNotFound;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "unknown segments" ({@link SegmentStoreConformanceTest.UnknownSegment}). */
abstract class UnknownSegmentClauses extends Clauses {

    UnknownSegmentClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-NOTFOUND-01] every read, append, count, info and headHash of an unknown segment throws SegmentNotFoundException naming it")
    void C_NOTFOUND_01_unknownSegmentIsNotFound() {
        SegmentId unknown = SegmentId.generate();
        List<StoredEntry> one = List.of(StoredEntry.plain(fx.marker("x")));
        assertAll(
                () -> assertNotFound(unknown, () -> store().readAll(unknown), "readAll"),
                () -> assertNotFound(unknown, () -> store().read(unknown, 0, 10), "read(0, 10)"),
                () -> assertNotFound(unknown, () -> store().read(unknown, 3, 1), "read(3, 1)"),
                () -> assertNotFound(unknown, () -> store().append(unknown, one.get(0).entry()), "append of one entry"),
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.any(), one), "append(any)"),
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.exactly(0), one), "append(exactly 0)"),
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.exactly(1), one), "append(exactly 1)"),
                () -> assertNotFound(unknown, () -> store().count(unknown), "count"),
                () -> assertNotFound(unknown, () -> store().info(unknown), "info"),
                () -> assertNotFound(unknown, () -> store().headHash(unknown), "headHash"));
        assertFalse(store().exists(unknown), "a failed write to an unknown segment must not create it");
    }

    @Test
    @RequiresCapability(Capability.TRACE)
    @DisplayName("[C-NOTFOUND-02] trace append and read of an unknown segment throw SegmentNotFoundException naming it")
    void C_NOTFOUND_02_unknownSegmentTraceIsNotFound() {
        SegmentId unknown = SegmentId.generate();
        assertAll(
                () -> assertNotFound(unknown, () -> store().appendTrace(unknown, fx.trace("x")), "appendTrace"),
                () -> assertNotFound(unknown, () -> store().readTrace(unknown), "readTrace"));
        assertFalse(store().exists(unknown), "a trace append to an unknown segment must not create it");
    }

    @Test
    @DisplayName("[C-NOTFOUND-03] an empty append to an unknown segment, unconditional or conditional, throws SegmentNotFoundException naming it")
    void C_NOTFOUND_03_emptyAppendToAnUnknownSegmentIsNotFound() {
        SegmentId unknown = SegmentId.generate();
        assertAll(
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.any(), List.of()), "empty append(any)"),
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.exactly(0), List.of()),
                        "empty append(exactly 0)"),
                () -> assertNotFound(unknown, () -> store().append(unknown, ExpectedCount.exactly(1), List.of()),
                        "empty append(exactly 1)"));
        assertFalse(store().exists(unknown), "an empty append to an unknown segment must not create it");
    }
}
