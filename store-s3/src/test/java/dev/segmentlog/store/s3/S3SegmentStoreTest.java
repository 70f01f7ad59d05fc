package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter's write path and packing, as objects and requests: what the kit cannot see. Reads and
 * their requests: {@link S3ReadRequestsTest}; listings: {@link S3ListingTest}.
 */
@ExtendWith(S3ServerExtension.class)
class S3SegmentStoreTest {
    private final Fixtures fx = new Fixtures();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = S3Fixture.freshPrefix("store");

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
                List.of(counter), tokens);
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

    private SegmentId created(S3SegmentStore store) {
        SegmentId segment = SegmentId.generate();
        store.create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        return segment;
    }

    private static List<String> methods(RequestCounter counter) {
        return counter.requests().stream().map(request -> request.split(" ")[0]).toList();
    }

    @Test
    void append_uncontended_isExactlyOnePut_whateverTheExpectedCount() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SegmentId segment = created(store);
        store.append(segment, fx.marker("first"));
        counter.reset();

        store.append(segment, fx.marker("any"));
        store.append(segment, ExpectedCount.any(), StoredEntry.plain(fx.markers("batch ", 5)));
        store.append(segment, ExpectedCount.exactly(8), StoredEntry.plain(List.of(fx.marker("exactly 8"))));

        assertEquals(List.of("PUT", "PUT", "PUT"), methods(counter), counter.requests().toString());
        assertEquals(9, store.count(segment));
    }

    @Test
    void create_writesTheIndexEntriesThenTheFirstObject() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        counter.reset();

        store.create(segment, StoredEntry.plain(List.of(fx.plainStart(session), fx.marker("one"))));

        assertEquals(List.of(
                "PUT /" + S3Fixture.BUCKET + "/" + prefix + "/index/sessions/" + Keys.newestFirst(session.toString())
                        + "/" + Keys.newestFirst(segment.toString()),
                "PUT /" + S3Fixture.BUCKET + "/" + prefix + "/index/segments/" + Keys.newestFirst(segment.toString()),
                "PUT /" + S3Fixture.BUCKET + "/" + segmentRoot(segment) + "log/" + Keys.pad(0)), counter.requests());
    }

    @Test
    void packs_areMergedOnlyWhileTheMergedBodyStaysWithinTheByteBound() {
        S3SegmentStore writer = open(new RequestCounter(), 2);
        SegmentId segment = created(writer);
        List<LogEntry> written = new ArrayList<>(writer.readAll(segment));
        for (int batch = 0; batch < 8; batch++) { // ~1 MB per append: level-0 packs of ~2 MB, four would be ~8 MB
            List<LogEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(fx.paddedMarker("b" + batch + "e" + i, 100_000));
            }
            writer.append(segment, ExpectedCount.any(), StoredEntry.plain(entries));
            written.addAll(entries);
        }

        List<String> packs = keysUnder(segmentRoot(segment) + "pack/");
        assertEquals(4, packs.size(), packs.toString());
        for (String key : packs) {
            long bytes = raw().headObject(b -> b.bucket(S3Fixture.BUCKET).key(key)).contentLength();
            assertTrue(bytes <= Packer.MAX_PACK_BYTES, key + " holds " + bytes + " bytes");
        }
        assertEquals(1, keysUnder(segmentRoot(segment) + "hint").size(), "no hint written");
        assertEquals(written, open(new RequestCounter(), 2).readAll(segment));
    }

    @Test
    void readers_ignoreAHintThatLags_andAPackThatIsGone() {
        S3SegmentStore writer = open(new RequestCounter(), 4);
        SegmentId segment = created(writer);
        writer.append(segment, ExpectedCount.any(), StoredEntry.plain(fx.markers("batch ", 3)));
        for (int i = 4; i <= 40; i++) {
            writer.append(segment, fx.marker("single " + i));
        }
        List<LogEntry> expected = writer.readAll(segment);
        String firstPack = keysUnder(segmentRoot(segment) + "pack/").get(0);
        raw().deleteObject(b -> b.bucket(S3Fixture.BUCKET).key(firstPack));

        S3SegmentStore reader = open(new RequestCounter(), 4);
        assertEquals(expected, reader.readAll(segment));
        assertEquals(41, reader.count(segment));
    }

    @Test
    void aStaleCountInsideAnotherWritersBatch_isAConflict_neverAnObjectHiddenInsideThatBatch() {
        S3SegmentStore first = open(new RequestCounter(), 1000);
        S3SegmentStore second = open(new RequestCounter(), 1000);
        SegmentId segment = created(first);
        assertEquals(1, second.count(segment));
        first.append(segment, ExpectedCount.exactly(1), StoredEntry.plain(fx.markers("first ", 3)));

        // second still believes the count is 1; 2 falls inside first's batch [1, 4)
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> second.append(segment, ExpectedCount.exactly(2), StoredEntry.plain(List.of(fx.marker("stale")))));

        assertEquals(4, conflict.actualCount());
        assertTrue(keysUnder(segmentRoot(segment) + "log/" + Keys.pad(2)).isEmpty(), "an object inside the batch");
    }

    @Test
    void a412ForOurOwnWrite_afterAnSdkRetry_isASuccess() {
        String token = "token-" + UUID.randomUUID();
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter, 1000, () -> token);
        SegmentId segment = created(store);
        LogEntry entry = fx.marker("retried");
        // what a first attempt that reached S3 but lost its response leaves behind
        byte[] body = (new String(EntryCodec.standard().encode(entry), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(segmentRoot(segment) + "log/" + Keys.pad(1))
                .metadata(Map.of(CommitMetadata.WRITER, token, CommitMetadata.ENTRIES, "1",
                        CommitMetadata.LAST_TS, Long.toString(entry.ts()))), RequestBody.fromBytes(body));
        counter.reset();

        store.append(segment, ExpectedCount.exactly(1), StoredEntry.plain(List.of(entry)));

        assertEquals(List.of("PUT", "HEAD"), methods(counter));
        assertEquals(2, store.count(segment));
        assertEquals(List.of(entry), StoredEntry.entries(open(new RequestCounter(), 1000).read(segment, 1, 10)));
    }

    @Test
    void deleteSession_removesEveryObjectOfItsSegments_andTheirIndexEntries() {
        S3SegmentStore store = open(new RequestCounter(), 2);
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        store.create(segment, StoredEntry.plain(List.of(fx.plainStart(session))));
        for (int i = 1; i <= 10; i++) {
            store.append(segment, fx.marker("m" + i));
        }
        store.appendTrace(segment, new TraceEntry(5, EntryCodec.standard().canonicalJson("{\"a\":1}")));
        assertFalse(keysUnder(segmentRoot(segment) + "pack/").isEmpty());

        assertEquals(1, store.deleteSession(session));

        assertEquals(List.of(), keysUnder(segmentRoot(segment)));
        assertEquals(List.of(), keysUnder(prefix + "/index/"));
        assertFalse(store.exists(segment));
    }
}
