package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "trace" ({@link SegmentStoreConformanceTest.Trace}). */
abstract class TraceClauses extends Clauses {

    TraceClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-TRACE-01] trace entries are read back in order; a segment never traced has an empty trace")
    void C_TRACE_01_traceRoundTrips() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        assertEquals(List.of(), store().readTrace(segment), "trace of a segment never traced");
        List<TraceEntry> traced = List.of(fx.trace("one"), fx.trace("two 😀"), fx.trace("three"));
        traced.forEach(entry -> store().appendTrace(segment, entry));
        assertEquals(traced, store().readTrace(segment), "trace read back");
    }

    @Test
    @DisplayName("[C-TRACE-02] the trace is kept apart from the segment log: count, entries and info are unaffected, and the other way round")
    void C_TRACE_02_traceIsApart() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("a")));
        store().create(segment, StoredEntry.plain(written));
        SegmentInfo info = store().info(segment);
        TraceEntry first = fx.trace("first");
        store().appendTrace(segment, first);
        store().appendTrace(segment, fx.trace("second"));
        assertEquals(2, store().count(segment), "count after tracing");
        assertEntries(written, store().readAll(segment), "entries after tracing");
        assertEquals(info, store().info(segment), "info after tracing");

        LogEntry next = fx.marker("b");
        store().append(segment, ExpectedCount.exactly(2), StoredEntry.plain(List.of(next)));
        assertEquals(2, store().readTrace(segment).size(), "trace after an append");
        assertEquals(first, store().readTrace(segment).get(0), "first trace entry after an append");
    }

    @Test
    @DisplayName("[C-TRACE-03] each segment has its own trace")
    void C_TRACE_03_tracesAreIsolated() {
        SessionId session = SessionId.generate();
        SegmentId one = SegmentId.generate();
        SegmentId two = SegmentId.generate();
        store().create(one, StoredEntry.plain(List.of(fx.plainStart(session))));
        store().create(two, StoredEntry.plain(List.of(fx.plainStart(session))));
        TraceEntry traced = fx.trace("only one");
        store().appendTrace(one, traced);
        assertEquals(List.of(traced), store().readTrace(one), "trace of the traced segment");
        assertEquals(List.of(), store().readTrace(two), "trace of another segment of the same session");
    }

    @Test
    @DisplayName("[C-TRACE-04] a trace entry the codec refuses throws InvalidEntryException and traces nothing")
    void C_TRACE_04_refusedTraceWritesNothing() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        TraceEntry kept = fx.trace("kept");
        store().appendTrace(segment, kept);
        assertThrows(InvalidEntryException.class, () -> store().appendTrace(segment, fx.refusedTrace()),
                "appendTrace of an event that is not valid JSON");
        assertEquals(List.of(kept), store().readTrace(segment), "trace after a refused trace entry");
        assertEquals(1, store().count(segment), "count after a refused trace entry");
    }

    @Test
    @DisplayName("[C-TRACE-05] trace entries are read back in append order whatever their timestamps (going back, repeated)")
    void C_TRACE_05_traceKeepsAppendOrderNotTimeOrder() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        long now = fx.tick();
        List<TraceEntry> traced = new ArrayList<>();
        for (long ts : new long[] {now + 50, now, now + 30, now + 30, now - 1_000}) {
            traced.add(new TraceEntry(ts, Fixtures.json("{\"event\":\"at " + ts + " #" + traced.size() + "\"}")));
        }
        traced.forEach(entry -> store().appendTrace(segment, entry));
        assertEquals(traced, store().readTrace(segment), "trace entries with timestamps out of order, read back");
    }
}
