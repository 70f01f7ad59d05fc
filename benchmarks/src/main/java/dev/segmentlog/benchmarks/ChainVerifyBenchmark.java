package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verification of a stored chain without I/O: 10k linked entries of a realistic conversation
 * (~800 B each) re-encoded, re-hashed and compared, as {@code segmentlog verify} does after reading.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChainVerifyBenchmark {
    private final SegmentId segment = SegmentId.generate();
    private List<StoredEntry> chain;

    @Setup(Level.Trial)
    public void link() {
        List<LogEntry> entries = Entries.segment(SessionId.generate(), 10_000);
        chain = HashChain.link(null, entries);
    }

    @Benchmark
    public ChainReport verify10k() {
        ChainReport report = HashChain.verify(segment, chain, null);
        if (!report.intact()) {
            throw new IllegalStateException("the benchmark's chain must verify: " + report.breaks());
        }
        return report;
    }
}
