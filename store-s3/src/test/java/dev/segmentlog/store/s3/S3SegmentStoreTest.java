package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Behaviour specific to the S3 adapter: request counts of appends and reads, races between store
 * instances, packing, the 412 paths. Listings and their index: {@link S3ListingTest}.
 */
@ExtendWith(S3MockExtension.class)
class S3SegmentStoreTest {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = Entries.freshPrefix("store");
    /** Shared by every store of a test: S3Mock's If-None-Match is not atomic under simultaneous PUTs. */
    private final SerialisingInterceptor serialiser = new SerialisingInterceptor();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private S3SegmentStore open(RequestCounter counter, int packEvery) {
        return open(counter, packEvery, () -> UUID.randomUUID().toString());
    }

    private S3SegmentStore open(RequestCounter counter, int packEvery, Supplier<String> tokens) {
        S3SegmentStore store = S3SegmentStore.open(S3Fixture.options(prefix).withPackEvery(packEvery),
                List.of(counter, serialiser), tokens);
        opened.add(store);
        return store;
    }

    private S3Client raw() {
        S3Client client = S3Fixture.rawClient();
        opened.add(client);
        return client;
    }

    private List<String> keysUnder(String under) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : raw().listObjectsV2Paginator(b -> b.bucket(S3Fixture.BUCKET).prefix(under)).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    private String segmentRoot(SegmentId segment) {
        return prefix + "/segments/" + segment + "/";
    }

    private static SegmentId created(S3SegmentStore store) {
        SegmentId segment = SegmentId.generate();
        store.create(segment, Entries.stored(List.of(Entries.start(SessionId.generate()))));
        return segment;
    }

    private static List<String> methods(RequestCounter counter) {
        return counter.requests().stream().map(request -> request.split(" ")[0]).toList();
    }

    private static List<LogEntry> plain(List<StoredEntry> page) {
        return StoredEntry.entries(page);
    }

    @Test
    void append_uncontended_isExactlyOnePut_whateverTheExpectedCount() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = created(store);
        store.append(segment, Entries.turn(1));
        counter.reset();

        store.append(segment, Entries.turn(2));
        store.append(segment, ExpectedCount.any(), Entries.stored(Entries.turns(3, 5)));
        store.append(segment, ExpectedCount.exactly(8), Entries.stored(List.of(Entries.turn(8))));

