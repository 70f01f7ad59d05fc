package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Measures (does not assert figures) the requests of an append and of reading a 10k-entry segment cold
 * and warm, with the default packing; writes them to {@code target/s3-request-counts.txt}. The segment is
 * written as 1,000 appends of 10 entries to keep the run short.
 */
@ExtendWith(S3MockExtension.class)
class S3RequestCountMeasurement {

    @Test
    void requestCounts_appendAndReadAllOf10kEntries() throws IOException {
        String prefix = "measure/" + UUID.randomUUID();
        S3StoreOptions options = S3Fixture.options(prefix);
        RequestCounter writes = new RequestCounter();
        StringBuilder report = new StringBuilder("S3 store request counts (S3Mock, packEvery="
                + options.packEvery() + ", fanout=" + S3SegmentStore.PACK_FANOUT + ")\n");
        SegmentId segment = SegmentId.generate();
        try (S3SegmentStore writer = S3SegmentStore.open(options, List.of(writes), () -> UUID.randomUUID().toString())) {
            writer.create(segment, List.of(Entries.start(SessionId.generate())));
            writer.appendAll(segment, Entries.turns(1, 9)); // 10 entries
            writes.reset();
            writer.append(segment, Entries.turn(10));
            report.append("single uncontended append: ").append(writes.requests().size()).append(" request(s) ")
                    .append(writes.requests().stream().map(r -> r.split(" ")[0]).toList()).append('\n');
            writes.reset();
            for (int batch = 0; batch < 999; batch++) {
                writer.appendAll(segment, Entries.turns(11 + batch * 10, 10));
            }
            report.append("999 appends of 10 entries: ").append(writes.requests().size()).append(" requests (")
                    .append(writes.count("PUT")).append(" PUT, of which ")
                    .append(writes.count("PUT", "/pack/")).append(" packs and ")
                    .append(writes.count("PUT", "/hint")).append(" hints; ")
                    .append(writes.count("GET")).append(" GET, ").append(writes.count("HEAD")).append(" HEAD)\n");
            assertEquals(10_001, writer.count(segment));
        }
        RequestCounter reads = new RequestCounter();
        try (S3SegmentStore reader = S3SegmentStore.open(options, List.of(reads), () -> UUID.randomUUID().toString())) {
            reads.reset();
            List<LogEntry> cold = reader.readAll(segment);
            report.append("cold read-all of ").append(cold.size()).append(" entries: ").append(reads.requests().size())
                    .append(" requests (").append(reads.count("GET", "/pack/")).append(" pack GETs, ")
                    .append(reads.count("GET", "/log/")).append(" commit GETs incl. the tail probe, ")
                    .append(reads.count("GET", "/hint")).append(" hint GET)\n");
            reads.reset();
            List<LogEntry> warm = reader.readAll(segment);
            assertEquals(cold, warm);
            report.append("warm read-all: ").append(reads.requests().size()).append(" request(s) ")
                    .append(reads.requests().stream().map(r -> r.substring(r.lastIndexOf('/') + 1)).toList())
                    .append('\n');
            reads.reset();
            reader.count(segment);
            report.append("warm count: ").append(reads.requests().size()).append(" request(s)\n");
        }
        RequestCounter counts = new RequestCounter();
        try (S3SegmentStore cold = S3SegmentStore.open(options, List.of(counts), () -> UUID.randomUUID().toString())) {
            counts.reset();
            cold.count(segment);
            report.append("cold count: ").append(counts.requests().size()).append(" request(s)\n");
        }
        Files.writeString(Paths.get("target", "s3-request-counts.txt"), report, StandardCharsets.UTF_8);
        System.out.print(report);
    }
}
