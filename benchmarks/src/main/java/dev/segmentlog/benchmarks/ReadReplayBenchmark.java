package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import tools.jackson.databind.JsonNode;

/**
 * Reading a whole JSONL segment and replaying it, against the raw baseline on the same file:
 * read its bytes, split at {@code \n}, parse every line with a plain {@code ObjectReader} into a tree.
 * Both run warm (the file in the page cache): the figure is CPU, not disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReadReplayBenchmark {
    @Param({"10000"})
    public int entries;

    private Path directory;
    private SegmentStore store;
    private SegmentId segment;
    private Path file;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        directory = Work.newDirectory("read");
        store = SegmentStores.open("jsonl:" + directory);
        segment = SegmentId.generate();
        store.create(segment, StoredEntry.plain(Entries.segment(SessionId.generate(), entries)));
        try (Stream<Path> files = Files.walk(directory)) {
            file = files.filter(p -> p.getFileName().toString().equals(segment + ".jsonl")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("segment file not found under " + directory));
        }
        if (rawParse().size() != entries || store.readAll(segment).size() != entries) {
            throw new IllegalStateException("the two readers disagree on the entry count");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        Work.delete(directory);
    }

    /** The store's readAll and the replay of its entries. */
    @Benchmark
    public Object readAllAndReplay() {
        List<LogEntry> all = store.readAll(segment);
        return Replay.replay(all);
    }

    /** The store's readAll alone (to split the figure into read and replay). */
    @Benchmark
    public Object readAll() {
        return store.readAll(segment);
    }

    /** The raw baseline: read the file, split lines, parse each with ObjectReader. */
    @Benchmark
    public Object rawSplitAndParse() {
        return rawParse();
    }

    private List<JsonNode> rawParse() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> nodes = new ArrayList<>();
        AppendFixture.parseLines(bytes, nodes::add);
        return nodes;
    }
}
