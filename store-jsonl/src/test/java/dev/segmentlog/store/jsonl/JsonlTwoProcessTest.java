package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two OS processes append to one segment at the same time. */
class JsonlTwoProcessTest {
    private static final int PER_WRITER = 1500;

    /** The {@code i}th entry of {@code writer}, both processes alike: a marker labelled {@code writer-i}. */
    static LogEntry marker(Fixtures fx, String writer, int i) {
        return fx.marker(writer + "-" + i);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void appends_fromTwoProcesses_areAllKeptExactlyOnceAndNeverInterleaved() throws Exception {
        Path dir = TestDirectories.fresh("two-process").toAbsolutePath();
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        Fixtures fx = new Fixtures();
        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            store.create(segment, List.of(StoredEntry.plain(fx.plainStart(session))));

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AppendingChild.class.getName(),
                    dir.toString(), segment.toString(), "child", Integer.toString(PER_WRITER))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader childOut = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                warmUp(store);
                assertEquals("ready", childOut.readLine());
                try (OutputStream go = child.getOutputStream()) {
                    go.write('\n');
                }
                for (int i = 0; i < PER_WRITER; i++) {
                    if (i % 3 == 0 && i + 2 < PER_WRITER) {
                        store.append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(marker(fx, "parent", i),
                                marker(fx, "parent", i + 1), marker(fx, "parent", i + 2))));
                        i += 2;
                    } else {
                        store.append(segment, marker(fx, "parent", i));
                    }
                }
                assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child process did not finish");
                assertEquals(0, child.exitValue(), "the child process failed");
            } finally {
                child.destroyForcibly();
            }

            List<LogEntry> entries = store.readAll(segment);
            assertEquals(1 + 2 * PER_WRITER, entries.size());
            assertEquals(1 + 2 * PER_WRITER, store.count(segment));
            Set<String> seen = new HashSet<>();
            List<Integer> parentOrder = new ArrayList<>();
            List<Integer> childOrder = new ArrayList<>();
            for (LogEntry entry : entries.subList(1, entries.size())) {
                String message = Fixtures.labelOf(entry);
                assertTrue(seen.add(message), "appended twice: " + message);
                int i = Integer.parseInt(message.substring(message.indexOf('-') + 1));
                (message.startsWith("parent-") ? parentOrder : childOrder).add(i);
            }
            assertEquals(range(PER_WRITER), parentOrder, "each writer's entries in its own order");
            assertEquals(range(PER_WRITER), childOrder, "each writer's entries in its own order");

            // Byte-level: every line is exactly one codec line.
            EntryCodec codec = EntryCodec.standard();
            List<String> lines = Files.readAllLines(dir.resolve(session.toString()).resolve(segment + ".jsonl"),
                    StandardCharsets.UTF_8);
            assertEquals(entries.size(), lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(codec.encodeToString(entries.get(i)), lines.get(i));
            }
        }
    }

    /**
     * Runs the append path on a scratch segment until it is compiled, so that both processes then
     * append at full speed at the same time instead of one finishing while the other still warms up.
     */
    static void warmUp(JsonlSegmentStore store) {
        Fixtures fx = new Fixtures();
        SegmentId scratch = SegmentId.generate();
        store.create(scratch, List.of(StoredEntry.plain(fx.plainStart(SessionId.generate()))));
        for (int i = 0; i < 2_000; i++) {
            store.append(scratch, ExpectedCount.exactly(store.count(scratch)), List.of(StoredEntry.plain(fx.marker("warm-up"))));
        }
        store.append(scratch, ExpectedCount.any(), StoredEntry.plain(fx.markers("warm-up", 3)));
    }

    private static List<Integer> range(int n) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(i);
        }
        return numbers;
    }
}