        assertEquals(List.of("PUT", "PUT", "PUT"), methods(counter), counter.requests().toString());
        assertEquals(9, store.count(segment));
    }

    @Test
    void create_writesTheIndexEntriesThenTheFirstObject_andNeverOverwrites() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        counter.reset();

        store.create(segment, Entries.stored(List.of(Entries.start(session), Entries.turn(1))));

        List<String> requests = counter.requests();
        assertEquals(List.of(
                "PUT /" + S3Fixture.BUCKET + "/" + prefix + "/index/sessions/" + Keys.newestFirst(session.toString())
                        + "/" + Keys.newestFirst(segment.toString()),
                "PUT /" + S3Fixture.BUCKET + "/" + prefix + "/index/segments/" + Keys.newestFirst(segment.toString()),
                "PUT /" + S3Fixture.BUCKET + "/" + segmentRoot(segment) + "log/" + Keys.pad(0)), requests);
        assertThrows(SegmentAlreadyExistsException.class,
                () -> store.create(segment, Entries.stored(List.of(Entries.start(SessionId.generate())))));
        assertEquals(2, store.count(segment));
    }

    @Test
    void count_isCheap_headAtTheTailWhenWarm_andBoundedWhenCold() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore writer = open(counter, 4);
        SegmentId segment = created(writer);
        for (int i = 1; i <= 103; i++) {
            writer.append(segment, Entries.turn(i));
        }
        counter.reset();
        assertEquals(104, writer.count(segment));
        assertEquals(List.of("HEAD"), methods(counter));

        RequestCounter coldCounter = new RequestCounter();
        S3SegmentStore cold = open(coldCounter, 4);
        assertEquals(104, cold.count(segment));
        // the hint, then at most packEvery commits after the last pack and the missing one
        assertTrue(coldCounter.requests().size() <= 1 + 4 + 1, coldCounter.requests().toString());
    }

    @Test
    void packing_consolidatesCommits_andColdReadAllTakesAHandfulOfGets() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore writer = open(counter, 4);
        SegmentId segment = created(writer);
        List<LogEntry> expected = new ArrayList<>(writer.readAll(segment));
        for (int i = 1; i <= 200; i++) {
            LogEntry entry = Entries.turn(i);
            writer.append(segment, entry);
            expected.add(entry);
        }
        assertFalse(keysUnder(segmentRoot(segment) + "pack/").isEmpty(), "no pack written");
        assertEquals(1, keysUnder(segmentRoot(segment) + "hint").size(), "no hint written");

        RequestCounter coldCounter = new RequestCounter();
        S3SegmentStore reader = open(coldCounter, 4);
        assertEquals(expected, reader.readAll(segment));
        long coldGets = coldCounter.count("GET");
        assertTrue(coldGets <= 12, "cold read-all of 201 entries took " + coldGets + " GETs: " + coldCounter.requests());
        assertEquals(0, coldCounter.count("GET", "/log/" + Keys.pad(1)), "read a commit that a pack holds");

        coldCounter.reset();
        assertEquals(expected, reader.readAll(segment));
        assertEquals(expected.subList(150, expected.size()), plain(reader.read(segment, 150, 1000)));
        assertEquals(0, coldCounter.count("GET", "/pack/"), "warm re-read fetched a pack again: " + coldCounter.requests());
        assertEquals(2, coldCounter.requests().size(), "a warm read only probes the tail: " + coldCounter.requests());
    }

    @Test
    void aSmallPage_fetchesOnlyTheObjectsItOverlaps_andAWarmPageInsideTheKnownLogNone() {
        S3SegmentStore writer = open(new RequestCounter(), 4);
        SegmentId segment = created(writer);
        for (int batch = 0; batch < 150; batch++) { // 601 entries, packs of up to 64 commits (256 entries)
            writer.append(segment, ExpectedCount.any(), Entries.stored(Entries.turns(1 + batch * 4, 4)));
        }
        List<LogEntry> all = writer.readAll(segment);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter, 4);
        counter.reset();

        assertEquals(all.subList(300, 310), plain(reader.read(segment, 300, 10)));

        // the hint, then the one pack that holds positions 300..309: no commit, no other pack
        assertEquals(2, counter.requests().size(), counter.requests().toString());
        assertEquals(1, counter.count("GET", "/hint"), counter.requests().toString());
        String pack = counter.requests().get(1);
        assertTrue(pack.contains("/pack/"), pack);
        String range = pack.substring(pack.lastIndexOf('/') + 1);
        long start = Long.parseLong(range.substring(0, 20));
        long end = Long.parseLong(range.substring(21));
        assertTrue(start <= 300 && end >= 310 && end - start <= 256, "fetched the pack " + range);
        counter.reset();
        assertEquals(all.subList(305, 308), plain(reader.read(segment, 305, 3)));
        assertEquals(List.of(), counter.requests(), "a page inside what this instance knows needs no request");
        assertEquals(all.subList(590, 601), plain(reader.read(segment, 590, 50)));
        assertEquals(1, counter.count("GET", "/log/" + Keys.pad(601)), "a page past the known tail probes it: "
                + counter.requests());
        assertEquals(List.of(), reader.read(segment, 601, 10));
        assertEquals(List.of(), reader.read(segment, Long.MAX_VALUE - 1, Integer.MAX_VALUE));
    }

    @Test
    void packs_areMergedOnlyUpToMaxMergedEntries() {
        S3SegmentStore writer = open(new RequestCounter(), 2);
        SegmentId segment = created(writer);
        for (int batch = 0; batch < 40; batch++) {
            writer.append(segment, ExpectedCount.any(), Entries.stored(Entries.turns(1 + batch * 100, 100)));
        }
        List<long[]> ranges = new ArrayList<>();
        for (String key : keysUnder(segmentRoot(segment) + "pack/")) {
            String range = key.substring(key.lastIndexOf('/') + 1);
            ranges.add(new long[] {Long.parseLong(range.substring(0, 20)), Long.parseLong(range.substring(21))});
        }

        // level 0 holds 2 commits (~200 entries), level 1 four of those (~800): level 2 would exceed the bound
        assertTrue(ranges.stream().allMatch(range -> range[1] - range[0] <= S3SegmentStore.MAX_MERGED_ENTRIES),
                ranges.stream().map(range -> range[0] + "-" + range[1]).toList().toString());
        assertTrue(ranges.stream().filter(range -> range[1] - range[0] > 700).count() >= 4, "no level-1 packs");
        assertEquals(4001, open(new RequestCounter(), 2).readAll(segment).size());
    }

    @Test
    void readers_ignoreAHintThatLags_andAPackThatIsGone() {
        S3SegmentStore writer = open(new RequestCounter(), 4);
        SegmentId segment = created(writer);
        writer.append(segment, ExpectedCount.any(), Entries.stored(Entries.turns(1, 3)));
        for (int i = 4; i <= 40; i++) {
            writer.append(segment, Entries.turn(i));
        }
        List<LogEntry> expected = writer.readAll(segment);
        String firstPack = keysUnder(segmentRoot(segment) + "pack/").get(0);
        raw().deleteObject(b -> b.bucket(S3Fixture.BUCKET).key(firstPack));

        S3SegmentStore reader = open(new RequestCounter(), 4);
        assertEquals(expected, reader.readAll(segment));
        assertEquals(41, reader.count(segment));
    }

    @Test
    void twoStores_racingOnOneSegment_exactlyOneWinsEachPosition_andNothingIsLost() throws Exception {
        S3SegmentStore first = open(new RequestCounter(), 4);
        S3SegmentStore second = open(new RequestCounter(), 4);
        SegmentId segment = created(first);
        second.count(segment); // both start with a warm, soon stale, tail
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                S3SegmentStore store = w % 2 == 0 ? first : second;
                int writer = w;
                writers.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < perWriter; i++) {
                        store.append(segment, new LogEntry.TurnEnd(writer * 1000L + i, writer * 1000 + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<LogEntry> all = open(new RequestCounter(), 4).readAll(segment);
        assertEquals(1 + 4 * perWriter, all.size());
        Map<Integer, List<Integer>> byWriter = new java.util.TreeMap<>();
        for (LogEntry entry : all.subList(1, all.size())) {
            int turn = ((LogEntry.TurnEnd) entry).turnCount();
            byWriter.computeIfAbsent(turn / 1000, k -> new ArrayList<>()).add(turn % 1000);
        }
        for (List<Integer> turns : byWriter.values()) {
            assertEquals(java.util.stream.IntStream.range(0, perWriter).boxed().toList(), turns);
        }
        assertEquals(all, first.readAll(segment));
        assertEquals(all, second.readAll(segment));
    }

    @Test
    void twoStores_conditionalAppendsAtOneCount_oneWinsTheOtherConflictsWithTheTrueCount() {
        S3SegmentStore first = open(new RequestCounter(), 1000);
        S3SegmentStore second = open(new RequestCounter(), 1000);
        SegmentId segment = created(first);
        assertEquals(1, second.count(segment));

        first.append(segment, ExpectedCount.exactly(1), Entries.stored(Entries.turns(1, 3)));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> second.append(segment, ExpectedCount.exactly(1), Entries.stored(List.of(Entries.turn(9)))));

        assertEquals(1, conflict.expectedCount());
        assertEquals(4, conflict.actualCount());
        // a stale count that falls inside another writer's batch is a conflict too, not a hidden object
        assertThrows(ConflictException.class,
                () -> second.append(segment, ExpectedCount.exactly(2), Entries.stored(List.of(Entries.turn(9)))));
        assertTrue(keysUnder(segmentRoot(segment) + "log/" + Keys.pad(2)).isEmpty());
        second.append(segment, ExpectedCount.exactly(4), Entries.stored(List.of(Entries.turn(4))));
        assertEquals(Entries.turns(1, 4), plain(first.read(segment, 1, 10)));
    }

    @Test
    void a412ForOurOwnWrite_afterAnSdkRetry_isASuccess() {
        String token = "token-" + UUID.randomUUID();
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000, () -> token);
        SegmentId segment = created(store);
        LogEntry entry = Entries.turn(1);
        // what a first attempt that reached S3 but lost its response leaves behind
        byte[] body = (new String(EntryCodec.standard().encode(entry), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(segmentRoot(segment) + "log/" + Keys.pad(1))
                .metadata(Map.of(S3SegmentStore.META_WRITER, token, S3SegmentStore.META_ENTRIES, "1",
                        S3SegmentStore.META_LAST_TS, Long.toString(entry.ts()))), RequestBody.fromBytes(body));
        counter.reset();

        store.append(segment, ExpectedCount.exactly(1), Entries.stored(List.of(entry)));

        assertEquals(List.of("PUT", "HEAD"), methods(counter));
        assertEquals(2, store.count(segment));
        assertEquals(List.of(entry), plain(open(new RequestCounter(), 1000).read(segment, 1, 10)));
    }

    @Test
    void a412ForAForeignWrite_isAConflictForAnExactCount_andARetryAtTheTailForAnyCount() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = created(store);
        S3SegmentStore other = open(new RequestCounter(), 1000);
        other.append(segment, Entries.turn(1));

        assertThrows(ConflictException.class,
                () -> store.append(segment, ExpectedCount.exactly(1), Entries.stored(List.of(Entries.turn(7)))));
        store.append(segment, Entries.turn(2));

        assertEquals(Entries.turns(1, 2), plain(other.read(segment, 1, 10)));
    }

    @Test
    void deleteSession_removesEveryObjectOfItsSegments_andTheirIndexEntries() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        store.create(segment, Entries.stored(List.of(Entries.start(session))));
        for (int i = 1; i <= 10; i++) {
            store.append(segment, Entries.turn(i));
        }
        store.appendTrace(segment, new dev.segmentlog.core.TraceEntry(5, EntryCodec.standard().canonicalJson("{\"a\":1}")));
        assertFalse(keysUnder(segmentRoot(segment) + "pack/").isEmpty());

        assertEquals(1, store.deleteSession(session));

        assertEquals(List.of(), keysUnder(segmentRoot(segment)));
        assertEquals(List.of(), keysUnder(prefix + "/index/"));
        assertFalse(store.exists(segment));
    }
}
