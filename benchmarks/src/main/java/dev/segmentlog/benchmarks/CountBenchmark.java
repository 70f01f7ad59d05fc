package dev.segmentlog.benchmarks;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code count} of a segment of 1k and of 100k entries (JSONL and SQLite; S3 is measured by
 * {@link S3Figures} against the S3Proxy process). O(1) means the two sizes cost the same.
 * The store is opened on the trial's file first, so what is measured is the steady state of a
 * store that has seen the segment (the JSONL count is a lock and a stat; SQLite reads one row).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CountBenchmark {
    @Param({"jsonl", "sqlite"})
    public String store;

    @Param({"1000", "100000"})
    public int entries;

    private Path directory;
    private SegmentStore segmentStore;
    private SegmentId segment;

    @Setup(Level.Trial)
    public void fill() {
        directory = Work.newDirectory("count-" + store);
        String uri = "jsonl".equals(store) ? "jsonl:" + directory : "sqlite:" + directory.resolve("store.db");
        try (SegmentStore writer = SegmentStores.open(uri)) {
            segment = SegmentId.generate();
            writer.create(segment, StoredEntry.plain(Entries.segment(SessionId.generate(), entries)));
        }
        // a store of its own, as a process opening an existing log would
        segmentStore = SegmentStores.open(uri);
        if (segmentStore.count(segment) != entries) {
            throw new IllegalStateException("count is not " + entries);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        segmentStore.close();
        Work.delete(directory);
    }

    @Benchmark
    public long count() {
        return segmentStore.count(segment);
    }
}
