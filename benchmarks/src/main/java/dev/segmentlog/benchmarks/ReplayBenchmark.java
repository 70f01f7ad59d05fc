package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SessionId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Replay alone, over decoded entries held in memory: 10k and 100k entries, so linearity shows as a
 * constant time per entry. Run with JMH's GC profiler, which reports the bytes allocated per replay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReplayBenchmark {
    @Param({"10000", "100000"})
    public int entries;

    private List<LogEntry> log;

    @Setup
    public void build() {
        log = List.copyOf(Entries.segment(SessionId.generate(), entries));
    }

    @Benchmark
    public Object replay() {
        return Replay.replay(log);
    }
}
