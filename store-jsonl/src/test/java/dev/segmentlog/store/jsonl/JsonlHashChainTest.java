package dev.segmentlog.store.jsonl;

import static dev.segmentlog.store.jsonl.Entries.mark;
import static dev.segmentlog.store.jsonl.Entries.marks;
import static dev.segmentlog.store.jsonl.Entries.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ChainReport;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.HashChain;
import dev.segmentlog.spi.SegmentLog;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentWriter;
import dev.segmentlog.spi.StartState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hash-chained segments in JSONL: the chain fields live in each entry's line. */
class JsonlHashChainTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Path dir = Entries.freshDirectory("jsonl-chain");
    private final JsonlSegmentStore store = JsonlSegmentStore.open(dir);
    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();

    @AfterEach
    void close() {
        store.close();
    }

    private Path file() {
        return dir.resolve(session.toString()).resolve(segment + ".jsonl");
    }

    private static List<StoredEntry> chain(List<LogEntry> entries) {
        return HashChain.link(null, entries);
    }

    private static List<LogEntry> startAnd(SessionId session, List<LogEntry> more) {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(start(session));
        entries.addAll(more);
        return entries;
    }

    private static String lines(List<StoredEntry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(new String(CODEC.encode(entry), StandardCharsets.UTF_8)).append('\n'));
        return text.toString();
    }

    private void appendRaw(String text) throws IOException {
        Files.writeString(file(), text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Rewrites the segment's lines behind the store's back, as someone with access to the file could. */
    private static void editLines(Path file, UnaryOperator<List<String>> change) throws IOException {
        List<String> edited = change.apply(new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)));
        Files.writeString(file, String.join("\n", edited) + "\n", StandardCharsets.UTF_8);
    }

    // --- the port

    @Test
    void create_thenRead_returnsEachEntryWithItsChainFieldsAsGiven() {
        List<StoredEntry> chained = chain(startAnd(session, marks("a", 0, 3)));
        store.create(segment, chained);

        assertEquals(chained, store.read(segment, 0, 10));
        assertEquals(chained.subList(2, 4), store.read(segment, 2, 10));
        assertEquals(chained.subList(1, 3), store.read(segment, 1, 2));
        assertEquals(List.of(), store.read(segment, 4, 10));
    }

    @Test
    void create_writesTheCodecsHashedLineForEachEntry_withTheChainFieldsLast() throws IOException {
        List<StoredEntry> chained = chain(startAnd(session, marks("a", 0, 1)));
        store.create(segment, chained);

        String text = Files.readString(file(), StandardCharsets.UTF_8);
        assertEquals(lines(chained), text);
        String second = text.split("\n")[1];
        assertTrue(second.startsWith(CODEC.encodeToString(mark("a", 0)).replaceAll("}$", "")), second);
        assertTrue(second.endsWith(",\"prev_hash\":\"" + chained.get(0).hash().hex() + "\",\"hash\":\""
                + chained.get(1).hash().hex() + "\"}"), second);
    }

    @Test
    void readAll_ofAChainedSegment_returnsTheEntriesWithoutChainFields() {
        List<LogEntry> entries = startAnd(session, marks("a", 0, 2));
        store.create(segment, chain(entries));

        assertEquals(entries, store.readAll(segment));
        assertEquals(3, store.count(segment));
        assertEquals(2_001, store.info(segment).lastEntryTs());
    }

    @Test
    void read_ofAnUnchainedSegment_returnsNullHashes() {
        List<StoredEntry> entries = StoredEntry.plain(startAnd(session, marks("a", 0, 1)));
        store.create(segment, entries);

        assertEquals(entries, store.read(segment, 0, 10));
        assertEquals(Optional.empty(), store.headHash(segment));
    }

    @Test
    void append_atTheExpectedCount_writesTheLinesWithTheirChainFields() throws IOException {
        List<StoredEntry> created = chain(List.of(start(session)));
        store.create(segment, created);
        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), marks("a", 0, 2));

        store.append(segment, ExpectedCount.exactly(1), appended);

        List<StoredEntry> all = new ArrayList<>(created);
        all.addAll(appended);
        assertEquals(all, store.read(segment, 0, 10));
        assertEquals(lines(all), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void append_atAStaleExpectedCount_conflictsAndWritesNothing() throws IOException {
        List<StoredEntry> created = chain(startAnd(session, marks("a", 0, 1)));
        store.create(segment, created);
        String before = Files.readString(file(), StandardCharsets.UTF_8);

        ConflictException conflict = assertThrows(ConflictException.class, () ->
                store.append(segment, ExpectedCount.exactly(1), HashChain.link(created.get(0).hash(), marks("late", 0, 2))));

        assertEquals(2, conflict.actualCount());
        assertEquals(before, Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void chainedOperations_onAnUnknownSegment_areRefused() {
        List<StoredEntry> one = chain(List.of(mark("a", 0)));
        assertThrows(SegmentNotFoundException.class, () -> store.append(segment, ExpectedCount.exactly(0), one));
        assertThrows(SegmentNotFoundException.class, () -> store.read(segment, 0, 1));
        assertThrows(SegmentNotFoundException.class, () -> store.headHash(segment));
    }

    @Test
    void plainAppend_toAChainedSegment_isStoredAsAPlainLine_theStoreDoesNotPoliceChains() {
        List<StoredEntry> created = chain(List.of(start(session)));
        store.create(segment, created);

        store.append(segment, mark("plain", 0));

        assertEquals(List.of(created.get(0), StoredEntry.plain(mark("plain", 0))), store.read(segment, 0, 10));
        assertEquals(Optional.empty(), store.headHash(segment));
    }

    @Test
    void headHash_isTheLastEntrysHash() {
        List<StoredEntry> created = chain(startAnd(session, marks("a", 0, 2)));
        store.create(segment, created);
        assertEquals(Optional.of(created.get(2).hash()), store.headHash(segment));

        List<StoredEntry> appended = HashChain.link(created.get(2).hash(), marks("a", 2, 1));
        store.append(segment, ExpectedCount.exactly(3), appended);
        assertEquals(Optional.of(appended.get(0).hash()), store.headHash(segment));
    }

    @Test
    void headHash_afterAnotherStoreAppended_isTheHashOfItsLastLine() {
        List<StoredEntry> created = chain(List.of(start(session)));
        store.create(segment, created);
        assertEquals(Optional.of(created.get(0).hash()), store.headHash(segment));
        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), marks("other", 0, 2));
        try (JsonlSegmentStore other = JsonlSegmentStore.open(dir)) {
            assertEquals(Optional.of(created.get(0).hash()), other.headHash(segment));
            other.append(segment, ExpectedCount.exactly(1), appended);
        }

        assertEquals(Optional.of(appended.get(1).hash()), store.headHash(segment));
    }

    @Test
    void read_fromTheLastPosition_returnsTheLastEntryWithItsPosition() throws IOException {
        List<StoredEntry> created = chain(startAnd(session, marks("a", 0, 3)));
        store.create(segment, created);
        appendRaw("{\"kind\":\"run_err"); // a torn tail is not the last entry

        assertEquals(List.of(created.get(3)), store.read(segment, 3, 10));
        assertEquals(List.of(created.get(3)), store.read(segment, 3, 1));
        editLines(file(), lines -> {
            lines.set(3, "not json");
            return lines;
        });
        try (JsonlSegmentStore fresh = JsonlSegmentStore.open(dir)) {
            assertEquals(3, assertThrows(CorruptDataException.class,
                    () -> fresh.read(segment, 3, 1)).position());
        }
    }

    // --- crashes leave hashed lines as they leave any line

    @Test
    void read_withATornHashedTail_ignoresIt() throws IOException {
        List<StoredEntry> created = chain(startAnd(session, marks("a", 0, 1)));
        store.create(segment, created);
        String next = lines(HashChain.link(created.get(1).hash(), marks("a", 1, 1)));
        appendRaw(next.substring(0, next.length() - 20)); // cut inside the hash field

        assertEquals(created, store.read(segment, 0, 10));
        assertEquals(2, store.count(segment));
        assertEquals(Optional.of(created.get(1).hash()), store.headHash(segment));
    }

    @Test
    void append_afterATornHashedTail_cutsItOffAndKeepsTheCommittedLines() throws IOException {
        List<StoredEntry> created = chain(startAnd(session, marks("a", 0, 1)));
        store.create(segment, created);
        String torn = lines(HashChain.link(created.get(1).hash(), marks("torn", 0, 1)));
        appendRaw(torn.substring(0, torn.length() - 2));

        List<StoredEntry> appended = HashChain.link(created.get(1).hash(), marks("a", 1, 1));
        store.append(segment, ExpectedCount.exactly(2), appended);

        List<StoredEntry> all = new ArrayList<>(created);
        all.addAll(appended);
        assertEquals(lines(all), Files.readString(file(), StandardCharsets.UTF_8));
        assertTrue(new SegmentLog(store).verify(segment).intact());
    }

    @Test
    void append_afterAWriterDiedMidHashedBatch_cutsTheUnfinishedBatchBack() throws IOException {
        List<StoredEntry> created = chain(List.of(start(session)));
        store.create(segment, created);
        long sizeBefore = Files.size(file());
        String batch = lines(HashChain.link(created.get(0).hash(), marks("dead", 0, 3)));
        String written = batch.substring(0, batch.indexOf('\n', batch.indexOf('\n') + 1) + 5); // two lines and a bit
        simulateDeathMidBatch(sizeBefore, batch.getBytes(StandardCharsets.UTF_8).length, written);

        assertEquals(1, store.count(segment), "readers do not take the whole lines of an unfinished batch");
        assertEquals(created, store.read(segment, 0, 10));
        assertEquals(Optional.of(created.get(0).hash()), store.headHash(segment));

        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), marks("a", 0, 2));
        store.append(segment, ExpectedCount.exactly(1), appended);
        List<StoredEntry> all = new ArrayList<>(created);
        all.addAll(appended);
        assertEquals(lines(all), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void read_afterAWriterDiedAtTheEndOfAHashedBatch_keepsTheWholeBatch() throws IOException {
        List<StoredEntry> created = chain(List.of(start(session)));
        store.create(segment, created);
        long sizeBefore = Files.size(file());
        List<StoredEntry> batch = HashChain.link(created.get(0).hash(), marks("late", 0, 2));
        String text = lines(batch);
        simulateDeathMidBatch(sizeBefore, text.getBytes(StandardCharsets.UTF_8).length, text);

        List<StoredEntry> all = new ArrayList<>(created);
        all.addAll(batch);
        assertEquals(all, store.read(segment, 0, 10));
        assertEquals(Optional.of(batch.get(1).hash()), store.headHash(segment));
    }

    /** What a writer that died after writing {@code written} of a batch of {@code length} bytes leaves. */
    private void simulateDeathMidBatch(long start, long length, String written) throws IOException {
        DirectoryLocks locks = DirectoryLocks.acquire(dir.toRealPath());
        try {
            locks.withStripe(segment, true, stripe -> {
                stripe.begin(new PendingWrite(SegmentFile.inSession(session, segment), start, start + length), false);
                appendRaw(written);
                return null;
            });
        } finally {
            locks.release();
        }
    }

    // --- verifying what is on disk

    /** A chained conversation through the operations: start, user input, a reply, a tool round, turn end. */
    private SegmentId chainedConversation(SegmentLog log) {
        SegmentId created = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
        log.saveUserInput(created, List.of(new InputPart.Text("What is the weather in Tokyo?")));
        log.saveDelta(created, List.of(HistoryItem.assistant("Let me look that up.")));
        SegmentWriter writer = log.writer(created);
        writer.saveDelta(List.of(HistoryItem.assistant("It is sunny, 25C.")));
        writer.saveTurnEnd(1);
        assertEquals(created, writer.segmentId(), "nobody else wrote: no fork");
        return created;
    }

    private SegmentLog chainedLog() {
        AtomicLong clock = new AtomicLong(10_000);
        return new SegmentLog(store, clock::incrementAndGet).chained();
    }

    private Path fileOf(SegmentId id) {
        return dir.resolve(store.info(id).sessionId().toString()).resolve(id + ".jsonl");
    }

    @Test
    void chainedConversation_verifiesIntact_andEveryLineCarriesAHash() throws IOException {
        SegmentLog log = chainedLog();
        SegmentId conversation = chainedConversation(log);

        ChainReport report = log.verify(conversation);

        assertTrue(report.chained());
        assertTrue(report.intact(), report.breaks().toString());
        assertEquals(5, report.entriesChecked());
        List<StoredEntry> stored = log.readStored(conversation);
        assertNull(stored.get(0).prevHash());
        for (int i = 1; i < stored.size(); i++) {
            assertEquals(stored.get(i - 1).hash(), stored.get(i).prevHash());
        }
        assertEquals(Optional.of(stored.get(4).hash()), store.headHash(conversation));
        Files.readAllLines(fileOf(conversation), StandardCharsets.UTF_8)
                .forEach(line -> assertTrue(line.contains("\"hash\":\""), line));
    }

    @Test
    void verify_afterALineWasEditedOnDisk_reportsItAlteredAtItsPosition() throws IOException {
        SegmentId conversation = chainedConversation(chainedLog());
        editLines(fileOf(conversation), lines -> {
            lines.set(3, lines.get(3).replace("sunny, 25C", "rainy, 12C"));
            return lines;
        });

        try (JsonlSegmentStore auditor = JsonlSegmentStore.open(dir)) {
            ChainReport report = new SegmentLog(auditor).verify(conversation);
            assertEquals(List.of(3L), report.breaks().stream().map(ChainReport.Break::position).toList(),
                    report.breaks().toString());
            assertEquals(ChainReport.Problem.ALTERED, report.breaks().get(0).problem());
        }
    }

    @Test
    void verify_afterALineWasDeletedOnDisk_reportsTheRemovalWhereItWas() throws IOException {
        SegmentId conversation = chainedConversation(chainedLog());
        editLines(fileOf(conversation), lines -> {
            lines.remove(2);
            return lines;
        });

        try (JsonlSegmentStore auditor = JsonlSegmentStore.open(dir)) {
            ChainReport report = new SegmentLog(auditor).verify(conversation);
            assertEquals(4, report.entriesChecked());
            assertEquals(List.of(2L), report.breaks().stream().map(ChainReport.Break::position).toList(),
                    report.breaks().toString());
            assertEquals(ChainReport.Problem.REMOVED, report.breaks().get(0).problem());
        }
    }

    @Test
    void verify_byAnotherStore_ofAnUntouchedChain_isIntact() {
        // The control for the two tests above: without the edit, the same reading finds nothing.
        SegmentId conversation = chainedConversation(chainedLog());
        try (JsonlSegmentStore auditor = JsonlSegmentStore.open(dir)) {
            assertTrue(new SegmentLog(auditor).verify(conversation).intact());
            EntryHash head = auditor.headHash(conversation).orElseThrow();
            assertEquals(head, store.read(conversation, 4, 1).get(0).hash());
        }
    }
}
