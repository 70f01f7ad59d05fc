package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "durability on reopen" ({@link SegmentStoreConformanceTest.Durability}). */
abstract class DurabilityClauses extends Clauses {

    DurabilityClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-DURABLE-01] after close and reopen every acknowledged entry, info, listing (and trace) is still there")
    void C_DURABLE_01_reopenKeepsEverything() {
        SessionId session = SessionId.generate();
        SegmentId full = SegmentId.generate();
        SegmentId appended = SegmentId.generate();
        List<LogEntry> fullEntries = new ArrayList<>(List.of(fx.start(session)));
        fullEntries.addAll(fx.everyKindAfterStart());
        store().create(full, StoredEntry.plain(fullEntries));
        List<LogEntry> appendedEntries = new ArrayList<>(List.of(fx.plainStart(session)));
        store().create(appended, StoredEntry.plain(appendedEntries));
        LogEntry single = fx.marker("single");
        List<LogEntry> batch = List.of(fx.marker("b1"), fx.marker("b2"));
        LogEntry conditional = fx.marker("conditional");
        store().append(appended, single);
        store().append(appended, ExpectedCount.any(), StoredEntry.plain(batch));
        store().append(appended, ExpectedCount.exactly(4), StoredEntry.plain(List.of(conditional)));
        appendedEntries.add(single);
        appendedEntries.addAll(batch);
        appendedEntries.add(conditional);
        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        List<TraceEntry> traced = List.of(fx.trace("t1"), fx.trace("t2"));
        if (traces) {
            traced.forEach(t -> store().appendTrace(appended, t));
        }
        SegmentInfo fullInfo = store().info(full);
        SegmentInfo appendedInfo = store().info(appended);

        reopenStore();

        assertEntries(fullEntries, store().readAll(full), "entries of every kind after reopen");
        assertEntries(appendedEntries, store().readAll(appended), "appended entries after reopen");
        assertEquals(fullEntries.size(), store().count(full), "count after reopen");
        assertEquals(appendedEntries.size(), store().count(appended), "count after reopen");
        assertEquals(fullInfo, store().info(full), "info after reopen");
        assertEquals(appendedInfo, store().info(appended), "info after reopen");
        assertTrue(store().exists(full), "exists after reopen");
        assertEquals(List.of(appended, full), segmentsOf(session), "listSegments(session) after reopen");
        assertEquals(List.of(appended, full), ownIds(allSegments(), Set.of(full, appended)), "listSegments after reopen");
        assertTrue(allSessions().contains(session), "listSessions after reopen");
        if (traces) {
            assertEquals(traced, store().readTrace(appended), "trace after reopen");
        }
    }

    @Test
    @DisplayName("[C-DURABLE-02] after reopen the segment goes on at the right count: conditional appends and create refusal still hold")
    void C_DURABLE_02_reopenContinues() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(session), fx.marker("a")));
        store().create(segment, StoredEntry.plain(written));
        LogEntry b = fx.marker("b");
        store().append(segment, b);
        written.add(b);

        reopenStore();

        assertThrows(ConflictException.class, () -> store().append(segment, ExpectedCount.exactly(2), StoredEntry.plain(List.of(fx.marker("stale")))),
                "conditional append at a stale count after reopen");
        LogEntry c = fx.marker("c");
        store().append(segment, ExpectedCount.exactly(3), StoredEntry.plain(List.of(c)));
        written.add(c);
        assertThrows(SegmentAlreadyExistsException.class, () -> store().create(segment, StoredEntry.plain(List.of(fx.plainStart(session)))),
                "create of an existing segment after reopen");
        assertEntries(written, store().readAll(segment), "entries after reopen and more appends");
        assertEquals(4, store().count(segment), "count after reopen and more appends");
    }
}
