package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hash-chained segments in JSONL: the chain fields live in each entry's line. What every store does
 * with chains (round trips, head hashes, plain entries among chained ones, other instances) is the
 * kit's C-CHAIN and C-MULTI-06 clauses; here are the lines on disk, crashes, and edits behind the
 * store's back.
 */
class JsonlHashChainTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-chain");
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

    /** The segment's start and {@code count} markers, chained from the start. */
    private List<StoredEntry> chainOfStartAnd(int count) {
        List<LogEntry> entries = new ArrayList<>(List.of(fx.plainStart(session)));
        entries.addAll(fx.markers("a", count));
        return HashChain.link(null, entries);
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

    private static List<StoredEntry> joined(List<StoredEntry> first, List<StoredEntry> second) {
        List<StoredEntry> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // --- the lines

    @Test
    void create_writesTheCodecsHashedLineForEachEntry_withTheChainFieldsLast() throws IOException {
        List<StoredEntry> chained = chainOfStartAnd(1);
        store.create(segment, chained);

        String text = Files.readString(file(), StandardCharsets.UTF_8);
        assertEquals(lines(chained), text);
        String second = text.split("\n")[1];
        assertTrue(second.startsWith(CODEC.encodeToString(chained.get(1).entry()).replaceAll("}$", "")), second);
        assertTrue(second.endsWith(",\"prev_hash\":\"" + chained.get(0).hash().hex() + "\",\"hash\":\""
                + chained.get(1).hash().hex() + "\"}"), second);
    }

    @Test
    void append_atTheExpectedCount_writesTheLinesWithTheirChainFields() throws IOException {
        List<StoredEntry> created = chainOfStartAnd(0);
        store.create(segment, created);
        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), fx.markers("b", 2));

        store.append(segment, ExpectedCount.exactly(1), appended);

        List<StoredEntry> all = joined(created, appended);
        assertEquals(all, store.read(segment, 0, 10));
        assertEquals(lines(all), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void read_fromTheLastPosition_returnsTheLastEntryWithItsPosition() throws IOException {
        List<StoredEntry> created = chainOfStartAnd(3);
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
        List<StoredEntry> created = chainOfStartAnd(1);
        store.create(segment, created);
        String next = lines(HashChain.link(created.get(1).hash(), List.of(fx.marker("next"))));
        appendRaw(next.substring(0, next.length() - 20)); // cut inside the hash field

        assertEquals(created, store.read(segment, 0, 10));
        assertEquals(2, store.count(segment));
        assertEquals(Optional.of(created.get(1).hash()), store.headHash(segment));
    }

    @Test
    void append_afterATornHashedTail_cutsItOffAndKeepsTheCommittedLines() throws IOException {
        List<StoredEntry> created = chainOfStartAnd(1);
        store.create(segment, created);
        String torn = lines(HashChain.link(created.get(1).hash(), List.of(fx.marker("torn"))));
        appendRaw(torn.substring(0, torn.length() - 2));

        List<StoredEntry> appended = HashChain.link(created.get(1).hash(), List.of(fx.marker("b")));
        store.append(segment, ExpectedCount.exactly(2), appended);

        assertEquals(lines(joined(created, appended)), Files.readString(file(), StandardCharsets.UTF_8));
        assertTrue(new SegmentLog(store).verify(segment).intact());
    }

    @Test
    void append_afterAWriterDiedMidHashedBatch_cutsTheUnfinishedBatchBack() throws IOException {
        List<StoredEntry> created = chainOfStartAnd(0);
        store.create(segment, created);
        long sizeBefore = Files.size(file());
        String batch = lines(HashChain.link(created.get(0).hash(), fx.markers("dead", 3)));
        String written = batch.substring(0, batch.indexOf('\n', batch.indexOf('\n') + 1) + 5); // two lines and a bit
        simulateDeathMidBatch(sizeBefore, batch.getBytes(StandardCharsets.UTF_8).length, written);

        assertEquals(1, store.count(segment), "readers do not take the whole lines of an unfinished batch");
        assertEquals(created, store.read(segment, 0, 10));
        assertEquals(Optional.of(created.get(0).hash()), store.headHash(segment));

        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), fx.markers("b", 2));
        store.append(segment, ExpectedCount.exactly(1), appended);
        assertEquals(lines(joined(created, appended)), Files.readString(file(), StandardCharsets.UTF_8));
    }

    @Test
    void read_afterAWriterDiedAtTheEndOfAHashedBatch_keepsTheWholeBatch() throws IOException {
        List<StoredEntry> created = chainOfStartAnd(0);
        store.create(segment, created);
        long sizeBefore = Files.size(file());
        List<StoredEntry> batch = HashChain.link(created.get(0).hash(), fx.markers("late", 2));
        String text = lines(batch);
        simulateDeathMidBatch(sizeBefore, text.getBytes(StandardCharsets.UTF_8).length, text);

        assertEquals(joined(created, batch), store.read(segment, 0, 10));
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
    private SegmentId chainedConversation() {
        SegmentLog log = new SegmentLog(store, fx::tick).chained();
        SegmentId created = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
        log.saveUserInput(created, List.of(new InputPart.Text("What is the weather in Tokyo?")));
        log.saveDelta(created, List.of(HistoryItem.assistant("Let me look that up.")));
        SegmentWriter writer = log.writer(created);
        writer.saveDelta(List.of(HistoryItem.assistant("It is sunny, 25C.")));
        writer.saveTurnEnd(1);
        assertEquals(created, writer.segmentId(), "nobody else wrote: no fork");
        return created;
    }

    private Path fileOf(SegmentId id) {
        return dir.resolve(store.info(id).sessionId().toString()).resolve(id + ".jsonl");
    }

    @Test
    void verify_afterALineWasEditedOnDisk_reportsItAlteredAtItsPosition() throws IOException {
        SegmentId conversation = chainedConversation();
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
        SegmentId conversation = chainedConversation();
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
        SegmentId conversation = chainedConversation();
        try (JsonlSegmentStore auditor = JsonlSegmentStore.open(dir)) {
            assertTrue(new SegmentLog(auditor).verify(conversation).intact());
            EntryHash head = auditor.headHash(conversation).orElseThrow();
            assertEquals(head, store.read(conversation, 4, 1).get(0).hash());
        }
    }
}
