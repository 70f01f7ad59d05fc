package dev.segmentlog.benchmarks;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;

/**
 * One agent turn persisted to a JSONL segment (OS-buffered), against a hand-written append that takes
 * the same cross-process lock. A turn is what an agent writes per user message: the user input, a
 * delta of a tool call, its result and the assistant's answer, and the turn end, about 3.5 KB in five
 * lines and three writes.
 *
 * <ul>
 * <li>{@link #writerTurn}: {@link SegmentWriter#saveUserInput}, {@link SegmentWriter#saveDelta} and
 *     {@link SegmentWriter#saveTurnEnd}, so three conditional appends through the store, encoding
 *     included.</li>
 * <li>{@link #lockedRawTurn}, the baseline: the same five lines encoded with a plain Jackson
 *     {@code ObjectWriter} and written with three {@code FileChannel.write}s (the delta's three lines
 *     in one), each under an exclusive {@link FileChannel#lock(long, long, boolean)} of one byte of a
 *     lock file, as the store locks its stripe's byte, released right after the write.</li>
 * </ul>
 * A fresh directory and segment per iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonlTurnBenchmark {
    private final List<InputPart> userInput = List.of(new InputPart.Text(
            "Why does the build fail on the codec test? Look at the fixture and fix it, then run the tests."),
            new InputPart.FileRef("store-spi/src/main/java/dev/segmentlog/spi/EntryCodec.java"));
    private final List<HistoryItem> delta = deltaItems();

    /** The turn's lines as Jackson trees, in write order; each serialises to the codec's line. */
    private final List<JsonNode> rawLines = rawLines();
    private final AppendFixture.Buffer buffer = new AppendFixture.Buffer();

    private Path directory;
    private SegmentStore store;
    private SegmentWriter writer;
    private int turn;
    private FileChannel rawFile;
    private FileChannel rawLock;

    private static List<HistoryItem> deltaItems() {
        return List.of(((LogEntry.AssistantItem) Entries.toolCall(0, 1)).item(),
                ((LogEntry.ToolResult) Entries.toolResult(0, 1)).item(),
                ((LogEntry.AssistantItem) Entries.assistantMessage(0)).item());
    }

    private List<JsonNode> rawLines() {
        long ts = System.currentTimeMillis();
        List<LogEntry> entries = new ArrayList<>();
        entries.add(new LogEntry.UserInput(ts, userInput));
        entries.addAll(SegmentLog.deltaEntries(delta, ts));
        entries.add(new LogEntry.TurnEnd(ts, 1));
        EntryCodec codec = EntryCodec.standard();
        List<JsonNode> trees = new ArrayList<>();
        for (LogEntry entry : entries) {
            byte[] json = codec.encode(entry);
            JsonNode tree = AppendFixture.READER.readTree(json);
            if (!java.util.Arrays.equals(AppendFixture.WRITER.writeValueAsBytes(tree), json)) {
                throw new IllegalStateException("the raw ObjectWriter does not write the codec's bytes for "
                        + entry.kind().wireName() + ": the baseline would not write the same turn");
            }
            trees.add(tree);
        }
        return trees;
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        directory = Work.newDirectory("jsonl-turn");
        store = SegmentStores.open("jsonl:" + directory.resolve("store") + "?durability=buffered");
        SegmentLog log = new SegmentLog(store);
        SegmentId segment = SegmentId.generate();
        log.createWithId(segment, new StartState("You are a careful coding agent.", RequestConfig.DEFAULT, List.of()));
        writer = log.writer(segment);
        turn = 0;
        rawFile = FileChannel.open(directory.resolve("raw.jsonl"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        rawLock = FileChannel.open(directory.resolve("raw.lock"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        rawFile.close();
        rawLock.close();
        Work.delete(directory);
    }

    /** A turn through the store's writer: three conditional appends (one entry, a batch of three, one entry). */
    @Benchmark
    public SegmentId writerTurn() {
        writer.saveUserInput(userInput);
        writer.saveDelta(delta);
        return writer.saveTurnEnd(++turn);
    }

    /** The same five lines encoded with an ObjectWriter and written in three locked writes. */
    @Benchmark
    public int lockedRawTurn() throws IOException {
        return lockedWrite(0, 1) + lockedWrite(1, 4) + lockedWrite(4, 5);
    }

    /** Encodes lines {@code [from, to)} and writes them with one write, holding the lock byte. */
    private int lockedWrite(int from, int to) throws IOException {
        buffer.reset();
        for (int i = from; i < to; i++) {
            AppendFixture.WRITER.writeValue(buffer, rawLines.get(i));
            buffer.write('\n');
        }
        ByteBuffer bytes = buffer.asByteBuffer();
        try (FileLock lock = rawLock.lock(1, 1, false)) {
            return rawFile.write(bytes);
        }
    }
}
