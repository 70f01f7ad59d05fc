package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "create and read back" ({@link SegmentStoreConformanceTest.CreateAndRead}). */
abstract class CreateClauses extends Clauses {

    CreateClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-CREATE-01] every entry kind and variant (legacy read-only kinds, members and kinds this version does not know included) is read back equal")
    void C_CREATE_01_everyKindRoundTrips() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = new ArrayList<>();
        written.add(fx.start(session));
        written.addAll(fx.everyKindAfterStart());
        Set<EntryKind> kinds = written.stream().map(LogEntry::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(EntryKind.class)));
        assertEquals(EnumSet.allOf(EntryKind.class), kinds, "kit fixture must hold every entry kind");

        store().create(segment, StoredEntry.plain(written));

        assertEntries(written, store().readAll(segment), "readAll after create");
        assertEquals(written.size(), store().count(segment), "count after create");
    }

    @Test
    @DisplayName("[C-CREATE-02] segment_start variants (no prompt, forked, compacted) are read back equal")
    void C_CREATE_02_startVariantsRoundTrip() {
        SessionId session = SessionId.generate();
        SegmentId source = SegmentId.generate();
        for (LogEntry.SegmentStart start : fx.startVariants(session, source)) {
            SegmentId segment = SegmentId.generate();
            store().create(segment, StoredEntry.plain(List.of(start)));
            assertEntries(List.of(start), store().readAll(segment), "readAll of a segment opened by " + start);
        }
    }

    @Test
    @DisplayName("[C-CREATE-03] unicode (emoji, RTL, combining marks, escapes, control characters) is kept exactly")
    void C_CREATE_03_unicodeRoundTrips() {
        SegmentId segment = SegmentId.generate();
        String text = Fixtures.UNICODE;
        List<LogEntry> written = List.of(
                new LogEntry.SegmentStart(fx.tick(), SessionId.generate(), text, RequestConfig.DEFAULT.withMaxTokens(1),
                        List.of(HistoryItem.user(text)), null, null),
                new LogEntry.UserInput(fx.tick(), List.of(new InputPart.Text(text), new InputPart.FileRef("dossier/é 😀/ملف.txt"))),
                new LogEntry.AssistantItem(fx.tick(), new HistoryItem.ToolCall("c-" + text, text, "{\"q\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")),
                new LogEntry.SystemItemEntry(fx.tick(), new SystemItem.Knowledge("ק", text)),
                new LogEntry.RunErrored(fx.tick(), false, text),
                new LogEntry.Extension(fx.tick(), "domain-" + text, Fixtures.json("[\"😀\",\"שלום\",\"\\u0000\"]")));
        store().create(segment, StoredEntry.plain(written));
        assertEntries(written, store().readAll(segment), "readAll of unicode entries");
    }

    @Test
    @DisplayName("[C-CREATE-04] empty lists (history, content, input parts, summaries, stop sequences, legacy items) are kept")
    void C_CREATE_04_emptyListsRoundTrip() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> written = List.of(
                fx.plainStart(SessionId.generate()),
                new LogEntry.UserInput(fx.tick(), List.of()),
                new LogEntry.AssistantItem(fx.tick(), new HistoryItem.Message(HistoryItem.Role.ASSISTANT, List.of())),
                new LogEntry.AssistantItem(fx.tick(), new HistoryItem.Reasoning("", List.of(), null, null)),
                new LogEntry.ConfigChanged(fx.tick(), RequestConfig.DEFAULT),
                new LogEntry.AssistantItems(fx.tick(), List.of()),
                new LogEntry.ToolResults(fx.tick(), List.of()),
                new LogEntry.HookInjectedItems(fx.tick(), List.of()),
                new LogEntry.SystemItems(fx.tick(), List.of()));
        store().create(segment, StoredEntry.plain(written));
        assertEntries(written, store().readAll(segment), "readAll of entries with empty lists");
    }

    @Test
    @RequiresCapability(Capability.LARGE_ENTRIES)
    @DisplayName("[C-CREATE-05] entries of about 1 MB are created, appended and read back whole")
    void C_CREATE_05_largeEntriesRoundTrip() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> created = List.of(fx.plainStart(SessionId.generate()), fx.largeUserInput(1 << 20));
        LogEntry appended = fx.largeExtension(1 << 20);
        store().create(segment, StoredEntry.plain(created));
        store().append(segment, appended);
        List<LogEntry> all = new ArrayList<>(created);
        all.add(appended);
        assertEntries(all, store().readAll(segment), "readAll of large entries");
        assertEntries(List.of(appended), StoredEntry.entries(store().read(segment, 2, 10)), "read(2, 10) of large entries");
        assertEquals(3, store().count(segment), "count of large entries");
    }

    @Test
    @DisplayName("[C-CREATE-06] create refuses an existing segment and changes nothing")
    void C_CREATE_06_createRefusesExisting() {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> original = List.of(fx.start(SessionId.generate()), fx.marker("original"));
        store().create(segment, StoredEntry.plain(original));
        SegmentInfo before = store().info(segment);
        SessionId intruder = SessionId.generate();

        SegmentAlreadyExistsException refused = assertThrows(SegmentAlreadyExistsException.class,
                () -> store().create(segment, StoredEntry.plain(List.of(fx.plainStart(intruder), fx.marker("overwrite"), fx.marker("more")))),
                "create of an existing segment must throw SegmentAlreadyExistsException");
        assertEquals(segment, refused.segmentId(), "SegmentAlreadyExistsException.segmentId()");

        assertEntries(original, store().readAll(segment), "entries after a refused create");
        assertEquals(2, store().count(segment), "count after a refused create");
        assertEquals(before, store().info(segment), "info after a refused create");
        assertEquals(List.of(), segmentsOf(intruder), "the refused create's session must not be listed");
    }

    @Test
    @DisplayName("[C-CREATE-07] create with no entries, or without a segment_start first, throws IllegalArgumentException and creates nothing")
    void C_CREATE_07_createNeedsSegmentStart() {
        SegmentId empty = SegmentId.generate();
        SegmentId headless = SegmentId.generate();
        SegmentId startLater = SegmentId.generate();
        SessionId session = SessionId.generate();
        assertThrows(IllegalArgumentException.class, () -> store().create(empty, List.of()), "create with no entries");
        assertThrows(IllegalArgumentException.class, () -> store().create(headless, StoredEntry.plain(List.of(fx.marker("no start")))),
                "create without a segment_start");
        assertThrows(IllegalArgumentException.class,
                () -> store().create(startLater, StoredEntry.plain(List.of(fx.marker("first"), fx.plainStart(session)))),
                "create whose segment_start is not the first entry");
        assertAll(
                () -> assertFalse(store().exists(empty), "a refused create must not create the segment"),
                () -> assertFalse(store().exists(headless), "a refused create must not create the segment"),
                () -> assertFalse(store().exists(startLater), "a refused create must not create the segment"),
                () -> assertEquals(List.of(), segmentsOf(session), "a refused create must not list its session"));
    }

    @Test
    @DisplayName("[C-CREATE-08] create with an entry the codec refuses throws InvalidEntryException and creates nothing")
    void C_CREATE_08_createIsAtomic() {
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        assertThrows(InvalidEntryException.class,
                () -> store().create(segment, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("fine"), fx.refused()))),
                "create with a refused entry");
        assertFalse(store().exists(segment), "a refused create must not create the segment");
        assertEquals(List.of(), segmentsOf(session), "a refused create must not list its session");

        List<LogEntry> retry = List.of(fx.plainStart(session), fx.marker("retry"));
        store().create(segment, StoredEntry.plain(retry));
        assertEntries(retry, store().readAll(segment), "create after a refused create of the same id");
    }
}
