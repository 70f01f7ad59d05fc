package dev.segmentlog.reliability;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreException;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Child JVM of the crash tests: appends marks of one writer to a segment as fast as it can and prints
 * {@code ack FIRST LAST} on stdout only after the append of marks FIRST..LAST returned.
 *
 * <p>Arguments: store URI, segment id, writer name, mode, seconds to live, and optionally
 * {@code standby}: then the JVM loads what it will need (the store providers, the codec, its first
 * marks), says {@code standby}, and opens the store only when a {@code go} line arrives on stdin. A
 * crash loop so starts the next writer's JVM while the current one is still writing, and the next
 * writer still opens the store after the crash, as a restarted process does (the seconds to live count
 * from {@code go}).
 *
 * <p>Mode {@code mixed} alternates plain batch appends and conditional appends (a failure is fatal);
 * mode {@code retry} uses only conditional appends and retries a {@link BackendException} (the
 * server is down) with the same expected count, printing {@code err TYPE MESSAGE} for the first
 * failure of an outage and {@code recovered N} after it. A retried conditional append that meets a
 * conflict reads the segment back: if its own batch is there, the earlier attempt took effect
 * ({@code resolved}); otherwise another writer appended, which this test never does ({@code fatal}).
 */
final class AckingAppender {
    /** The system property naming the file each stdout line is also written to (see {@link Child}). */
    static final String STDOUT_COPY = "reliability.stdout.copy";

    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    private static final FileOutputStream COPY = openCopy();

    /** Marks made before the store is opened: what most crash rounds write before their kill. */
    private static final int PREPARED_MARKS = 64;

    private AckingAppender() {}

    public static void main(String[] args) throws IOException {
        String uri = args[0];
        SegmentId segment = SegmentId.parse(args[1]);
        String writer = args[2];
        boolean retry = "retry".equals(args[3]);
        // the first marks are made before the store is opened: then the time the writer runs is
        // mostly spent appending, and a kill at a random moment lands in an append more often
        List<LogEntry> prepared = Marks.marks(writer, 0, PREPARED_MARKS);
        if (args.length > 5 && "standby".equals(args[5])) {
            SegmentStores.installedSchemes();
            say("standby");
            if (!"go".equals(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine())) {
                return; // the test ended without needing this writer
            }
        }
        long deadline = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        try (SegmentStore store = SegmentStores.open(uri)) {
            long count = retrying(retry, deadline, () -> store.count(segment));
            say("ready " + count);
            long index = 0;
            int batches = 0;
            while (System.nanoTime() < deadline) {
                int size = Marks.batchSize(index);
                List<LogEntry> batch = index + size <= prepared.size()
                        ? prepared.subList((int) index, (int) index + size) : Marks.marks(writer, index, size);
                final long expected = count;
                if (retry || batches % 2 == 1) {
                    appendExactly(store, segment, expected, batch, retry, deadline);
                } else {
                    store.append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
                }
                count += size;
                index += size;
                batches++;
                say("ack " + (index - size) + " " + (index - 1));
            }
            say("expired");
        } catch (StoreException e) {
            say("fatal " + e.getClass().getSimpleName() + " " + oneLine(e.getMessage()));
            System.exit(3);
        } catch (RuntimeException e) {
            e.printStackTrace();
            say("fatal " + e.getClass().getName() + " " + oneLine(String.valueOf(e.getMessage())));
            System.exit(4);
        }
    }

    private static void appendExactly(SegmentStore store, SegmentId segment, long expected, List<LogEntry> batch,
            boolean retry, long deadline) {
        int failures = 0;
        while (true) {
            try {
                store.append(segment, ExpectedCount.exactly(expected), StoredEntry.plain(batch));
                break;
            } catch (BackendException e) {
                if (!retry || System.nanoTime() > deadline) {
                    throw e;
                }
                if (failures++ == 0) {
                    say("err " + e.getClass().getSimpleName() + " " + oneLine(e.getMessage()));
                }
                pace();
            } catch (ConflictException e) {
                if (failures == 0) {
                    throw e;
                }
                // An earlier attempt may have been stored although it reported a failure.
                List<LogEntry> stored = retrying(true, deadline,
                        () -> StoredEntry.entries(store.read(segment, expected, batch.size())));
                if (stored.equals(batch)) {
                    say("resolved " + expected);
                    break;
                }
                throw e;
            }
        }
        if (failures > 0) {
            say("recovered " + failures);
        }
    }

    private static <T> T retrying(boolean retry, long deadline, Supplier<T> call) {
        int failures = 0;
        while (true) {
            try {
                T value = call.get();
                if (failures > 0) {
                    say("recovered " + failures);
                }
                return value;
            } catch (BackendException e) {
                if (!retry || System.nanoTime() > deadline) {
                    throw e;
                }
                if (failures++ == 0) {
                    say("err " + e.getClass().getSimpleName() + " " + oneLine(e.getMessage()));
                }
                pace();
            }
        }
    }

    /** Retry pacing while the server is down (not synchronisation: nothing waits for this). */
    private static void pace() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Writes the line to the stdout copy (one unbuffered write: the kernel keeps it through a SIGKILL), then prints it. */
    static void say(String line) {
        if (COPY != null) {
            try {
                COPY.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the stdout copy", e);
            }
        }
        OUT.println(line);
        OUT.flush();
    }

    private static FileOutputStream openCopy() {
        String path = System.getProperty(STDOUT_COPY);
        try {
            return path == null ? null : new FileOutputStream(path);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("could not open the stdout copy " + path, e);
        }
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
