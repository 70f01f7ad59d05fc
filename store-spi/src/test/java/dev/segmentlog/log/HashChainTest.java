package dev.segmentlog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainTest {
    private final SegmentId segment = SegmentId.generate();

    /** Hashes computed independently (Python hashlib) by the hash-chained session log's rule over the canonical lines. */
    @Test
    void link_matchesTheHashChainedSessionLogsRuleByKnownAnswer() {
        List<StoredEntry> chain = HashChain.link(null, List.of(new LogEntry.TurnEnd(1000, 1), new LogEntry.TurnEnd(2000, 2)));
        assertNull(chain.get(0).prevHash());
        assertEquals("18c5ffb0749c1f2153eeaa10ad240278dadf72ccc4d7f6425ae2e41e200a9e91", chain.get(0).hash().hex());
        assertEquals(chain.get(0).hash(), chain.get(1).prevHash());
        assertEquals("03d09495e0954cd17ebfe6d94f28423ff1cb8a02d8569730fe8d652035978a8b", chain.get(1).hash().hex());
    }

    private List<StoredEntry> chain(int length) {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(new LogEntry.SegmentStart(1, SessionId.generate(), "p", RequestConfig.DEFAULT, List.of(), null, null));
        for (int i = 1; i < length; i++) {
            entries.add(new LogEntry.AssistantItem(i + 1, HistoryItem.assistant("answer " + i)));
        }
        return HashChain.link(null, entries);
    }

    private ChainReport.Break onlyBreak(ChainReport report) {
        assertEquals(1, report.breaks().size(), report.breaks().toString());
        return report.breaks().get(0);
    }

    @Test
    void verify_intactChain_reportsNothing() {
        ChainReport report = HashChain.verify(segment, chain(5), null);
        assertTrue(report.chained());
        assertTrue(report.intact());
        assertEquals(5, report.entriesChecked());
    }

    @Test
    void verify_unchainedSegment_hasNothingToVerify() {
        ChainReport report = HashChain.verify(segment, List.of(StoredEntry.plain(new LogEntry.TurnEnd(1, 1))), null);
        assertFalse(report.chained());
        assertTrue(report.intact());
    }

    @Test
    void verify_alteredEntry_isReportedAtItsPosition() {
        List<StoredEntry> entries = new ArrayList<>(chain(5));
        StoredEntry original = entries.get(2);
        entries.set(2, new StoredEntry(new LogEntry.AssistantItem(3, HistoryItem.assistant("forged")),
                original.prevHash(), original.hash()));
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, entries, null));
        assertEquals(ChainReport.Problem.ALTERED, broken.problem());
        assertEquals(2, broken.position());
    }

    @Test
    void verify_removedEntry_isReportedWhereTheGapIs() {
        List<StoredEntry> entries = new ArrayList<>(chain(5));
        entries.remove(3);
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, entries, null));
        assertEquals(ChainReport.Problem.REMOVED, broken.problem());
        assertEquals(3, broken.position());
    }

    @Test
    void verify_removedFirstEntry_isReportedAtZero() {
        List<StoredEntry> entries = new ArrayList<>(chain(3));
        entries.remove(0);
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, entries, null));
        assertEquals(ChainReport.Problem.REMOVED, broken.problem());
        assertEquals(0, broken.position());
    }

    @Test
    void verify_swappedEntries_areReportedAsReordered() {
        List<StoredEntry> entries = new ArrayList<>(chain(5));
        StoredEntry second = entries.get(1);
        entries.set(1, entries.get(2));
        entries.set(2, second);
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, entries, null));
        assertEquals(ChainReport.Problem.REORDERED, broken.problem());
        assertEquals(1, broken.position());
    }

    @Test
    void verify_tailCutBeforeARecordedHead_isReportedAsTruncated() {
        List<StoredEntry> entries = chain(5);
        SegmentHead recorded = new SegmentHead(segment, 5, entries.get(4).hash());
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, entries.subList(0, 3), recorded));
        assertEquals(ChainReport.Problem.TRUNCATED, broken.problem());
        assertEquals(3, broken.position());
    }

    @Test
    void verify_sameLengthRewriteWithAValidChain_isCaughtByTheRecordedHead() {
        List<StoredEntry> entries = chain(3);
        List<LogEntry> rewritten = new ArrayList<>(entries.stream().map(StoredEntry::entry).toList());
        rewritten.set(2, new LogEntry.AssistantItem(9, HistoryItem.assistant("rewritten")));
        SegmentHead recorded = new SegmentHead(segment, 3, entries.get(2).hash());
        ChainReport.Break broken = onlyBreak(HashChain.verify(segment, HashChain.link(null, rewritten), recorded));
        assertEquals(ChainReport.Problem.REWRITTEN, broken.problem());
        assertEquals(2, broken.position());
    }

    @Test
    void verify_unchainedEntryInAChainedSegment_isReported() {
        List<StoredEntry> entries = new ArrayList<>(chain(3));
        entries.add(StoredEntry.plain(new LogEntry.TurnEnd(9, 1)));
        assertEquals(ChainReport.Problem.UNCHAINED_ENTRY, onlyBreak(HashChain.verify(segment, entries, null)).problem());
    }

    @Test
    void codec_hashedLine_keepsKindFirstAndRoundTripsTheChainFields() {
        EntryCodec codec = EntryCodec.standard();
        List<StoredEntry> entries = chain(2);
        String line = new String(codec.encode(entries.get(1)), StandardCharsets.UTF_8);
        assertTrue(line.startsWith("{\"kind\":\"assistant_item\""), line);
        assertTrue(line.endsWith(",\"prev_hash\":\"" + entries.get(0).hash().hex() + "\",\"hash\":\""
                + entries.get(1).hash().hex() + "\"}"), line);
        assertEquals(entries.get(1), codec.decodeHashed(line.getBytes(StandardCharsets.UTF_8), segment, 1));
        assertEquals(entries.get(1).entry(), codec.decode(line, segment, 1));
    }

    @Test
    void codec_hashFieldsFirstAsTheHashChainedSessionLogWroteThem_areRead() {
        EntryCodec codec = EntryCodec.standard();
        EntryHash hash = chain(1).get(0).hash();
        String line = "{\"hash\":\"" + hash.hex() + "\",\"prev_hash\":null,\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":1}";
        StoredEntry read = codec.decodeHashed(line.getBytes(StandardCharsets.UTF_8), segment, 0);
        assertEquals(hash, read.hash());
        assertNull(read.prevHash());
        assertEquals(new LogEntry.TurnEnd(5, 1), read.entry());
    }

    @Test
    void codec_malformedHash_isCorruptDataWithPosition() {
        String line = "{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":1,\"hash\":\"XYZ\"}";
        CorruptDataException error = org.junit.jupiter.api.Assertions.assertThrows(CorruptDataException.class,
                () -> EntryCodec.standard().decodeHashed(line.getBytes(StandardCharsets.UTF_8), segment, 7));
        assertEquals(7, error.position());
    }

    @Test
    void codec_encodeOfAStoredEntry_neverReusesTheLineOfAnotherEntry() {
        EntryCodec codec = EntryCodec.standard();
        LogEntry hashed = new LogEntry.TurnEnd(1, 1);
        LogEntry other = new LogEntry.TurnEnd(2, 2);
        EntryHash hash = codec.hash(null, hashed);
        String line = new String(codec.encode(new StoredEntry(other, null, hash)), StandardCharsets.UTF_8);
        assertTrue(line.startsWith("{\"kind\":\"turn_end\",\"ts\":2,\"turn_count\":2,"), line);
        byte[] first = codec.encode(new StoredEntry(hashed, null, codec.hash(null, hashed)));
        byte[] again = codec.encode(new StoredEntry(hashed, null, hash));
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, again);
        first[0] = 'X'; // a caller may own the array it got
        org.junit.jupiter.api.Assertions.assertArrayEquals(again, codec.encode(new StoredEntry(hashed, null, hash)));
    }
}
