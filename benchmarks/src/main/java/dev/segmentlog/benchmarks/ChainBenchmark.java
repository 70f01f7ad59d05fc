package dev.segmentlog.benchmarks;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
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
 * What a hash chain costs: one ~1 KB entry appended through a {@link SegmentWriter} to a chained
 * segment (one SHA-256 over the canonical line, chain fields in the stored line) against the same
 * writer on a plain segment, on each store; a fresh directory and segment per iteration.
 * Verification throughput: {@link ChainVerifyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChainBenchmark {
    @Param({"jsonl", "sqlite"})
    public String store;

    @Param({"plain", "chained"})
    public String chain;

    private final AppendFixture fixture = new AppendFixture();
    private Path directory;
    private SegmentStore opened;
    private SegmentWriter writer;

    @Setup(Level.Iteration)
    public void open() {
        directory = Work.newDirectory("chain-append");
        opened = SegmentStores.open(store.equals("jsonl") ? "jsonl:" + directory : "sqlite:" + directory.resolve("chain.db"));
        SegmentLog log = new SegmentLog(opened);
        if (chain.equals("chained")) {
            log = log.chained();
        }
        SegmentId segment = SegmentId.generate();
        log.createWithId(segment, new dev.segmentlog.log.StartState("bench", dev.segmentlog.core.RequestConfig.DEFAULT,
                List.of()));
        writer = log.writer(segment);
    }

    @TearDown(Level.Iteration)
    public void close() {
        opened.close();
        Work.delete(directory);
    }

    @Benchmark
    public SegmentId append() {
        return writer.append(fixture.entry);
    }
}
