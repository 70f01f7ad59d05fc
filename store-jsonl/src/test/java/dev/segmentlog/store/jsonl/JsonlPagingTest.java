package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages: reads that seek through the sparse line index, and listings from directory names. */
class JsonlPagingTest {
    private static final int STRIDE = LineIndex.STRIDE;

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-paging");
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

    private static List<StoredEntry> plain(LogEntry entry) {
        return List.of(StoredEntry.plain(entry));
    }

    /** A start and {@code marks} markers, labelled {@code writer} and their index. */
    private List<StoredEntry> segmentOf(String writer, int marks) {
        List<StoredEntry> entries = new ArrayList<>(plain(start));
        entries.addAll(StoredEntry.plain(fx.markers(writer, marks)));
        return entries;
    }

    /** A start and {@code count} entries of about 300 characters each (longer lines than {@link #segmentOf}'s). */
    private List<StoredEntry> longLines(String label, int count) {
        List<StoredEntry> entries = new ArrayList<>(plain(start));
        for (int i = 0; i < count; i++) {
            entries.add(StoredEntry.plain(fx.paddedMarker(label + i, 300)));
        }
        return entries;
    }

    /** Every page of {@code limit} entries, read one after the other and joined. */
    private static List<StoredEntry> walk(JsonlSegmentStore store, SegmentId segment, int limit) {
        List<StoredEntry> all = new ArrayList<>();
        List<StoredEntry> page;
        do {
            page = store.read(segment, all.size(), limit);
            all.addAll(page);
        } while (page.size() == limit);
        return all;
    }

    // --- reads

    @Test
    void read_pagesOfEverySizeAroundTheStride_joinToTheWholeSegment() {
        List<StoredEntry> expected = segmentOf("a", 2 * STRIDE);
        store.create(segment, expected.subList(0, STRIDE - 3));
        for (int i = STRIDE - 3; i < expected.size(); i += 5) {
            store.append(segment, ExpectedCount.exactly(i), expected.subList(i, Math.min(i + 5, expected.size())));
        }
        LogEntry last = fx.marker("b");
        expected.add(StoredEntry.plain(last));
        store.append(segment, ExpectedCount.any(), plain(last));

        for (int limit : List.of(1, 7, STRIDE - 1, STRIDE, STRIDE + 1, 4096)) {
            assertEquals(expected, walk(store, segment, limit), "pages of " + limit);
        }
        assertEquals(expected.subList(STRIDE + 1, STRIDE + 4), store.read(segment, STRIDE + 1, 3));
        assertEquals(List.of(), store.read(segment, expected.size(), 10));
        assertEquals(List.of(), store.read(segment, expected.size() + 10L, 10));
    }

