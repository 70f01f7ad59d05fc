package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.EntryCodec;
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

/** Behaviour specific to the S3 adapter: request counts, races between store instances, packing, the 412 paths. */
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

    private static SegmentId created(S3SegmentStore store) {
        SegmentId segment = SegmentId.generate();
        store.create(segment, List.of(Entries.start(SessionId.generate())));
        return segment;
    }

    @Test
    void append_uncontended_isExactlyOnePut() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = created(store);
        store.append(segment, Entries.turn(1));
        counter.reset();

        store.append(segment, Entries.turn(2));
        store.appendAll(segment, Entries.turns(3, 5));
        store.appendIfCount(segment, 8, List.of(Entries.turn(8)));

        assertEquals(List.of("PUT", "PUT", "PUT"), counter.requests().stream().map(r -> r.split(" ")[0]).toList(),
                counter.requests().toString());
        assertEquals(9, store.count(segment));
    }

    @Test
    void create_writesSessionIndexThenFirstObject_andNeverOverwrites() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        counter.reset();

        store.create(segment, List.of(Entries.start(session), Entries.turn(1)));

        List<String> requests = counter.requests();
        assertEquals(2, requests.size(), requests.toString());
        assertTrue(requests.get(0).contains("/sessions/" + session + "/" + segment), requests.toString());
        assertTrue(requests.get(1).endsWith("/log/" + Keys.pad(0)), requests.toString());
        assertThrows(dev.segmentlog.spi.SegmentAlreadyExistsException.class,
                () -> store.create(segment, List.of(Entries.start(SessionId.generate()))));
        assertEquals(List.of(segment), store.listSegments(session));
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
        assertEquals(List.of("HEAD"), counter.requests().stream().map(r -> r.split(" ")[0]).toList());

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
        String root = S3Fixture.BUCKET.isEmpty() ? "" : prefix + "/segments/" + segment + "/";
        List<String> packs = keysUnder(root + "pack/");
        assertFalse(packs.isEmpty(), "no pack written");
        assertTrue(keysUnder(root + "hint").size() == 1, "no hint written");

        RequestCounter coldCounter = new RequestCounter();
        S3SegmentStore reader = open(coldCounter, 4);
        assertEquals(expected, reader.readAll(segment));
        long coldGets = coldCounter.count("GET");
        assertTrue(coldGets <= 12, "cold read-all of 201 entries took " + coldGets + " GETs: " + coldCounter.requests());
        assertEquals(0, coldCounter.count("GET", "/log/" + Keys.pad(1)), "read a commit that a pack holds");

        coldCounter.reset();
        assertEquals(expected, reader.readAll(segment));
        assertEquals(expected.subList(150, expected.size()), reader.readFrom(segment, 150));
        assertEquals(0, coldCounter.count("GET", "/pack/"), "warm re-read fetched a pack again: " + coldCounter.requests());
        assertEquals(2, coldCounter.requests().size(), "a warm read only probes the tail: " + coldCounter.requests());
    }

    @Test
    void readers_ignoreAHintThatLags_andAPackThatIsGone() {
        S3SegmentStore writer = open(new RequestCounter(), 4);
        SegmentId segment = created(writer);
        writer.appendAll(segment, Entries.turns(1, 3));
        for (int i = 4; i <= 40; i++) {
            writer.append(segment, Entries.turn(i));
        }
        List<LogEntry> expected = writer.readAll(segment);
        String root = prefix + "/segments/" + segment + "/";
        String firstPack = keysUnder(root + "pack/").get(0);
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

        first.appendIfCount(segment, 1, Entries.turns(1, 3));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> second.appendIfCount(segment, 1, List.of(Entries.turn(9))));

        assertEquals(1, conflict.expectedCount());
        assertEquals(4, conflict.actualCount());
        // a stale count that falls inside another writer's batch is a conflict too, not a hidden object
        assertThrows(ConflictException.class, () -> second.appendIfCount(segment, 2, List.of(Entries.turn(9))));
        assertTrue(keysUnder(prefix + "/segments/" + segment + "/log/" + Keys.pad(2)).isEmpty());
        second.appendIfCount(segment, 4, List.of(Entries.turn(4)));
        assertEquals(Entries.turns(1, 4), first.readFrom(segment, 1));
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
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(prefix + "/segments/" + segment + "/log/" + Keys.pad(1))
                .metadata(Map.of(S3SegmentStore.META_WRITER, token, S3SegmentStore.META_ENTRIES, "1",
                        S3SegmentStore.META_LAST_TS, Long.toString(entry.ts()))), RequestBody.fromBytes(body));
        counter.reset();

        store.appendIfCount(segment, 1, List.of(entry));

        assertEquals(List.of("PUT", "HEAD"), counter.requests().stream().map(r -> r.split(" ")[0]).toList());
        assertEquals(2, store.count(segment));
        assertEquals(List.of(entry), open(new RequestCounter(), 1000).readFrom(segment, 1));
    }

    @Test
    void a412ForAForeignWrite_isAConflictForConditionalAppend_andARetryAtTheTailForAppend() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = created(store);
        S3SegmentStore other = open(new RequestCounter(), 1000);
        other.append(segment, Entries.turn(1));

        assertThrows(ConflictException.class, () -> store.appendIfCount(segment, 1, List.of(Entries.turn(7))));
        store.append(segment, Entries.turn(2));

        assertEquals(Entries.turns(1, 2), other.readFrom(segment, 1));
    }

    @Test
    void deleteSession_removesEveryObjectOfItsSegments_andItsIndex() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        store.create(segment, List.of(Entries.start(session)));
        for (int i = 1; i <= 10; i++) {
            store.append(segment, Entries.turn(i));
        }
        store.appendTrace(segment, new dev.segmentlog.core.TraceEntry(5, EntryCodec.standard().canonicalJson("{\"a\":1}")));
        assertFalse(keysUnder(prefix + "/segments/" + segment + "/pack/").isEmpty());

        assertEquals(1, store.deleteSession(session));

        assertEquals(List.of(), keysUnder(prefix + "/segments/" + segment + "/"));
        assertEquals(List.of(), keysUnder(prefix + "/sessions/" + session + "/"));
        assertFalse(store.exists(segment));
    }

    @Test
    void aSessionIndexLeftByACrashedCreate_isNotListed_andIsCleanedByDelete() {
        S3SegmentStore store = open(new RequestCounter(), 1000);
        SessionId session = SessionId.generate();
        SegmentId real = SegmentId.generate();
        store.create(real, List.of(Entries.start(session)));
        SegmentId ghost = SegmentId.generate();
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(prefix + "/sessions/" + session + "/" + ghost),
                RequestBody.empty());

        assertEquals(List.of(real), store.listSegments(session));
        assertEquals(1, store.deleteSession(session));
        assertEquals(List.of(), keysUnder(prefix + "/sessions/" + session + "/"));
    }

    @Test
    void listings_areSortedNewestFirstByTheStore_notByS3() {
        S3SegmentStore store = open(new RequestCounter(), 1000);
        List<SegmentId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(SegmentId.generate());
        }
        List<SegmentId> creationOrder = new ArrayList<>(ids);
        java.util.Collections.shuffle(creationOrder, new java.util.Random(7));
        for (SegmentId id : creationOrder) {
            store.create(id, List.of(Entries.start(SessionId.generate())));
        }
        List<SegmentId> listed = store.listSegments();
        List<SegmentId> newestFirst = new ArrayList<>(ids);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, listed);
        Set<SessionId> sessions = new HashSet<>(store.listSessions());
        assertEquals(5, sessions.size());
    }
}
