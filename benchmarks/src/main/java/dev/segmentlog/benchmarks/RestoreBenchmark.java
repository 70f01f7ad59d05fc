package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * Restoring a long conversation (issue #19): {@code new SegmentLog(store).restore(segment)} of
 * {@link Entries#conversation} at 1,000 and 10,000 turns, against {@link RawRestore} reading the same
 * entries' JSON — the lines of a {@code .jsonl} file, or the rows of a plain SQLite table in a file of its own
 * with the store's pragmas — and parsing them into the same history. The store is a fresh instance on the
 * written file, as after a restart; both sides run warm (files in the page cache): the figure is CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RestoreBenchmark {
    @Param({"jsonl", "sqlite"})
    public String store;

    @Param({"1000", "10000"})
    public int turns;

    private Path directory;
    private SegmentStore opened;
    private SegmentLog log;
    private SegmentId segment;
    private Path rawFile;
    private Connection rawConnection;
    private PreparedStatement rawSelect;

    @Setup(Level.Trial)
    public void fill() throws SQLException {
        directory = Work.newDirectory("restore-" + store);
        List<LogEntry> entries = Entries.conversation(SessionId.generate(), turns);
        segment = SegmentId.generate();
        String uri = store.equals("jsonl") ? "jsonl:" + directory.resolve("store") : "sqlite:" + directory.resolve("store.db");
        try (SegmentStore writer = SegmentStores.open(uri)) {
            writer.create(segment, StoredEntry.plain(entries));
        }
        opened = SegmentStores.open(uri);
        log = new SegmentLog(opened);
        if (store.equals("jsonl")) {
            rawFile = directory.resolve("raw.jsonl");
            RawRestore.writeJsonl(rawFile, entries);
        } else {
            rawConnection = SqliteAppendBenchmark.openRaw(directory.resolve("raw.db"), "normal");
            RawRestore.writeTable(rawConnection, segment.toString(), entries);
            rawSelect = RawRestore.selectJson(rawConnection);
        }
        RestoredState restored = restore();
        RawRestore.Conversation raw = rawReadAndParse();
        if (!raw.history().equals(restored.history()) || raw.turnCount() != restored.turnCount()
                || !raw.systemPrompt().equals(restored.systemPrompt()) || raw.turnCount() != turns) {
            throw new IllegalStateException("the baseline does not restore what segmentlog restores");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        opened.close();
        if (rawConnection != null) {
            rawSelect.close();
            rawConnection.close();
        }
        Work.delete(directory);
    }

    /** segmentlog: the store's page loop, the codec's decode and replay. */
    @Benchmark
    public RestoredState restore() {
        return log.restore(segment);
    }

    /** The hand-written baseline: one plain read of the same JSON, a Jackson parse of each entry. */
    @Benchmark
    public RawRestore.Conversation rawReadAndParse() throws SQLException {
        return rawFile != null ? RawRestore.fromJsonl(rawFile) : RawRestore.fromTable(rawSelect, segment.toString());
    }
}