    @Test
    void read_atAPositionPastAnIndexedLine_seeksThereInsteadOfCountingTheLinesBefore() throws IOException {
        List<StoredEntry> entries = segmentOf("a", 2 * STRIDE + 5);
        store.create(segment, entries);
        // Behind the store's back, without changing the file's size: line 3 loses its end, so whoever
        // counted lines from the start would be one line off from there on.
        long endOfLine3 = Files.readString(file(), StandardCharsets.UTF_8).lines().limit(4)
                .mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length + 1).sum() - 1;
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {' '}), endOfLine3);
        }

        assertEquals(entries.subList(2 * STRIDE + 2, 2 * STRIDE + 4), store.read(segment, 2 * STRIDE + 2, 2));
        assertEquals(entries.subList(STRIDE, STRIDE + 1), store.read(segment, STRIDE, 1));
    }

    @Test
    void read_afterAnotherStoreAppendedPastSeveralStrides_pagesThroughTheLinesItScanned() {
        store.create(segment, plain(start));
        assertEquals(1, store.count(segment));
        List<StoredEntry> expected = segmentOf("other", 3 * STRIDE + 10);
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            other.append(segment, ExpectedCount.exactly(1), expected.subList(1, 2 * STRIDE));
            other.append(segment, ExpectedCount.any(), expected.subList(2 * STRIDE, expected.size()));
        }

        assertEquals(expected.subList(3 * STRIDE + 3, 3 * STRIDE + 6), store.read(segment, 3 * STRIDE + 3, 3));
        assertEquals(expected.subList(2 * STRIDE, 2 * STRIDE + 2), store.read(segment, 2 * STRIDE, 2));
        assertEquals(expected.subList(STRIDE - 1, STRIDE + 2), store.read(segment, STRIDE - 1, 3));
        assertEquals(expected, walk(store, segment, 100));
    }

    @Test
    void read_afterAnotherStoreCreatedTheSegmentAgainWithShorterLines_forgetsTheOldOffsets() {
        List<StoredEntry> longLines = longLines("x", 3 * STRIDE);
        store.create(segment, longLines);
        assertEquals(longLines.subList(2 * STRIDE + 1, 2 * STRIDE + 2), store.read(segment, 2 * STRIDE + 1, 1));
        List<StoredEntry> shortLines = segmentOf("again", 3 * STRIDE);
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            assertEquals(1, other.deleteSession(session));
            other.create(segment, shortLines);
        }

        assertEquals(shortLines.subList(2 * STRIDE + 1, 2 * STRIDE + 3), store.read(segment, 2 * STRIDE + 1, 2));
        assertEquals(shortLines, walk(store, segment, STRIDE));
    }

    @Test
    void read_afterAnotherStoreCreatedTheSegmentAgainWithLongerLines_forgetsTheOldOffsets() {
        List<StoredEntry> shortLines = segmentOf("a", 2 * STRIDE);
        store.create(segment, shortLines);
        store.append(segment, fx.marker("a-more")); // the store now has the file open
        List<StoredEntry> longLines = longLines("y", 3 * STRIDE);
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            other.deleteSession(session);
            other.create(segment, longLines);
        }

        assertEquals(longLines.subList(2 * STRIDE + 1, 2 * STRIDE + 3), store.read(segment, 2 * STRIDE + 1, 2));
        assertEquals(longLines, walk(store, segment, STRIDE));
    }

    @Test
    void append_afterATornTailAcrossAStride_indexesTheLinesWhereTheyWereWritten() throws IOException {
        List<StoredEntry> expected = segmentOf("a", STRIDE - 2);
        store.create(segment, expected);
        String torn = "{\"kind\":\"run_errored\",\"ts\":1,\"interrupted\":false,\"message\":\"" + "t".repeat(500);
        Files.writeString(file(), torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        List<StoredEntry> more = StoredEntry.plain(fx.markers("b", 4));
        store.append(segment, ExpectedCount.exactly(STRIDE - 1), more);
        expected.addAll(more);

        assertEquals(expected.subList(STRIDE, STRIDE + 3), store.read(segment, STRIDE, 3));
        try (JsonlSegmentStore fresh = JsonlSegmentStore.open(dir)) {
            assertEquals(expected.subList(STRIDE, STRIDE + 3), fresh.read(segment, STRIDE, 3));
        }
    }

    @Test
    void read_withANegativePositionOrALimitBelowOne_isRefused() {
        store.create(segment, plain(start));

        assertThrows(IllegalArgumentException.class, () -> store.read(segment, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> store.read(segment, 0, 0));
    }

    // --- listings

    @Test
    void listings_walkedPageByPage_giveEveryIdOnceNewestFirst() throws IOException {
        List<SessionId> sessions = new ArrayList<>();
        List<SegmentId> segments = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            SessionId each = SessionId.generate();
            sessions.add(each);
            for (int k = 0; k < 2; k++) {
                SegmentId id = SegmentId.generate();
                segments.add(id);
                store.create(id, plain(fx.plainStart(each)));
                store.appendTrace(id, new TraceEntry(1, RawJson.of("1")));
            }
        }
        Files.writeString(dir.resolve(sessions.get(0).toString()).resolve("notes.jsonl"), "not a segment\n");
        Files.writeString(dir.resolve("README"), "not a session\n");

        assertEquals(newestFirst(sessions), Page.all(store::listSessions, 2).toList());
        assertEquals(newestFirst(segments), Page.<SegmentId>all(store::listSegments, 3).toList());
        assertEquals(newestFirst(segments.subList(2, 4)),
                Page.all((PageRequest<SegmentId> page) -> store.listSegments(sessions.get(1), page), 1).toList());
        Page<SessionId> first = store.listSessions(PageRequest.first(5));
        assertEquals(5, first.items().size());
        assertTrue(first.next().isEmpty(), "a page that holds the last id has no next page");
        assertEquals(List.of(), store.listSegments(SessionId.generate(), PageRequest.first(5)).items());
    }

    @Test
    void create_ofANewSessionThatFails_leavesNoSessionToList() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(BackendException.class, () -> store.create(segment, plain(start)));
        } finally {
            Thread.interrupted();
        }

        assertFalse(store.exists(segment));
        assertFalse(Files.exists(file().getParent()), "the session's directory is removed again");
        assertEquals(List.of(), store.listSessions(PageRequest.first(10)).items());
    }

    private static <T extends Comparable<? super T>> List<T> newestFirst(List<T> ids) {
        return ids.stream().sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
}
