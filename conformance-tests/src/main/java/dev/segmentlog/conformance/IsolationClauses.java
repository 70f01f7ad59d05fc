package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentInfo;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "isolation" ({@link SegmentStoreConformanceTest.Isolation}). */
abstract class IsolationClauses extends Clauses {

    IsolationClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-ISO-01] writes to one segment never show in another, in the same session or not")
    void C_ISO_01_segmentsAreIsolated() {
        SessionId session = SessionId.generate();
        SegmentId written = SegmentId.generate();
        SegmentId sibling = SegmentId.generate();
        SegmentId stranger = SegmentId.generate();
        store().create(written, StoredEntry.plain(List.of(fx.plainStart(session))));
        List<LogEntry> siblingEntries = List.of(fx.plainStart(session), fx.marker("sibling"));
        List<LogEntry> strangerEntries = List.of(fx.plainStart(SessionId.generate()));
        store().create(sibling, StoredEntry.plain(siblingEntries));
        store().create(stranger, StoredEntry.plain(strangerEntries));
        SegmentInfo siblingInfo = store().info(sibling);
        SegmentInfo strangerInfo = store().info(stranger);

        store().append(written, fx.marker("w1"));
        store().append(written, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("w2"), fx.marker("w3"))));
        store().append(written, ExpectedCount.exactly(4), StoredEntry.plain(List.of(fx.marker("w4"))));
        assertThrows(ConflictException.class, () -> store().append(sibling, ExpectedCount.exactly(5), StoredEntry.plain(List.of(fx.marker("no")))),
                "a conditional append checks its own segment's count, not another's");

        assertEquals(5, store().count(written));
        assertEntries(siblingEntries, store().readAll(sibling), "entries of a sibling segment");
        assertEntries(strangerEntries, store().readAll(stranger), "entries of a segment of another session");
        assertEquals(siblingInfo, store().info(sibling), "info of a sibling segment");
        assertEquals(strangerInfo, store().info(stranger), "info of a segment of another session");
    }

    @Test
    @DisplayName("[C-ISO-02] the lists a store returns (a page of entries, a trace) are the caller's: they cannot be modified, and later writes do not change them")
    void C_ISO_02_returnedListsAreTheCallers() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()), fx.marker("a"))));
        List<StoredEntry> page = store().read(segment, 0, 10);
        List<StoredEntry> pageAsRead = List.copyOf(page);
        StoredEntry mine = StoredEntry.plain(fx.marker("mine"));
        assertThrows(UnsupportedOperationException.class, () -> page.add(mine), "adding to a page returned by read");
        assertThrows(UnsupportedOperationException.class, () -> page.set(0, mine), "replacing an entry of a page returned by read");

        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        if (traces) {
            store().appendTrace(segment, fx.trace("first"));
        }
        List<TraceEntry> trace = traces ? store().readTrace(segment) : List.of();
        List<TraceEntry> traceAsRead = List.copyOf(trace);
        if (traces) {
            assertThrows(UnsupportedOperationException.class, () -> trace.add(fx.trace("mine")), "adding to a trace returned by readTrace");
        }

        store().append(segment, fx.marker("later"));
        if (traces) {
            store().appendTrace(segment, fx.trace("later"));
        }
        assertEquals(pageAsRead, page, "a page read before an append is not changed by it");
        assertEquals(traceAsRead, trace, "a trace read before a trace append is not changed by it");
        assertEquals(3, store().count(segment), "count after the caller tried to change what it read");
    }
}
