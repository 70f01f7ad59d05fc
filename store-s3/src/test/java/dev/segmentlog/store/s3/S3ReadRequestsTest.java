package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a read costs in requests, counted on the wire: cold and warm, with and without
 * {@code max_staleness}, a small page, a count.
 */
@ExtendWith(S3ServerExtension.class)
class S3ReadRequestsTest {
    private final Fixtures fx = new Fixtures();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = S3Fixture.freshPrefix("reads");
    /** The clock {@code max_staleness} is measured by, in nanoseconds; moved by hand. */
    private final AtomicLong now = new AtomicLong();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    /** A store whose requests {@code counter} counts from now on (not its {@code HeadBucket} on opening). */
    private S3SegmentStore open(RequestCounter counter, S3StoreOptions options) {
        S3SegmentStore store = S3SegmentStore.open(options, List.of(counter), () -> UUID.randomUUID().toString(),
                now::get);
        opened.add(store);
        counter.reset();
        return store;
    }

    private S3SegmentStore open(RequestCounter counter) {
        return open(counter, S3Fixture.options(prefix));
    }

    /** A segment of a start and {@code appends} appends of {@code perAppend} markers of about {@code chars} characters. */
    private SegmentId written(S3SegmentStore writer, int appends, int perAppend, int chars) {
        SegmentId segment = SegmentId.generate();
        writer.create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        for (int a = 0; a < appends; a++) {
            List<LogEntry> batch = new ArrayList<>();
            for (int i = 0; i < perAppend; i++) {
                batch.add(fx.paddedMarker("a" + a + "e" + i, chars));
            }
            writer.append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
        }
        return segment;
    }

    @Test
    void warmReadAll_makesExactlyOneRequest_theFreshnessProbe_whichSeesAnotherInstancesAppend() {
        S3SegmentStore writer = open(new RequestCounter());
        SegmentId segment = written(writer, 30, 3, 10);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter);
        List<LogEntry> before = reader.readAll(segment);
        counter.reset();

        assertEquals(before, reader.readAll(segment));
        assertEquals(List.of("GET /" + S3Fixture.BUCKET + "/" + prefix + "/segments/" + segment + "/log/"
                + Keys.pad(before.size())), counter.requests(), "a warm read-all probes the tail, nothing else");

        LogEntry appended = fx.marker("appended by the writer");
        writer.append(segment, appended);
        counter.reset();
        List<LogEntry> after = reader.readAll(segment);
        assertEquals(appended, after.get(after.size() - 1));
        assertEquals(2, counter.requests().size(), "the appended object and the next probe: " + counter.requests());
    }

    @Test
    void withMaxStaleness_aWarmReadOfACachedSegmentMakesNoRequest_untilTheBoundHasPassed() {
        S3SegmentStore writer = open(new RequestCounter());
        SegmentId segment = written(writer, 30, 3, 10);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter, S3Fixture.options(prefix).withMaxStaleness(Duration.ofSeconds(5)));
        List<LogEntry> before = reader.readAll(segment); // cold: ends with a probe that confirms the tail
        LogEntry appended = fx.marker("appended by the writer");
        writer.append(segment, appended);
        counter.reset();
        now.addAndGet(Duration.ofSeconds(4).toNanos());

        assertEquals(before, reader.readAll(segment), "within the bound the reader may miss the append");
        assertEquals(before.size(), reader.count(segment));
        reader.headHash(segment);
        reader.info(segment);
        assertEquals(List.of(), counter.requests(), "within the bound: no request");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        List<LogEntry> after = reader.readAll(segment);
        assertEquals(appended, after.get(after.size() - 1), "past the bound the read asks the server again");
        assertEquals(2, counter.requests().size(), counter.requests().toString());
    }

    @Test
    void withMaxStaleness_theWritersOwnAppendConfirmsTheTail_soItsReadsMakeNoRequest() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore writer = open(counter, S3Fixture.options(prefix).withMaxStaleness(Duration.ofSeconds(5)));
        SegmentId segment = written(writer, 3, 3, 10);
        writer.append(segment, fx.marker("last"));
        counter.reset();

        assertEquals(11, writer.readAll(segment).size());
        assertEquals(11, writer.count(segment));
        assertEquals(List.of(), counter.requests());
    }

    @Test
    void coldReadAll_ofTenThousandEntriesWrittenAsAppendsOfAHundred_isAtMostTenRequests_eachObjectOnce() {
        S3SegmentStore writer = open(new RequestCounter());
        SegmentId segment = written(writer, 100, 100, 400); // 10,001 entries of ~500 bytes, default packing
        List<LogEntry> expected = writer.readAll(segment);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter);

        assertEquals(expected, reader.readAll(segment));

        List<String> requests = counter.requests();
        assertTrue(requests.size() <= 10, requests.size() + " requests: " + requests);
        Set<String> distinct = new HashSet<>(requests);
        assertEquals(distinct.size(), requests.size(), "an object fetched twice: " + requests);
    }

    @Test
    void aSmallColdPage_fetchesTheHintAndTheOnePackItOverlaps_andAWarmPageInsideTheKnownLogNothing() {
        S3SegmentStore writer = open(new RequestCounter(), S3Fixture.options(prefix).withPackEvery(4));
        SegmentId segment = written(writer, 150, 4, 10); // 601 entries: packs of 16, 64, 256 entries
        List<LogEntry> all = writer.readAll(segment);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter, S3Fixture.options(prefix).withPackEvery(4));

        assertEquals(all.subList(300, 310), StoredEntry.entries(reader.read(segment, 300, 10)));

        assertEquals(2, counter.requests().size(), counter.requests().toString());
        assertEquals(1, counter.count("GET", "/hint"), counter.requests().toString());
        String pack = counter.requests().get(1);
        String range = pack.substring(pack.lastIndexOf('/') + 1);
        long start = Long.parseLong(range.substring(0, 20));
        long end = Long.parseLong(range.substring(21));
        assertTrue(pack.contains("/pack/") && start <= 300 && end >= 310 && end - start <= 256, pack);
        counter.reset();
        assertEquals(all.subList(305, 308), StoredEntry.entries(reader.read(segment, 305, 3)));
        assertEquals(List.of(), counter.requests(), "a page inside what this instance knows needs no request");
        assertEquals(all.subList(590, 601), StoredEntry.entries(reader.read(segment, 590, 50)));
        assertEquals(1, counter.count("GET", "/log/" + Keys.pad(601)), "a page past the known tail probes it: "
                + counter.requests());
    }

    @Test
    void count_isOneHeadAtTheTailWhenWarm_andBoundedByPackEveryWhenCold() {
        S3SegmentStore writer = open(new RequestCounter(), S3Fixture.options(prefix).withPackEvery(4));
        SegmentId segment = written(writer, 103, 1, 10);
        RequestCounter counter = new RequestCounter();
        S3SegmentStore reader = open(counter, S3Fixture.options(prefix).withPackEvery(4));

        assertEquals(104, reader.count(segment));
        // the hint, then at most packEvery commits after the last pack and the missing one
        assertTrue(counter.requests().size() <= 1 + 4 + 1, counter.requests().toString());
        counter.reset();
        assertEquals(104, reader.count(segment));
        assertEquals(List.of("HEAD"), counter.requests().stream().map(request -> request.split(" ")[0]).toList());
    }
}
