package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Hash-chained segments on S3: chain fields kept on every line, in commits and packs, and verifiable. */
@ExtendWith(S3ServerExtension.class)
class S3HashChainTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Fixtures fx = new Fixtures();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = S3Fixture.freshPrefix("chain");
    private final AtomicLong clock = new AtomicLong(10_000);

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private S3SegmentStore open(RequestCounter counter, int packEvery) {
        S3SegmentStore store = S3SegmentStore.open(S3Fixture.options(prefix).withPackEvery(packEvery),
                List.of(counter), () -> java.util.UUID.randomUUID().toString());
        opened.add(store);
        return store;
    }

    private S3Client raw() {
        S3Client client = S3Fixture.rawClient();
        opened.add(client);
        return client;
    }

    private SegmentLog chainedLog(S3SegmentStore store) {
        return new SegmentLog(store, clock::incrementAndGet).chained();
    }

    private String segmentRoot(SegmentId segment) {
        return prefix + "/segments/" + segment + "/";
    }

    private List<String> keysUnder(String under) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : raw().listObjectsV2Paginator(b -> b.bucket(S3Fixture.BUCKET).prefix(under)).contents()) {
            keys.add(object.key());
        }
        keys.sort(null);
        return keys;
    }

    private String body(String key) {
        return raw().getObjectAsBytes(b -> b.bucket(S3Fixture.BUCKET).key(key)).asUtf8String();
    }

    /** The object body the adapter must store for these entries: one chained codec line each. */
    private static String lines(List<StoredEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StoredEntry entry : entries) {
            out.writeBytes(CODEC.encode(entry));
            out.write('\n');
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<StoredEntry> chainedStart(int markers) {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(fx.plainStart(SessionId.generate()));
        entries.addAll(fx.markers("m", markers));
        return HashChain.link(null, entries);
    }

    /** A conversation whose third and fourth entries are one object (a delta of two items). */
    private SegmentId conversation(SegmentLog log, int extraTurns) {
        SegmentId segment = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
        log.saveUserInput(segment, List.of(new InputPart.Text("weather in Tokyo?")));
        log.saveDelta(segment, List.of(HistoryItem.assistant("let me look"), HistoryItem.assistant("sunny in Tokyo")));
        log.saveTurnEnd(segment, 1);
        for (int turn = 2; turn < 2 + extraTurns; turn++) {
            log.saveUserInput(segment, List.of(new InputPart.Text("and now " + turn + "?")));
            log.saveDelta(segment, List.of(HistoryItem.assistant("answer " + turn)));
            log.saveTurnEnd(segment, turn);
        }
        return segment;
    }

    @Test
    void chainFields_areOnTheStoredLines_ofCommitObjects() {
        S3SegmentStore store = open(new RequestCounter(), 1000);
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> first = chainedStart(1);
        List<StoredEntry> more = HashChain.link(first.get(1).hash(), fx.markers("more ", 2));
        store.create(segment, first);
        store.append(segment, ExpectedCount.exactly(2), more);

        String created = body(segmentRoot(segment) + "log/" + Keys.pad(0));
        String appended = body(segmentRoot(segment) + "log/" + Keys.pad(2));

        assertEquals(lines(first), created);
        assertEquals(lines(more), appended);
        assertFalse(created.lines().findFirst().orElseThrow().contains("\"prev_hash\""), "the first entry has no predecessor");
        assertTrue(created.lines().findFirst().orElseThrow().endsWith(",\"hash\":\"" + first.get(0).hash().hex() + "\"}"));
        assertTrue(appended.contains("\"prev_hash\":\"" + first.get(1).hash().hex() + "\""), appended);
    }

    @Test
    void chainFields_areOnTheLinesOfPacks_andAColdReaderOfThePacksGetsThemBack() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SegmentLog log = chainedLog(store);
        SegmentId segment = conversation(log, 6);
        List<StoredEntry> stored = new SegmentLog(store).readStored(segment);
        List<String> packs = keysUnder(segmentRoot(segment) + "pack/");
        assertFalse(packs.isEmpty(), "no pack written");
        assertTrue(packs.stream().anyMatch(key -> key.startsWith(segmentRoot(segment) + "pack/" + Keys.pad(0))),
                packs.toString());

        for (String key : packs) {
            String range = key.substring(key.lastIndexOf('/') + 1);
            int start = Integer.parseInt(range.substring(0, 20));
            int end = Integer.parseInt(range.substring(21));
            assertEquals(lines(stored.subList(start, end)), body(key), "pack " + range);
        }
        RequestCounter coldCounter = new RequestCounter();
        S3SegmentStore cold = open(coldCounter, 2);
        assertEquals(stored, new SegmentLog(cold).readStored(segment));
        assertTrue(coldCounter.count("GET", "/pack/") > 0, "the cold read did not use the packs: " + coldCounter.requests());
        assertTrue(stored.stream().allMatch(StoredEntry::isChained));
    }

    @Test
    void chainedAppend_uncontended_isExactlyOnePut_andAWarmHeadHashIsOneRequest() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> first = chainedStart(1);
        store.create(segment, first);
        SegmentWriter writer = chainedLog(store).writer(segment);
        counter.reset();

        store.append(segment, ExpectedCount.exactly(2), HashChain.link(first.get(1).hash(), List.of(fx.marker("two"))));
        assertEquals(List.of("PUT"), methods(counter), counter.requests().toString());
        counter.reset();

        SegmentWriter fresh = chainedLog(store).writer(segment);
        counter.reset();
        fresh.appendAll(fx.markers("three ", 2));
        assertEquals(List.of("PUT"), methods(counter), counter.requests().toString());
        assertEquals(segment, fresh.segmentId());
        counter.reset();

        assertEquals(fresh.head().headHash(), store.headHash(segment).orElseThrow());
        assertEquals(1, counter.requests().size(), "a warm headHash only probes the tail: " + counter.requests());
        assertNotEquals(segment, writer.append(fx.marker("stale")), "a stale writer forks instead of breaking the chain");
    }

    private static List<String> methods(RequestCounter counter) {
        return counter.requests().stream().map(request -> request.split(" ")[0]).toList();
    }

    @Test
    void chainedConversation_verifiesIntact_onTheWriter_afterPacking_andOnAColdStore() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SegmentLog log = chainedLog(store);
        SegmentId segment = conversation(log, 10);
        assertFalse(keysUnder(segmentRoot(segment) + "pack/").isEmpty(), "no pack written");
        assertTrue(keysUnder(segmentRoot(segment) + "pack/").stream().anyMatch(key -> {
            String range = key.substring(key.lastIndexOf('/') + 1);
            return Long.parseLong(range.substring(21)) - Long.parseLong(range.substring(0, 20)) > 4;
        }), "no merged pack");

        ChainReport warm = log.verify(segment);
        ChainReport cold = chainedLog(open(new RequestCounter(), 2)).verify(segment);

        assertTrue(warm.chained());
        assertTrue(warm.intact(), warm.breaks().toString());
        assertTrue(cold.chained(), "the cold reader lost the chain fields"); // an unchained read is "intact" too
        assertTrue(cold.intact(), cold.breaks().toString());
        assertEquals(store.count(segment), cold.entriesChecked());
        SegmentId fork = log.forkAtEntry(segment, 4);
        assertTrue(chainedLog(open(new RequestCounter(), 2)).verify(fork).intact());
    }

    @Test
    void aCommitOverwrittenOutOfBand_withAnAlteredLine_isReportedAltered_atItsPosition() {
        S3SegmentStore store = open(new RequestCounter(), 1000);
        SegmentId segment = conversation(chainedLog(store), 1);
        // positions: 0 start, 1 user input, 2-3 the delta (one object at log/2), 4 turn end
        String key = segmentRoot(segment) + "log/" + Keys.pad(2);
        overwrite(key, "sunny in Tokyo", "rainy in Tokyo");

        ChainReport report = chainedLog(open(new RequestCounter(), 1000)).verify(segment);

        assertFalse(report.intact());
        assertEquals(ChainReport.Problem.ALTERED, report.breaks().get(0).problem(), report.breaks().toString());
        assertEquals(3, report.breaks().get(0).position(), report.breaks().toString());
    }

    @Test
    void aPackOverwrittenOutOfBand_withAnAlteredLine_isReportedAltered_atItsPosition() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SegmentId segment = conversation(chainedLog(store), 3);
        List<String> fromZero = keysUnder(segmentRoot(segment) + "pack/" + Keys.pad(0));
        String pack = fromZero.get(fromZero.size() - 1); // the widest pack from 0: the one the hint names
        overwrite(pack, "sunny in Tokyo", "rainy in Tokyo");

        RequestCounter coldCounter = new RequestCounter();
        ChainReport report = chainedLog(open(coldCounter, 2)).verify(segment);

        assertTrue(coldCounter.count("GET", pack.substring(pack.indexOf("/segments/"))) > 0, coldCounter.requests().toString());
        assertEquals(ChainReport.Problem.ALTERED, report.breaks().get(0).problem(), report.breaks().toString());
        assertEquals(3, report.breaks().get(0).position(), report.breaks().toString());
    }

    /** Rewrites one object with a plain PutObject (no If-None-Match), keeping its metadata: an attacker's edit. */
    private void overwrite(String key, String from, String to) {
        String original = body(key);
        assertEquals(1, original.split(java.util.regex.Pattern.quote(from), -1).length - 1, original);
        String altered = original.replace(from, to);
        Map<String, String> metadata = raw().headObject(b -> b.bucket(S3Fixture.BUCKET).key(key)).metadata();
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(key).metadata(metadata),
                RequestBody.fromString(altered, StandardCharsets.UTF_8));
        assertEquals(altered, body(key));
    }

}
