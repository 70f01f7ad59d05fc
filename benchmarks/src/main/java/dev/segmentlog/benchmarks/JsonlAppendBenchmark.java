package dev.segmentlog.benchmarks;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.List;
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
 * One ~1 KB entry appended to a JSONL segment through the port, encoding included; a fresh
 * directory and segment per iteration so the file does not grow across the run.
 * Baselines: {@link RawFileAppendBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonlAppendBenchmark {
    @Param({"buffered", "fsync"})
    public String durability;

    private final AppendFixture fixture = new AppendFixture();
    private Path directory;
    private SegmentStore store;
    private SegmentId segment;

    @Setup(Level.Iteration)
    public void open() {
        directory = Work.newDirectory("jsonl-append");
        store = SegmentStores.open("jsonl:" + directory + "?durability=" + durability);
        segment = SegmentId.generate();
        store.create(segment, List.of(StoredEntry.plain(Entries.start(SessionId.generate()))));
    }

    @TearDown(Level.Iteration)
    public void close() {
        store.close();
        Work.delete(directory);
    }

    @Benchmark
    public void append() {
        store.append(segment, fixture.entry);
    }
}
