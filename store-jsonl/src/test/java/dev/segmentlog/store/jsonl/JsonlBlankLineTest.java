package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blank lines inside a log (empty, or only spaces, tabs and CRs), as the original runtime skips them: no entries. */
class JsonlBlankLineTest {
    private static final EntryCodec CODEC = EntryCodec.standard();
    private static final String BLANKS = "\n \n\t\r\n";

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-blank-lines");
    private final JsonlSegmentStore store = JsonlSegmentStore.open(dir);
    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();
    private final LogEntry start = fx.plainStart(session);

    @AfterEach
    void close() {
        store.close();
    }

    private Path file() {
        return dir.resolve(session.toString()).resolve(segment + ".jsonl");
    }

    private static String line(LogEntry entry) {
        return CODEC.encodeToString(entry) + "\n";
    }

    private static List<StoredEntry> plain(LogEntry entry) {
        return List.of(StoredEntry.plain(entry));
    }

    private void write(String text) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void blankLines_areSkipped_andNeitherCountNorTakeAPosition() throws IOException {
        LogEntry a = fx.marker("a");
        LogEntry b = fx.marker("b");
        write(BLANKS + line(start) + BLANKS + line(a) + "\n" + line(b) + BLANKS);

        assertEquals(List.of(start, a, b), store.readAll(segment));
        assertEquals(3, store.count(segment));
        assertEquals(plain(b), store.read(segment, 2, 5));
        assertEquals(plain(a), store.read(segment, 1, 1));
        assertEquals(3, store.info(segment).entryCount());
        assertEquals(b.ts(), store.info(segment).lastEntryTs());
        assertEquals(List.of(segment), store.listSegments(PageRequest.first(10)).items());
    }

    @Test
    void append_afterBlankLines_countsFromTheEntriesAndKeepsTheBlankLines() throws IOException {
        String before = line(start) + BLANKS;
        write(before);
        LogEntry a = fx.marker("a");

        store.append(segment, ExpectedCount.exactly(1), plain(a));

        assertEquals(List.of(start, a), store.readAll(segment));
        assertEquals(before + line(a), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void aTornTailAfterBlankLines_isStillATornTail() throws IOException {
        String torn = line(fx.marker("torn"));
        String before = line(start) + BLANKS;
        write(before + "  " + torn.substring(0, torn.length() / 2));

        assertEquals(1, store.count(segment));
        LogEntry a = fx.marker("a");
        store.append(segment, a);

        assertEquals(before + line(a), Files.readString(file(), StandardCharsets.UTF_8));
        assertEquals(List.of(start, a), store.readAll(segment));
    }

    @Test
    void aFileOfBlankLinesOnly_isNoSegment_andCanBeCreated() throws IOException {
        write(BLANKS + "   ");

        assertFalse(store.exists(segment));
        assertEquals(List.of(), store.listSegments(PageRequest.first(10)).items());

        store.create(segment, plain(start));
        assertEquals(List.of(start), store.readAll(segment));
    }

    @Test
    void pages_throughManyBlankLines_seekToTheRightEntries() throws IOException {
        List<StoredEntry> expected = new ArrayList<>(plain(start));
        StringBuilder text = new StringBuilder(line(start));
        for (int i = 0; i < 3 * LineIndex.STRIDE; i++) {
            LogEntry entry = fx.marker("a" + i);
            expected.add(StoredEntry.plain(entry));
            text.append(i % 3 == 0 ? BLANKS : "").append(line(entry));
        }
        write(text.toString());

        int at = 2 * LineIndex.STRIDE + 1;
        assertEquals(expected.subList(at, at + 3), store.read(segment, at, 3));
        assertEquals(expected.subList(LineIndex.STRIDE - 1, LineIndex.STRIDE + 2), store.read(segment, LineIndex.STRIDE - 1, 3));
        for (int limit : List.of(1, LineIndex.STRIDE, 1000)) {
            List<StoredEntry> all = new ArrayList<>();
            List<StoredEntry> page;
            do {
                page = store.read(segment, all.size(), limit);
                all.addAll(page);
            } while (page.size() == limit);
            assertEquals(expected, all, "pages of " + limit);
        }
    }

    @Test
    void aCorruptLineAfterBlankLines_isNamedByItsPositionAndByteOffset() throws IOException {
        String before = line(start) + BLANKS;
        write(before + "not json\n");

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> store.readAll(segment));
        assertEquals(1, e.position());
        assertTrue(e.reason().contains("byte " + before.length()), e.reason());
    }
}
