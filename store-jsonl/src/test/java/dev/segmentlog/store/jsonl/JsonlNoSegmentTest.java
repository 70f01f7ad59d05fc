package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Files that are not committed segments (what an unfinished create leaves, an empty file) are no
 * segments everywhere: listings skip them, and {@code exists}, {@code info} and {@code count} agree.
 */
class JsonlNoSegmentTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-no-segment");
    private final JsonlSegmentStore store = JsonlSegmentStore.open(dir);
    private final SessionId session = SessionId.generate();
    private final SegmentId good = SegmentId.generate();

    @AfterEach
    void close() {
        store.close();
    }

    private Path fileOf(SessionId owner, SegmentId segment) throws IOException {
        Path sessionDir = Files.createDirectories(dir.resolve(owner.toString()));
        return sessionDir.resolve(segment + ".jsonl");
    }

    private List<StoredEntry> startOf(SessionId owner, LogEntry... more) {
        List<LogEntry> entries = new java.util.ArrayList<>(List.of(fx.plainStart(owner)));
        entries.addAll(List.of(more));
        return StoredEntry.plain(entries);
    }

    /** Every id of every listing page of {@code limit}, walked to the end. */
    private List<SegmentId> allSegments(int limit) {
        return Page.<SegmentId>all(store::listSegments, limit).collect(Collectors.toList());
    }

    @Test
    void listings_skipATornFirstLineAndAnEmptyFile_andInfoWorksForEveryListedId() throws IOException {
        store.create(good, startOf(session, fx.marker("a")));
        SessionId tornSession = SessionId.generate();
        SegmentId torn = SegmentId.generate(); // newer than the good one: it would be on the first page
        String startLine = CODEC.encodeToString(fx.plainStart(tornSession));
        Files.writeString(fileOf(tornSession, torn), startLine.substring(0, startLine.length() / 2), StandardCharsets.UTF_8);
        SegmentId empty = SegmentId.generate();
        Files.writeString(fileOf(session, empty), "", StandardCharsets.UTF_8);

        for (int limit : new int[] {1, 2, 3, 10}) {
            assertEquals(List.of(good), allSegments(limit), "pages of " + limit);
        }
        Page<SegmentId> first = store.listSegments(PageRequest.first(1));
        assertEquals(List.of(good), first.items());
        assertFalse(first.next().isPresent(), "no next page: nothing else is a segment");
        assertEquals(List.of(good), store.listSegments(session, PageRequest.first(10)).items());
        assertEquals(List.of(), store.listSegments(tornSession, PageRequest.first(10)).items());
        assertEquals(List.of(session), store.listSessions(PageRequest.first(10)).items());
        for (SegmentId listed : allSegments(10)) {
            assertEquals(2, store.info(listed).entryCount());
        }
        for (SegmentId none : List.of(torn, empty)) {
            assertFalse(store.exists(none));
            assertThrows(SegmentNotFoundException.class, () -> store.info(none));
            assertThrows(SegmentNotFoundException.class, () -> store.count(none));
            assertThrows(SegmentNotFoundException.class, () -> store.read(none, 0, 10));
        }
    }

    @Test
    void listings_skipACreateWhoseBatchNeverFinished_evenWithWholeLinesInTheFile() throws IOException {
        SegmentId dead = SegmentId.generate();
        Path file = fileOf(session, dead);
        String lines = CODEC.encodeToString(fx.plainStart(session)) + "\n" + CODEC.encodeToString(fx.marker("dead")) + "\n";
        DirectoryLocks locks = DirectoryLocks.acquire(dir.toRealPath());
        try {
            locks.withStripe(dead, true, stripe -> {
                stripe.begin(new PendingWrite(SegmentFile.inSession(session, dead), 0,
                        lines.getBytes(StandardCharsets.UTF_8).length + 10), false);
                Files.writeString(file, lines, StandardCharsets.UTF_8);
                return null;
            });
        } finally {
            locks.release();
        }
        store.create(good, startOf(session));

        assertEquals(List.of(good), store.listSegments(PageRequest.first(10)).items());
        assertEquals(List.of(good), store.listSegments(session, PageRequest.first(10)).items());
        assertFalse(store.exists(dead));
    }

    @Test
    void listings_ofManyBrokenFilesBeforeTheGoodOnes_stillFillEachPage() throws IOException {
        List<SegmentId> goods = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SegmentId segment = SegmentId.generate();
            store.create(segment, startOf(session));
            goods.add(0, segment);
        }
        for (int i = 0; i < 7; i++) {
            Files.writeString(fileOf(session, SegmentId.generate()), i % 2 == 0 ? "" : "{\"kind\":", StandardCharsets.UTF_8);
        }

        Page<SegmentId> first = store.listSegments(PageRequest.first(2));
        assertEquals(goods.subList(0, 2), first.items());
        Page<SegmentId> second = store.listSegments(first.next().orElseThrow());
        assertEquals(goods.subList(2, 3), second.items());
        assertFalse(second.next().isPresent());
    }

    @Test
    void listSessions_skipsASessionDirectoryHoldingNoSegment() throws IOException {
        store.create(good, startOf(session));
        SessionId hollow = SessionId.generate();
        Files.writeString(fileOf(hollow, SegmentId.generate()), "", StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve(SessionId.generate().toString()));

        assertEquals(List.of(session), store.listSessions(PageRequest.first(1)).items());
        assertFalse(store.listSessions(PageRequest.first(1)).next().isPresent());
    }
}
