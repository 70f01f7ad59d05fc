package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy} goes on past a segment it cannot read, reports it and exits 1; running the same copy
 * again completes exactly what is missing, entries and trace entries, and duplicates nothing.
 */
class CopyResumeTest {

    @TempDir
    Path dir;

    private Path segmentFile(Conversations.Written written, String suffix) {
        return dir.resolve("logs").resolve(written.session().toString()).resolve(written.main() + suffix);
    }

    /** Replaces line {@code index} of {@code file}; returns the line it held. */
    private static String replaceLine(Path file, int index, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String old = lines.set(index, line);
        Files.write(file, lines);
        return old;
    }

    private static void traceThree(String uri, SegmentId segment) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            for (int i = 1; i <= 3; i++) {
                store.appendTrace(segment, new TraceEntry(i, RawJson.of("{\"request\":" + i + "}")));
            }
        }
    }

    /** Every segment of the source is in the target with the same entries and trace, and nothing else is. */
    private static void assertSameStores(String source, String target) {
        try (SegmentStore in = SegmentStores.open(source); SegmentStore out = SegmentStores.open(target)) {
            List<SegmentId> segments = Page.<SegmentId>all(in::listSegments, PageRequest.DEFAULT_LIMIT).toList();
            assertEquals(segments, Page.<SegmentId>all(out::listSegments, PageRequest.DEFAULT_LIMIT).toList());
            for (SegmentId segment : segments) {
                assertEquals(in.read(segment, 0, 1000), out.read(segment, 0, 1000), "entries of " + segment);
                assertEquals(in.readTrace(segment), out.readTrace(segment), "trace of " + segment);
            }
        }
    }

    @Test
    void copy_goesOnPastASegmentItCannotRead_andARerunCopiesItOnceItCanBeRead() throws IOException {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written broken = Conversations.write(jsonl);
        Conversations.write(jsonl); // a newer session, listed first
        traceThree(jsonl, broken.main());
        String good = replaceLine(segmentFile(broken, ".jsonl"), 3, "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":\"two\"}");

        Cli.Result first = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(1, first.exitCode(), first::toString);
        assertEquals(1, first.errLines().size(), first::toString);
        assertTrue(first.err().startsWith("segment " + broken.main() + " cannot be read: corrupt data in segment "
                + broken.main() + ", entry at position 3: "), first::toString);
        assertEquals(List.of("copy " + jsonl + " -> " + sqlite + ": 3 copied, 0 completed, 0 already present, "
                + "1 failed; 13 entries verified by read-back"), first.outLines());

        replaceLine(segmentFile(broken, ".jsonl"), 3, good);
        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of("copy " + jsonl + " -> " + sqlite + ": 1 copied, 0 completed, 3 already present, "
                + "0 failed; 24 entries verified by read-back"), again.outLines());
        assertSameStores(jsonl, sqlite);
    }

    @Test
    void copy_ofASegmentWhoseTraceCannotBeRead_copiesItsEntries_andARerunCompletesTheTrace() throws IOException {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        traceThree(jsonl, written.main());
        String good = replaceLine(segmentFile(written, ".trace.jsonl"), 1, "{\"ts\":2,\"event\":");

        Cli.Result first = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(1, first.exitCode(), first::toString);
        assertEquals(1, first.errLines().size(), first::toString);
        assertTrue(first.err().startsWith("segment " + written.main() + " has a trace that cannot be read (its entries "
                + "are copied): corrupt data in segment " + written.main() + ", entry at position 1: "), first::toString);
        assertTrue(first.out().endsWith(": 1 copied, 0 completed, 0 already present, 1 failed; 1 entry verified by "
                + "read-back\n"), first::toString);

        replaceLine(segmentFile(written, ".trace.jsonl"), 1, good);
        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().endsWith(": 0 copied, 1 completed, 1 already present, 0 failed; 12 entries verified "
                + "by read-back\n"), again::toString);
        assertSameStores(jsonl, sqlite);
    }

    @Test
    void copyAgain_completesTheEntriesAndTraceAnInterruptedCopyLeft_andARunAfterThatWritesNothing() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        traceThree(jsonl, written.main());
        // What a copy killed midway leaves: the first entries and the first trace entry of a segment.
        try (SegmentStore in = SegmentStores.open(jsonl); SegmentStore out = SegmentStores.open(sqlite)) {
            List<StoredEntry> entries = in.read(written.main(), 0, 1000);
            out.create(written.main(), entries.subList(0, 1));
            out.append(written.main(), ExpectedCount.exactly(1), entries.subList(1, 4));
            out.appendTrace(written.main(), in.readTrace(written.main()).get(0));
        }

        Cli.Result resumed = Cli.run("copy", "--from", jsonl, "--to", sqlite);
        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().endsWith(": 1 copied, 1 completed, 0 already present, 0 failed; 12 entries verified "
                + "by read-back\n"), resumed::toString);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().endsWith(": 0 copied, 0 completed, 2 already present, 0 failed; 12 entries verified "
                + "by read-back\n"), again::toString);
        assertSameStores(jsonl, sqlite);
    }

    @Test
    void copy_intoATargetWhoseTraceHoldsOtherEntries_leavesItAndExits1() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        traceThree(jsonl, written.main());
        assertEquals(0, Cli.run("copy", "--from", jsonl, "--to", sqlite).exitCode());
        try (SegmentStore target = SegmentStores.open(sqlite)) {
            target.appendTrace(written.main(), new TraceEntry(9, RawJson.of("{\"other\":1}")));
        }

        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(List.of("segment " + written.main() + " has a trace in " + sqlite + " that holds other trace "
                + "entries; left alone"), again.errLines());
    }
}
