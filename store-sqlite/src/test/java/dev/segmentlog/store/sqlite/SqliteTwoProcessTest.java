package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTwoProcessTest {
    private final Fixtures fixtures = new Fixtures();

    private static final int PER_PROCESS = 150;

    @TempDir
    Path dir;

    @Test
    void twoProcesses_appendingToOneFile_storeEveryEntryExactlyOnce() throws Exception {
        Path file = dir.resolve("shared.db");
        SegmentId plain = SegmentId.generate();
        SegmentId conditional = SegmentId.generate();
        SessionId session = SessionId.generate();
        Path childErr = dir.resolve("child.err");
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(plain, List.of(StoredEntry.plain(fixtures.plainStart(session))));
            store.create(conditional, List.of(StoredEntry.plain(fixtures.plainStart(session))));

            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    AppendingChild.class.getName(),
                    file.toString(), plain.toString(), conditional.toString(), "child", String.valueOf(PER_PROCESS))
                    .redirectError(childErr.toFile())
                    .start();
            try (BufferedReader out = new BufferedReader(
                         new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                assertEquals("ready", out.readLine(), () -> "child did not start: " + read(childErr));
                in.write("go\n");
                in.flush();

                AppendingChild.appendMarked(store, plain, conditional, "parent", PER_PROCESS);

                assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish in time");
                assertEquals(0, child.exitValue(), () -> "child failed: " + read(childErr));
                assertEquals("done", out.readLine());
            } finally {
                child.destroyForcibly();
            }

            assertEveryEntryOnce(store.readAll(plain), store.count(plain));
            assertEveryEntryOnce(store.readAll(conditional), store.count(conditional));
        }
    }

    private static void assertEveryEntryOnce(List<LogEntry> entries, long count) {
        assertEquals(1 + 2 * PER_PROCESS, entries.size());
        assertEquals(entries.size(), count);
        Set<String> markers = new HashSet<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < PER_PROCESS; i++) {
            expected.add("parent-" + i);
            expected.add("child-" + i);
        }
        for (LogEntry entry : entries.subList(1, entries.size())) {
            assertTrue(markers.add(Fixtures.labelOf(entry)), "twice: " + Fixtures.labelOf(entry));
        }
        assertEquals(new HashSet<>(expected), markers);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no stderr: " + e + ")";
        }
    }
}
