package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The clauses of the group "which error wins" ({@link SegmentStoreConformanceTest.ErrorPrecedence}):
 * when several errors apply, the port names the one a store throws (a null argument, then an
 * invalid argument, then a missing capability, then a refused entry, then a missing or existing
 * segment, then a count that does not match), so callers see the same error from every store.
 */
abstract class ErrorPrecedenceClauses extends Clauses {

    ErrorPrecedenceClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-ERR-01] a null argument throws NullPointerException, before a missing segment, an invalid argument or a count that does not match")
    void C_ERR_01_nullArgumentsThrowNullPointerException() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(session), fx.marker("a"));
        store().create(segment, StoredEntry.plain(written));
        SegmentId unknown = SegmentId.generate();
        List<StoredEntry> one = List.of(StoredEntry.plain(fx.marker("x")));
        List<StoredEntry> holdingNull = Arrays.asList(StoredEntry.plain(fx.marker("x")), null);
        List<StoredEntry> startThenNull = Arrays.asList(StoredEntry.plain(fx.plainStart(session)), null);
        PageRequest<SegmentId> first = PageRequest.first(10);

        List<Executable> checks = new ArrayList<>(List.of(
                npe(() -> store().create(null, StoredEntry.plain(List.of(fx.plainStart(session)))), "create(null, entries)"),
                npe(() -> store().create(SegmentId.generate(), null), "create(segment, null)"),
                npe(() -> store().create(SegmentId.generate(), startThenNull), "create(segment, [start, null])"),
                npe(() -> store().create(segment, startThenNull), "create(existing segment, [start, null])"),
                npe(() -> store().append(null, ExpectedCount.any(), one), "append(null, any, entries)"),
                npe(() -> store().append(segment, null, one), "append(segment, null, entries)"),
                npe(() -> store().append(segment, ExpectedCount.any(), null), "append(segment, any, null)"),
                npe(() -> store().append(segment, ExpectedCount.any(), holdingNull), "append(segment, any, [entry, null])"),
                npe(() -> store().append(unknown, ExpectedCount.any(), holdingNull), "append(unknown segment, any, [entry, null])"),
                npe(() -> store().append(segment, ExpectedCount.exactly(99), holdingNull), "append(segment, stale count, [entry, null])"),
                npe(() -> store().read(null, 0, 10), "read(null, 0, 10)"),
                npe(() -> store().read(null, -1, 0), "read(null, -1, 0)"),
                npe(() -> store().count(null), "count(null)"),
                npe(() -> store().exists(null), "exists(null)"),
                npe(() -> store().info(null), "info(null)"),
                npe(() -> store().headHash(null), "headHash(null)"),
                npe(() -> store().listSegments((PageRequest<SegmentId>) null), "listSegments(null)"),
                npe(() -> store().listSessions(null), "listSessions(null)"),
                npe(() -> store().listSegments(null, first), "listSegments(null, page)"),
                npe(() -> store().listSegments(session, null), "listSegments(session, null)")));
        if (whyLacking(Capability.DELETE_SESSION).isEmpty()) {
            checks.add(npe(() -> store().deleteSession(null), "deleteSession(null)"));
        }
        if (whyLacking(Capability.TRACE).isEmpty()) {
            checks.add(npe(() -> store().appendTrace(null, fx.trace("x")), "appendTrace(null, entry)"));
            checks.add(npe(() -> store().appendTrace(segment, null), "appendTrace(segment, null)"));
            checks.add(npe(() -> store().readTrace(null), "readTrace(null)"));
        }
        assertAll(checks.stream());
        assertEntries(written, store().readAll(segment), "entries after calls with null arguments");
    }

    @Test
    @DisplayName("[C-ERR-02] an invalid argument throws IllegalArgumentException before the segment is looked up or a capability checked: a bad position or limit of an unknown segment, a create without segment_start of an existing id or of chained entries")
    void C_ERR_02_invalidArgumentsWinOverSegmentLookups() {
        SegmentId existing = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("a"));
        store().create(existing, StoredEntry.plain(written));
        SegmentId unknown = SegmentId.generate();
        assertAll(
                iae(() -> store().read(unknown, -1, 10), "read(unknown segment, -1, 10)"),
                iae(() -> store().read(unknown, 0, 0), "read(unknown segment, 0, 0)"),
                iae(() -> store().create(existing, List.of()), "create(existing segment, no entries)"),
                iae(() -> store().create(existing, List.of(StoredEntry.plain(fx.marker("no start")))),
                        "create(existing segment, entries without a segment_start)"),
                iae(() -> store().create(unknown, HashChain.link(null, List.of(fx.marker("no start")))),
                        "create(chained entries without a segment_start), whether or not the store keeps chains"));
        assertEntries(written, store().readAll(existing), "the existing segment after refused creates");
    }

    @Test
    @DisplayName("[C-ERR-03] an entry the codec refuses throws InvalidEntryException before a missing segment, an existing one or a count that does not match, and writes nothing")
    void C_ERR_03_refusedEntriesWinOverSegmentState() {
        SessionId session = SessionId.generate();
        SegmentId existing = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(session), fx.marker("a"));
        store().create(existing, StoredEntry.plain(written));
        SegmentId unknown = SegmentId.generate();
        List<StoredEntry> refused = StoredEntry.plain(List.of(fx.marker("fine"), fx.refused()));
        assertAll(
                invalid(() -> store().append(unknown, ExpectedCount.any(), refused), "append(unknown segment, any, refused)"),
                invalid(() -> store().append(unknown, ExpectedCount.exactly(0), refused), "append(unknown segment, exactly 0, refused)"),
                invalid(() -> store().create(existing, StoredEntry.plain(List.of(fx.plainStart(session), fx.refused()))),
                        "create(existing segment, [start, refused])"),
                invalid(() -> store().append(existing, ExpectedCount.exactly(7), refused), "append(segment, stale count, refused)"));
        assertFalse(store().exists(unknown), "a refused append must not create the segment");
        assertEntries(written, store().readAll(existing), "the existing segment after refused writes");
        assertEquals(2, store().count(existing), "count after refused writes");
    }

    private static Executable npe(Executable call, String what) {
        return () -> assertThrows(NullPointerException.class, call, what + " must throw NullPointerException");
    }

    private static Executable iae(Executable call, String what) {
        return () -> assertThrows(IllegalArgumentException.class, call, what + " must throw IllegalArgumentException");
    }

    private static Executable invalid(Executable call, String what) {
        return () -> assertThrows(InvalidEntryException.class, call, what + " must throw InvalidEntryException");
    }
}
