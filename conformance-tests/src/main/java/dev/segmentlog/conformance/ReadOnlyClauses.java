package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The clauses of the group "a read-only store on the writer's storage"
 * ({@link SegmentStoreConformanceTest.ReadOnlyStores}): what an operator inspecting a backup, a
 * snapshot, a read-only mount or a live store opens. It reads what the writer committed, refuses
 * every write before doing anything else, and leaves the storage as it found it.
 */
abstract class ReadOnlyClauses extends Clauses {

    ReadOnlyClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-RO-01] a read-only store reads everything the writer committed before it was opened and after (entries, pages, count, exists, info, trace, every listing)")
    void C_RO_01_readOnlyStoreReadsWhatTheWriterCommitted() {
        SegmentStore writer = store();
        SessionId session = SessionId.generate();
        SegmentId first = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(session), fx.marker("a"), fx.marker("b")));
        writer.create(first, StoredEntry.plain(written));
        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        List<TraceEntry> traced = new ArrayList<>();
        if (traces) {
            traced.add(fx.trace("t1"));
            writer.appendTrace(first, traced.get(0));
        }

        SegmentStore reader = openReadOnly();
        assertSees(writer, reader, first, written, traced, "before it was opened");
        assertEquals(List.of(first), segmentsOf(reader, session), "the read-only store's listSegments(session)");

        LogEntry later = fx.marker("later");
        writer.append(first, later);
        written.add(later);
        if (traces) {
            traced.add(fx.trace("t2"));
            writer.appendTrace(first, traced.get(1));
        }
        SegmentId second = SegmentId.generate();
        writer.create(second, StoredEntry.plain(List.of(fx.plainStart(session))));
        SessionId newSession = SessionId.generate();
        SegmentId third = SegmentId.generate();
        writer.create(third, StoredEntry.plain(List.of(fx.plainStart(newSession))));

        assertSees(writer, reader, first, written, traced, "after it was opened");
        assertAll(
                () -> assertTrue(reader.exists(third), "the read-only store's exists of a segment created after it was opened"),
                () -> assertEquals(List.of(second, first), segmentsOf(reader, session),
                        "the read-only store's listSegments(session) after the writer created another segment"),
                () -> assertEquals(List.of(third, second, first), ownIds(listedDownTo(reader::listSegments, first), Set.of(first, second, third)),
                        "the read-only store's listSegments"),
                () -> assertEquals(List.of(newSession, session), ownIds(listedDownTo(reader::listSessions, session), Set.of(newSession, session)),
                        "the read-only store's listSessions"));
    }

    @Test
    @DisplayName("[C-RO-02] every write through a read-only store (create, append, conditional and empty appends, deleteSession, appendTrace) throws ReadOnlyStoreException before any other error, and writes nothing")
    void C_RO_02_readOnlyStoreRefusesEveryWriteFirst() {
        SegmentStore writer = store();
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(session), fx.marker("a"));
        writer.create(segment, StoredEntry.plain(written));
        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        List<TraceEntry> traced = traces ? List.of(fx.trace("t1")) : List.of();
        traced.forEach(entry -> writer.appendTrace(segment, entry));
        SegmentStore reader = openReadOnly();
        SegmentId unknown = SegmentId.generate();
        LogEntry start = fx.plainStart(session);
        LogEntry marker = fx.marker("refused");

        List<Executable> refusals = new ArrayList<>(List.of(
                refused("create", () -> reader.create(unknown, StoredEntry.plain(List.of(start)))),
                refused("create of an existing segment", () -> reader.create(segment, StoredEntry.plain(List.of(start)))),
                refused("create without a segment_start", () -> reader.create(unknown, StoredEntry.plain(List.of(marker)))),
                refused("create with an entry the codec refuses", () -> reader.create(unknown, StoredEntry.plain(List.of(start, fx.refused())))),
                refused("append", () -> reader.append(segment, marker)),
                refused("an empty append", () -> reader.append(segment, ExpectedCount.any(), List.of())),
                refused("a conditional append at the count", () -> reader.append(segment, ExpectedCount.exactly(2), StoredEntry.plain(List.of(marker)))),
                refused("a conditional append at a stale count", () -> reader.append(segment, ExpectedCount.exactly(1), StoredEntry.plain(List.of(marker)))),
                refused("append to an unknown segment", () -> reader.append(unknown, marker)),
                refused("append of an entry the codec refuses", () -> reader.append(segment, fx.refused())),
                refused("deleteSession", () -> reader.deleteSession(session)),
                refused("deleteSession of an unknown session", () -> reader.deleteSession(SessionId.generate()))));
        if (traces) {
            refusals.add(refused("appendTrace", () -> reader.appendTrace(segment, fx.trace("refused"))));
            refusals.add(refused("appendTrace to an unknown segment", () -> reader.appendTrace(unknown, fx.trace("refused"))));
        }
        assertAll(refusals);

        for (SegmentStore either : List.of(writer, reader)) {
            String who = either == writer ? "the writer" : "the read-only store";
            assertAll(
                    () -> assertEntries(written, either.readAll(segment), who + " reads the segment as it was"),
                    () -> assertFalse(either.exists(unknown), who + ": nothing was created"),
                    () -> assertEquals(List.of(segment), segmentsOf(either, session), who + ": the session keeps its segment"),
                    () -> assertEquals(traced, traces ? either.readTrace(segment) : List.of(), who + " reads the trace as it was"));
        }
    }

    @Test
    @RequiresCapability(Capability.RAW_STORAGE_ACCESS)
    @DisplayName("[C-RO-03] a read-only store changes nothing in the storage: opened with no writer open, reading everything and refused every write, it leaves every byte as it was, lock files included")
    void C_RO_03_readOnlyStoreLeavesTheStorageUntouched() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(session), fx.marker("a"), fx.marker("b"));
        store().create(segment, StoredEntry.plain(written));
        boolean traces = whyLacking(Capability.TRACE).isEmpty();
        if (traces) {
            store().appendTrace(segment, fx.trace("t1"));
        }
        store().close(); // nothing but the read-only store may touch the storage from here on
        Object before = storageSnapshot();

        SegmentStore reader = openReadOnly();
        assertEntries(written, reader.readAll(segment), "the read-only store reads the segment");
        reader.read(segment, 1, 1);
        reader.count(segment);
        reader.info(segment);
        reader.headHash(segment);
        reader.exists(SegmentId.generate());
        segmentsOf(reader, session);
        listedDownTo(reader::listSegments, segment);
        listedDownTo(reader::listSessions, session);
        if (traces) {
            reader.readTrace(segment);
        }
        assertThrows(ReadOnlyStoreException.class, () -> reader.append(segment, fx.marker("refused")), "append");
        assertThrows(ReadOnlyStoreException.class, () -> reader.create(SegmentId.generate(), StoredEntry.plain(List.of(fx.plainStart(session)))),
                "create");
        assertThrows(ReadOnlyStoreException.class, () -> reader.deleteSession(session), "deleteSession");
        reader.close();

        assertEquals(before, storageSnapshot(), "the storage after a read-only store was opened, read, refused writes and closed");
    }

    private void assertSees(SegmentStore writer, SegmentStore reader, SegmentId segment, List<LogEntry> written,
            List<TraceEntry> traced, String when) {
        String who = "the read-only store " + when;
        assertAll(
                () -> assertEntries(written, reader.readAll(segment), who + ": readAll"),
                () -> assertEntries(written.subList(1, 3), StoredEntry.entries(reader.read(segment, 1, 2)), who + ": read(1, 2)"),
                () -> assertEquals(written.size(), reader.count(segment), who + ": count"),
                () -> assertTrue(reader.exists(segment), who + ": exists"),
                () -> assertEquals(writer.info(segment), reader.info(segment), who + ": info"),
                () -> assertEquals(writer.headHash(segment), reader.headHash(segment), who + ": headHash"),
                () -> assertEquals(traced, traced.isEmpty() ? List.of() : reader.readTrace(segment), who + ": readTrace"));
    }

    private static Executable refused(String what, Executable write) {
        return () -> assertThrows(ReadOnlyStoreException.class, write, what + " through a read-only store");
    }
}
