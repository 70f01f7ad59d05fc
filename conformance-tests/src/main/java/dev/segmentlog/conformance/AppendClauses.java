package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "append" ({@link SegmentStoreConformanceTest.Append}). */
abstract class AppendClauses extends Clauses {

    AppendClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-APPEND-01] single appends are read back in append order")
    void C_APPEND_01_appendsKeepOrder() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
        store().create(segment, StoredEntry.plain(written));
        for (int i = 0; i < 12; i++) {
            LogEntry entry = fx.marker("single-" + i);
            store().append(segment, entry);
            written.add(entry);
        }
        assertEntries(written, store().readAll(segment), "readAll after single appends");
    }

    @Test
    @DisplayName("[C-APPEND-02] a batch is stored whole, in order, after what came before")
    void C_APPEND_02_batchKeepsOrder() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate()), fx.marker("initial")));
        store().create(segment, StoredEntry.plain(written));
        LogEntry before = fx.marker("before");
        List<LogEntry> batch = List.of(fx.marker("b1"), fx.marker("b2"), fx.marker("b3"), fx.marker("b4"));
        LogEntry after = fx.marker("after");
        store().append(segment, before);
        store().append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
        store().append(segment, after);
        written.add(before);
        written.addAll(batch);
        written.add(after);
        assertEntries(written, store().readAll(segment), "readAll after a batch between single appends");
        assertEquals(written.size(), store().count(segment), "count after a batch");
    }

    @Test
    @DisplayName("[C-APPEND-03] a batch with one refused entry leaves nothing behind")
    void C_APPEND_03_batchIsAtomic() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(fx.plainStart(SessionId.generate()), fx.marker("kept"));
        store().create(segment, StoredEntry.plain(written));
        assertThrows(InvalidEntryException.class,
                () -> store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("ok-1"), fx.refused(), fx.marker("ok-2")))),
                "a batch holding a refused entry");
        assertThrows(InvalidEntryException.class,
                () -> store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("ok-3"), fx.marker("ok-4"), fx.refused()))),
                "a batch ending with a refused entry");
        assertEquals(2, store().count(segment), "count after refused batches");
        assertEntries(written, store().readAll(segment), "entries after refused batches");
    }

    @Test
    @DisplayName("[C-APPEND-04] a single refused entry throws InvalidEntryException, writes nothing and the segment stays writable")
    void C_APPEND_04_refusedEntryWritesNothing() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>(List.of(fx.plainStart(SessionId.generate())));
        store().create(segment, StoredEntry.plain(written));
        InvalidEntryException refused = assertThrows(InvalidEntryException.class,
                () -> store().append(segment, fx.refused()), "append of a refused entry");
        assertEquals(EntryKind.EXTENSION.wireName(), refused.kind(), "InvalidEntryException.kind()");
        LogEntry next = fx.marker("next");
        store().append(segment, next);
        written.add(next);
        assertEntries(written, store().readAll(segment), "entries after a refused append and a good one");
    }
}
