package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonlSegmentStoreTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-store");
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

    private static List<StoredEntry> plain(LogEntry... entries) {
        return StoredEntry.plain(List.of(entries));
    }

    private void appendRaw(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void create_writesOneCodecLinePerEntryUnderTheSessionDirectory() throws IOException {
        LogEntry a = fx.marker("a");
        LogEntry b = fx.marker("b");
        store.create(segment, plain(start, a, b));

        assertEquals(line(start) + line(a) + line(b), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void appendTrace_writesTheTraceNextToTheSegment() throws IOException {
        store.create(segment, plain(start));
        TraceEntry trace = new TraceEntry(5, RawJson.of("{\"step\":1}"));
        store.appendTrace(segment, trace);

        Path traceFile = dir.resolve(session.toString()).resolve(segment + ".trace.jsonl");
        assertEquals(new String(CODEC.encodeTrace(trace), StandardCharsets.UTF_8) + "\n",
                Files.readString(traceFile, StandardCharsets.UTF_8));
        assertEquals(List.of(trace), store.readTrace(segment));
    }

    @Test
    void readAll_withATornTail_ignoresIt() throws IOException {
        LogEntry a = fx.marker("a");
        store.create(segment, plain(start, a));
        String half = line(fx.marker("torn"));
        appendRaw(file(), half.substring(0, half.length() / 2));

        assertEquals(List.of(start, a), store.readAll(segment));
        assertEquals(2, store.count(segment));
    }

    @Test
    void append_afterTornTail_cutsTheTornRecordAndKeepsCommittedOnes() throws IOException {
        LogEntry a = fx.marker("a");
        store.create(segment, plain(start, a));
        String torn = line(fx.paddedMarker("a torn line, longer than the next one", 150));
        appendRaw(file(), torn.substring(0, torn.length() - 2));

        LogEntry b = fx.marker("b");
        store.append(segment, b);

        assertEquals(List.of(start, a, b), store.readAll(segment));
        assertEquals(line(start) + line(a) + line(b), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void readAll_withACorruptLineBeforeTheTail_failsNamingItsPositionAndLine() throws IOException {
        store.create(segment, plain(start, fx.marker("a")));
        appendRaw(file(), "{\"kind\":\"turn_end\",\"ts\":1}\n" + line(fx.marker("b")));

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> store.readAll(segment));
        assertEquals(2, e.position());
        assertEquals(segment, e.segmentId().orElseThrow());
        assertTrue(e.reason().contains("line 3"), e.reason());
    }

    @Test
    void read_fromAPosition_passesOverEarlierLinesWithoutDecodingThem() throws IOException {
        store.create(segment, plain(start, fx.marker("a")));
        LogEntry last = fx.marker("last");
        appendRaw(file(), "not json at all\n" + line(last));

        assertEquals(plain(last), store.read(segment, 3, 10));
        assertThrows(CorruptDataException.class, () -> store.read(segment, 2, 10));
    }

    @Test
    void count_afterAnotherStoreAppended_includesItsEntries() {
        store.create(segment, plain(start));
        assertEquals(1, store.count(segment));
        List<LogEntry> others = fx.markers("other", 3);
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            other.append(segment, ExpectedCount.any(), StoredEntry.plain(others));
        }

        assertEquals(4, store.count(segment));
        assertEquals(others.get(2).ts(), store.info(segment).lastEntryTs());
        store.append(segment, ExpectedCount.exactly(4), plain(fx.marker("a")));
        assertEquals(5, store.count(segment));
    }

    @Test
    void count_afterAnotherProcessLeftATornLine_ignoresIt() throws IOException {
        store.create(segment, plain(start));
        assertEquals(1, store.count(segment));
        appendRaw(file(), line(fx.marker("b")) + "{\"kind\":\"run_err");

        assertEquals(2, store.count(segment));
    }

    @Test
    void count_afterTheSessionWasDeletedAndTheSegmentCreatedAgain_seesTheNewFile() {
        store.create(segment, plain(start, fx.marker("a0"), fx.marker("a1")));
        assertEquals(3, store.count(segment));
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            assertEquals(1, other.deleteSession(session));
            other.create(segment, plain(start));
        }

        assertEquals(1, store.count(segment));
        assertEquals(List.of(start), store.readAll(segment));
    }

    @Test
    void append_afterAnotherStoreDeletedTheSession_failsInsteadOfWritingToTheDeletedFile() {
        store.create(segment, plain(start));
        store.append(segment, fx.marker("a0")); // the store now has the file open
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            assertEquals(1, other.deleteSession(session));
        }

        assertThrows(SegmentNotFoundException.class, () -> store.append(segment, fx.marker("a1")));
        assertFalse(Files.exists(file()));
    }

    @Test
    void append_afterAnotherStoreCreatedTheSegmentAgainWithTheSameSize_writesToTheNewFile() throws IOException {
        store.create(segment, plain(start, fx.marker("a0")));
        store.append(segment, fx.marker("a1")); // the store now has the file open
        long sizeBefore = Files.size(file());
        LogEntry b0 = fx.marker("b0");
        LogEntry b1 = fx.marker("b1");
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            other.deleteSession(session);
            other.create(segment, plain(start, b0, b1));
        }
        assertEquals(sizeBefore, Files.size(file()), "the new file has as many bytes as the one the store has open");

        LogEntry c0 = fx.marker("c0");
        store.append(segment, c0);

        try (JsonlSegmentStore fresh = JsonlSegmentStore.open(dir)) {
            assertEquals(List.of(start, b0, b1, c0), fresh.readAll(segment));
        }
        assertEquals(4, store.count(segment));
    }

    @Test
    void append_afterAWriterDiedMidBatch_cutsTheUnfinishedBatchBack() throws IOException {
        store.create(segment, plain(start));
        long sizeBefore = Files.size(file());
        String batch = line(fx.marker("dead0")) + line(fx.marker("dead1")) + line(fx.marker("dead2"));
        String written = batch.substring(0, batch.indexOf('\n', batch.indexOf('\n') + 1) + 5); // two whole lines and a bit
        simulateDeathMidBatch(sizeBefore, batch.getBytes(StandardCharsets.UTF_8).length, written);

        assertEquals(1, store.count(segment), "readers do not take the whole lines of an unfinished batch");
        assertEquals(List.of(start), store.readAll(segment));

        LogEntry a = fx.marker("a");
        store.append(segment, a);
        assertEquals(List.of(start, a), store.readAll(segment));
        assertEquals(line(start) + line(a), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void readAll_afterAWriterDiedAtTheEndOfABatch_keepsTheWholeBatch() throws IOException {
        store.create(segment, plain(start));
        long sizeBefore = Files.size(file());
        LogEntry late0 = fx.marker("late0");
        LogEntry late1 = fx.marker("late1");
        String batch = line(late0) + line(late1);
        simulateDeathMidBatch(sizeBefore, batch.getBytes(StandardCharsets.UTF_8).length, batch);

        assertEquals(List.of(start, late0, late1), store.readAll(segment));
        store.append(segment, fx.marker("a"));
        assertEquals(4, store.count(segment));
    }

    /** What a writer that died after writing {@code written} of a batch of {@code length} bytes leaves. */
    private void simulateDeathMidBatch(long start, long length, String written) throws IOException {
        DirectoryLocks locks = DirectoryLocks.acquire(dir.toRealPath());
        try {
            locks.withStripe(segment, true, stripe -> {
                stripe.begin(new PendingWrite(SegmentFile.inSession(session, segment), start, start + length), false);
                appendRaw(file(), written);
                return null;
            });
        } finally {
            locks.release();
        }
    }

    @Test
    void create_afterACreateThatDiedMidWrite_takesTheFileOver() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "", StandardCharsets.UTF_8);
        String lines = line(start) + line(fx.marker("dead0")) + line(fx.marker("dead1"));
        simulateDeathMidBatch(0, lines.getBytes(StandardCharsets.UTF_8).length,
                lines.substring(0, lines.lastIndexOf('\n', lines.length() - 2) + 1));
        assertFalse(store.exists(segment), "two whole lines of an unfinished create are no segment");

        LogEntry a = fx.marker("a");
        store.create(segment, plain(start, a));
        assertEquals(List.of(start, a), store.readAll(segment));
    }

    @Test
    void append_onAnInterruptedThread_failsWritingNothingAndLeavesTheStoreUsable() {
        store.create(segment, plain(start));
        Thread.currentThread().interrupt();
        try {
            BackendException e = assertThrows(BackendException.class,
                    () -> store.append(segment, ExpectedCount.any(), StoredEntry.plain(fx.markers("i", 2))));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }

        assertEquals(1, store.count(segment));
        List<LogEntry> more = fx.markers("a", 2);
        store.append(segment, ExpectedCount.any(), StoredEntry.plain(more));
        assertEquals(List.of(start, more.get(0), more.get(1)), store.readAll(segment));
    }

    @Test
    void info_ofAFileWhoseFirstLineIsNoSegmentStart_failsAtPositionZero() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), line(fx.marker("a")), StandardCharsets.UTF_8);

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> store.info(segment));
        assertEquals(0, e.position());
    }

    @Test
    void create_afterACreateThatNeverFinished_takesTheFileOver() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"kind\":\"segment_st", StandardCharsets.UTF_8);
        assertFalse(store.exists(segment));
        assertThrows(SegmentNotFoundException.class, () -> store.count(segment));

        store.create(segment, plain(start));
        assertEquals(List.of(start), store.readAll(segment));
    }

    @Test
    void create_ofASegmentAnotherStoreCreated_failsAndLeavesItAsItWas() {
        LogEntry a = fx.marker("a");
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            other.create(segment, plain(start, a));
        }

        assertThrows(SegmentAlreadyExistsException.class,
                () -> store.create(segment, plain(fx.plainStart(SessionId.generate()))));
        assertEquals(List.of(start, a), store.readAll(segment));
    }

    @Test
    void exists_findsASegmentWhoseFileWasPutThereWithoutThePointer() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), line(start), StandardCharsets.UTF_8);

        assertTrue(store.exists(segment));
        assertEquals(List.of(start), store.readAll(segment));
    }

    /** The start of a fork of {@code source} in {@code session}. */
    private LogEntry forkOf(SessionId session, SegmentId source) {
        return new LogEntry.SegmentStart(fx.tick(), session, null, RequestConfig.DEFAULT, List.of(),
                new SegmentOrigin(source, 0), null);
    }

    @Test
    void listSegments_isNewestFirstByIdAndSkipsFilesThatAreNotSegments() throws IOException {
        SegmentId older = SegmentId.generate();
        SegmentId newer = SegmentId.generate();
        store.create(newer, plain(start));
        store.create(older, plain(forkOf(session, newer)));
        Files.writeString(file().getParent().resolve("notes.jsonl"), "hello\n");
        Files.writeString(dir.resolve("README"), "hello\n");

        assertEquals(List.of(newer, older), store.listSegments(PageRequest.first(10)).items());
        assertEquals(List.of(newer, older), store.listSegments(session, PageRequest.first(10)).items());
        assertEquals(List.of(session), store.listSessions(PageRequest.first(10)).items());
    }

    @Test
    void info_readsSessionAndOriginFromTheFirstLineAndTheLastTsFromTheTail() {
        SegmentId source = SegmentId.generate();
        LogEntry forkStart = forkOf(session, source);
        store.create(segment, plain(forkStart, fx.marker("a0")));
        LogEntry last = fx.marker("a1");
        store.append(segment, last);

        SegmentInfo info = store.info(segment);
        assertEquals(session, info.sessionId());
        assertEquals(source, info.forkedFrom().segmentId());
        assertEquals(3, info.entryCount());
        assertEquals(last.ts(), info.lastEntryTs());
        assertEquals(forkStart.ts(), info.createdAt());
    }

    @Test
    void deleteSession_removesTheSegmentsTheirTracesAndTheDirectory() {
        store.create(segment, plain(start));
        store.appendTrace(segment, new TraceEntry(1, RawJson.of("1")));

        assertEquals(1, store.deleteSession(session));
        assertFalse(Files.exists(file().getParent()));
        assertFalse(store.exists(segment));
        assertThrows(SegmentNotFoundException.class, () -> store.readTrace(segment));
    }

    @Test
    void appendTrace_afterATornTraceTail_cutsIt() throws IOException {
        store.create(segment, plain(start));
        TraceEntry first = new TraceEntry(1, RawJson.of("1"));
        TraceEntry second = new TraceEntry(2, RawJson.of("2"));
        store.appendTrace(segment, first);
        appendRaw(dir.resolve(session.toString()).resolve(segment + ".trace.jsonl"), "{\"ts\":");

        assertEquals(List.of(first), store.readTrace(segment));
        store.appendTrace(segment, second);
        assertEquals(List.of(first, second), store.readTrace(segment));
    }

    @Test
    void fsyncDurability_writesAndReadsBackAcrossReopen() {
        try (JsonlSegmentStore durable = JsonlSegmentStore.open(dir, Durability.FSYNC)) {
            durable.create(segment, plain(start));
            durable.append(segment, ExpectedCount.any(), StoredEntry.plain(fx.markers("a", 3)));
            durable.append(segment, fx.marker("b"));
            durable.appendTrace(segment, new TraceEntry(1, RawJson.of("1")));
        }
        try (JsonlSegmentStore reopened = JsonlSegmentStore.open(dir, Durability.FSYNC)) {
            assertEquals(5, reopened.count(segment));
            assertEquals(1, reopened.readTrace(segment).size());
        }
    }

    @Test
    void open_onAPathThatIsAFile_failsNamingIt() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        BackendException e = assertThrows(BackendException.class, () -> JsonlSegmentStore.open(notADirectory));
        assertTrue(e.getMessage().contains(notADirectory.toString()), e.getMessage());
    }
}
