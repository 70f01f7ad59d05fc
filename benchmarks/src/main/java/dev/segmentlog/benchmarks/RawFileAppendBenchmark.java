package dev.segmentlog.benchmarks;

import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The raw baselines of the JSONL append figures: the same line written with a bare
 * {@link FileChannel} opened for append (optionally {@code force(false)} after each write), with and
 * without encoding it first with a plain Jackson {@code ObjectWriter}; the encode and write under the
 * lock every writer of the store takes (an exclusive {@link FileChannel#lock(long, long, boolean)} of
 * one byte of a lock file, released after the write); and the two encoders alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawFileAppendBenchmark {
    private final AppendFixture fixture = new AppendFixture();
    private final EntryCodec codec = EntryCodec.standard();
    private final AppendFixture.Buffer buffer = new AppendFixture.Buffer();
    private Path directory;
    private FileChannel channel;
    private FileChannel lockFile;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        directory = Work.newDirectory("raw-append");
        channel = FileChannel.open(directory.resolve("raw.jsonl"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lockFile = FileChannel.open(directory.resolve("raw.lock"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        channel.close();
        lockFile.close();
        Work.delete(directory);
    }

    /** The same bytes the store writes, already encoded. */
    @Benchmark
    public int writeSameBytes() throws IOException {
        return channel.write(ByteBuffer.wrap(fixture.line));
    }

    /** The same bytes, then {@code force(false)}. */
    @Benchmark
    public int writeSameBytesForce() throws IOException {
        int n = channel.write(ByteBuffer.wrap(fixture.line));
        channel.force(false);
        return n;
    }

    /** Encode the entry with a plain ObjectWriter, then write the line. */
    @Benchmark
    public int encodeAndWrite() throws IOException {
        return channel.write(encodeLine());
    }

    /**
     * Encode, then write holding an exclusive lock on one byte of a lock file, as the store holds its
     * segment's stripe across processes: the baseline of a cross-process-safe append.
     */
    @Benchmark
    public int encodeLockAndWrite() throws IOException {
        ByteBuffer line = encodeLine();
        try (FileLock lock = lockFile.lock(1, 1, false)) {
            return channel.write(line);
        }
    }

    /** Encode, write, {@code force(false)}. */
    @Benchmark
    public int encodeAndWriteForce() throws IOException {
        int n = channel.write(encodeLine());
        channel.force(false);
        return n;
    }

    /** The raw encoder alone: ObjectWriter over the entry's JSON tree. */
    @Benchmark
    public void encodeRaw(Blackhole bh) {
        bh.consume(AppendFixture.WRITER.writeValueAsBytes(fixture.tree));
    }

    /** The store's encoder alone: the canonical codec over the typed entry. */
    @Benchmark
    public void encodeCodec(Blackhole bh) {
        bh.consume(codec.encode(fixture.entry));
    }

    private ByteBuffer encodeLine() {
        buffer.reset();
        AppendFixture.WRITER.writeValue(buffer, fixture.tree);
        buffer.write('\n');
        return buffer.asByteBuffer();
    }
}
