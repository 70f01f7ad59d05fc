package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
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
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hash-chained segments in SQLite: the chain fields live in each row's JSON, the head hash in the
 * segment's row. What the port promises of chained segments is the kit's (C-CHAIN-…); these tests
 * check how this store keeps it in the file.
 */
class SqliteHashChainTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EntryCodec CODEC = EntryCodec.standard();

    @TempDir
    Path dir;

    private Path file;
    private SqliteSegmentStore store;
    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();

    private SqliteSegmentStore store() {
        if (store == null) {
            file = dir.resolve("chain.db");
            store = SqliteSegmentStore.open(file);
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private List<LogEntry> conversation(SessionId session, int replies) {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(fixtures.plainStart(session));
        for (int i = 0; i < replies; i++) {
            entries.add(fixtures.marker("reply " + i));
        }
        return entries;
    }

    private List<LogEntry> replies(int from, int count) {
        return conversation(SessionId.generate(), from + count).subList(1 + from, 1 + from + count);
    }

    private String json(SegmentId id, long seq) throws Exception {
        return Sqlite.queryString(file, "SELECT json FROM entries WHERE " + Sqlite.ofSegment(id) + " AND seq = " + seq);
    }

    private String headHashColumn(SegmentId id) throws Exception {
        return Sqlite.queryString(file, "SELECT head_hash FROM segments WHERE segment_id = '" + id + "'");
    }

    // --- the port

    @Test
    void create_withChainFields_storesTheCodecsHashedLineInTheJsonColumn() throws Exception {
        List<StoredEntry> chained = HashChain.link(null, conversation(session, 1));
        store().create(segment, chained);

        assertEquals(new String(CODEC.encode(chained.get(1)), StandardCharsets.UTF_8), json(segment, 1));
        assertEquals(chained.get(1).hash().hex(), Sqlite.queryString(file,
                "SELECT json_extract(json, '$.hash') FROM entries WHERE " + Sqlite.ofSegment(segment) + " AND seq = 1"));
        assertEquals(chained.get(0).hash().hex(), Sqlite.queryString(file,
                "SELECT json_extract(json, '$.prev_hash') FROM entries WHERE " + Sqlite.ofSegment(segment) + " AND seq = 1"));
        assertNull(Sqlite.queryString(file,
                "SELECT json_extract(json, '$.prev_hash') FROM entries WHERE " + Sqlite.ofSegment(segment) + " AND seq = 0"));
    }

    @Test
    void read_ofARowWithItsChainFieldsFirst_returnsThem() throws Exception {
        List<StoredEntry> chained = HashChain.link(null, conversation(session, 1));
        store().create(segment, chained);
        StoredEntry reply = chained.get(1);
        String fieldsFirst = "{\"prev_hash\":\"" + reply.prevHash().hex() + "\",\"hash\":\"" + reply.hash().hex() + "\","
                + CODEC.encodeToString(reply.entry()).substring(1);
        Sqlite.execute(file, "UPDATE entries SET json = '" + fieldsFirst + "' WHERE seq = 1");

        assertEquals(chained, store.read(segment, 0, 10));
    }

    @Test
    void read_ofAnUnchainedSegment_returnsNullHashes() throws Exception {
        List<StoredEntry> entries = StoredEntry.plain(conversation(session, 1));
        store().create(segment, entries);

        assertEquals(entries, store.read(segment, 0, 10));
        assertEquals(Optional.empty(), store.headHash(segment));
        assertNull(headHashColumn(segment));
    }

    @Test
    void append_withChainFieldsAtTheCount_appendsTheRowsAndMovesTheHeadHash() throws Exception {
        List<StoredEntry> created = HashChain.link(null, conversation(session, 0));
        store().create(segment, created);
        assertEquals(created.get(0).hash().hex(), headHashColumn(segment));
        List<StoredEntry> appended = HashChain.link(created.get(0).hash(), replies(0, 2));

        store.append(segment, ExpectedCount.exactly(1), appended);

        List<StoredEntry> all = new ArrayList<>(created);
        all.addAll(appended);
        assertEquals(all, store.read(segment, 0, 10));
        assertEquals(appended.get(1).hash().hex(), headHashColumn(segment));
        assertEquals(Optional.of(appended.get(1).hash()), store.headHash(segment));
    }

    @Test
    void append_withChainFieldsAtAStaleCount_conflictsAndWritesNothing() throws Exception {
        List<StoredEntry> created = HashChain.link(null, conversation(session, 1));
        store().create(segment, created);

        ConflictException conflict = assertThrows(ConflictException.class, () -> store.append(segment,
                ExpectedCount.exactly(1), HashChain.link(created.get(0).hash(), replies(5, 2))));

        assertEquals(2, conflict.actualCount());
        assertEquals(created, store.read(segment, 0, 10));
        assertEquals(created.get(1).hash().hex(), headHashColumn(segment));
    }

    @Test
    void append_ofAPlainEntryToAChainedSegment_isStoredPlain_andTheHeadHashIsThenEmpty() throws Exception {
        List<StoredEntry> created = HashChain.link(null, conversation(session, 0));
        store().create(segment, created);

        LogEntry plain = fixtures.marker("plain");
        store.append(segment, plain);

        assertEquals(List.of(created.get(0), StoredEntry.plain(plain)), store.read(segment, 0, 10));
        assertEquals(CODEC.encodeToString(plain), json(segment, 1));
        assertEquals(Optional.empty(), store.headHash(segment));
        assertNull(headHashColumn(segment));
    }

    @Test
    void headHash_readsTheSegmentsRow_notTheEntries() throws Exception {
        List<StoredEntry> created = HashChain.link(null, conversation(session, 2));
        store().create(segment, created);
        Sqlite.execute(file, "DELETE FROM entries WHERE " + Sqlite.ofSegment(segment));

        assertEquals(Optional.of(created.get(2).hash()), store.headHash(segment));
    }

    @Test
    void headHash_ofARowHoldingAnInvalidHash_isCorruptData() throws Exception {
        store().create(segment, HashChain.link(null, conversation(session, 1)));
        Sqlite.execute(file, "UPDATE segments SET head_hash = 'not a hash' WHERE segment_id = '" + segment + "'");

        CorruptDataException corrupt = assertThrows(CorruptDataException.class, () -> store.headHash(segment));
        assertEquals(1, corrupt.position());
    }

    // --- verifying what is in the file

    private SegmentLog chainedLog() {
        AtomicLong clock = new AtomicLong(10_000);
        return new SegmentLog(store(), clock::incrementAndGet).chained();
    }

    /** A chained conversation through the operations: start, user input, two replies (one by a writer), turn end. */
    private static SegmentId chainedConversation(SegmentLog log) {
        SegmentId created = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
        log.saveUserInput(created, List.of(new InputPart.Text("What is the weather in Tokyo?")));
        log.saveDelta(created, List.of(HistoryItem.assistant("Let me look that up.")));
        SegmentWriter writer = log.writer(created);
        writer.saveDelta(List.of(HistoryItem.assistant("It is sunny, 25C.")));
        writer.saveTurnEnd(1);
        assertEquals(created, writer.segmentId(), "nobody else wrote: no fork");
        return created;
    }

    @Test
    void chainedConversation_verifiesIntact_andTheHeadHashIsTheLastEntrys() throws Exception {
        SegmentLog log = chainedLog();
        SegmentId conversation = chainedConversation(log);

        ChainReport report = log.verify(conversation);

        assertTrue(report.chained());
        assertTrue(report.intact(), report.breaks().toString());
        assertEquals(5, report.entriesChecked());
        List<StoredEntry> stored = store.read(conversation, 0, 10);
        assertEquals(Optional.of(stored.get(4).hash()), store.headHash(conversation));
        assertEquals(5, Sqlite.queryLong(file, "SELECT count(*) FROM entries WHERE " + Sqlite.ofSegment(conversation)
                + " AND json_type(json, '$.hash') = 'text'"));
    }

    @Test
    void verify_afterARowWasEditedBySql_reportsItAlteredAtItsPosition() throws Exception {
        SegmentLog log = chainedLog();
        SegmentId conversation = chainedConversation(log);
        Sqlite.execute(file, "UPDATE entries SET json = replace(json, 'sunny, 25C', 'rainy, 12C') "
                + "WHERE " + Sqlite.ofSegment(conversation) + " AND seq = 3");
        assertTrue(json(conversation, 3).contains("rainy, 12C"), "the edit took");

        ChainReport report = log.verify(conversation);

        assertEquals(List.of(3L), report.breaks().stream().map(ChainReport.Break::position).toList(),
                report.breaks().toString());
        assertEquals(ChainReport.Problem.ALTERED, report.breaks().get(0).problem());
    }

    @Test
    void verify_afterARowWasDeletedBySqlAndTheGapClosed_reportsTheRemovalWhereItWas() throws Exception {
        SegmentLog log = chainedLog();
        SegmentId conversation = chainedConversation(log);
        String rows = Sqlite.ofSegment(conversation);
        Sqlite.execute(file, "DELETE FROM entries WHERE " + rows + " AND seq = 2");
        // Renumbered in two steps so no step puts two rows at one position.
        Sqlite.execute(file, "UPDATE entries SET seq = -seq WHERE " + rows + " AND seq > 2");
        Sqlite.execute(file, "UPDATE entries SET seq = -seq - 1 WHERE " + rows + " AND seq < 0");
        Sqlite.execute(file, "UPDATE segments SET entry_count = 4 WHERE segment_id = '" + conversation + "'");

        ChainReport report = log.verify(conversation);

        assertEquals(4, report.entriesChecked());
        assertEquals(List.of(2L), report.breaks().stream().map(ChainReport.Break::position).toList(),
                report.breaks().toString());
        assertEquals(ChainReport.Problem.REMOVED, report.breaks().get(0).problem());
    }

    @Test
    void verify_afterARowWasDeletedBySqlLeavingAGap_isCorruptDataAtTheGap() throws Exception {
        SegmentLog log = chainedLog();
        SegmentId conversation = chainedConversation(log);
        Sqlite.execute(file, "DELETE FROM entries WHERE " + Sqlite.ofSegment(conversation) + " AND seq = 2");

        CorruptDataException corrupt = assertThrows(CorruptDataException.class, () -> log.verify(conversation));
        assertEquals(2, corrupt.position());
    }
}
