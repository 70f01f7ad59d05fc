package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measures (does not assert figures) the requests of an append, of reading a 10k-entry segment whole and
 * a page at a time, cold and warm, and of one page of each listing, with the default packing; writes them
 * to {@code target/s3-request-counts.txt}. Run on demand ({@code -Dtest=S3RequestCountMeasurement}). The
 * segment is written as 1,000 appends of 10 entries to keep the run short.
 */
@ExtendWith(S3ServerExtension.class)
class S3RequestCountMeasurement {
    private static final Fixtures FX = new Fixtures();
    private final StringBuilder report = new StringBuilder();

    private static S3SegmentStore open(S3StoreOptions options, RequestCounter counter) {
        return S3SegmentStore.open(options, List.of(counter), () -> UUID.randomUUID().toString());
    }

    private <T> T measure(String what, RequestCounter counter, Supplier<T> operation) {
        counter.reset();
        T result = operation.get();
        report.append(what).append(": ").append(counter.requests().size()).append(" request(s) ")
                .append(counter.requests().stream().map(request -> request.split(" ")[0]
                        + (request.contains("list-type=") ? " list" : request.substring(request.lastIndexOf('/'))))
                        .toList())
                .append('\n');
        return result;
    }

    @Test
    void requestCounts_appendReadsAndListingPages() throws IOException {
        String prefix = "measure/" + UUID.randomUUID();
        S3StoreOptions options = S3Fixture.options(prefix);
        report.append("S3 store request counts (S3Proxy, packEvery=").append(options.packEvery()).append(", fanout=")
                .append(Packer.FANOUT).append(", merged packs up to ")
                .append(Packer.MAX_PACK_BYTES).append(" bytes)\n");
        SegmentId segment = SegmentId.generate();
        RequestCounter writes = new RequestCounter();
        try (S3SegmentStore writer = open(options, writes)) {
            writer.create(segment, StoredEntry.plain(List.of(FX.plainStart(SessionId.generate()))));
            writer.append(segment, ExpectedCount.any(), StoredEntry.plain(FX.markers("first ", 9)));
            measure("single uncontended append", writes, () -> {
                writer.append(segment, FX.marker("single"));
                return null;
            });
            writes.reset();
            for (int batch = 0; batch < 999; batch++) {
                writer.append(segment, ExpectedCount.any(), StoredEntry.plain(FX.markers("batch " + batch + " ", 10)));
            }
            report.append("999 appends of 10 entries: ").append(writes.requests().size()).append(" requests (")
                    .append(writes.count("PUT")).append(" PUT, of which ").append(writes.count("PUT", "/pack/"))
                    .append(" packs and ").append(writes.count("PUT", "/hint")).append(" hints; ")
                    .append(writes.count("GET")).append(" GET, ").append(writes.count("HEAD")).append(" HEAD)\n");
            assertEquals(10_001, writer.count(segment));
        }
        RequestCounter reads = new RequestCounter();
        try (S3SegmentStore reader = open(options, reads)) {
            List<LogEntry> cold = measure("cold read-all of 10,001 entries", reads, () -> reader.readAll(segment));
            assertEquals(cold, measure("warm read-all", reads, () -> reader.readAll(segment)));
            measure("warm count", reads, () -> reader.count(segment));
        }
        RequestCounter pages = new RequestCounter();
        try (S3SegmentStore reader = open(options, pages)) {
            measure("cold page read(5000, 100)", pages, () -> reader.read(segment, 5000, 100));
            measure("warm page read(5000, 100)", pages, () -> reader.read(segment, 5000, 100));
            measure("next page read(5100, 100)", pages, () -> reader.read(segment, 5100, 100));
            measure("page at the tail read(9950, 100)", pages, () -> reader.read(segment, 9950, 100));
        }
        RequestCounter counts = new RequestCounter();
        try (S3SegmentStore cold = open(options, counts)) {
            measure("cold count", counts, () -> cold.count(segment));
        }
        measureListings(S3Fixture.options("measure/" + UUID.randomUUID()));
        Files.writeString(Paths.get("target", "s3-request-counts.txt"), report, StandardCharsets.UTF_8);
        System.out.print(report);
    }

    /** 100 sessions of 2 segments each, listed in pages of 10. */
    private void measureListings(S3StoreOptions options) {
        SessionId session = null;
        RequestCounter counter = new RequestCounter();
        try (S3SegmentStore writer = open(options, counter)) {
            for (int i = 0; i < 100; i++) {
                session = SessionId.generate();
                for (int s = 0; s < 2; s++) {
                    writer.create(SegmentId.generate(), StoredEntry.plain(List.of(FX.plainStart(session))));
                }
            }
            measure("create (index entries and first object)", counter, () -> {
                writer.create(SegmentId.generate(), StoredEntry.plain(List.of(FX.plainStart(SessionId.generate()))));
                return null;
            });
        }
        SessionId last = session;
        try (S3SegmentStore reader = open(options, counter)) {
            Page<SessionId> first = measure("listSessions first page of 10 (of 101)", counter,
                    () -> reader.listSessions(PageRequest.first(10)));
            measure("listSessions next page of 10", counter, () -> reader.listSessions(first.next().orElseThrow()));
            Page<SegmentId> segments = measure("listSegments first page of 10 (of 201)", counter,
                    () -> reader.listSegments(PageRequest.first(10)));
            measure("listSegments next page of 10", counter, () -> reader.listSegments(segments.next().orElseThrow()));
            measure("listSegments(session) of 2, cold", counter,
                    () -> reader.listSegments(last, PageRequest.first(10)));
        }
    }
}
