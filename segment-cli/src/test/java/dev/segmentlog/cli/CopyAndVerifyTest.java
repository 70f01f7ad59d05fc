package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
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

class CopyAndVerifyTest {

    @TempDir
    Path dir;

    @Test
    void copyJsonlToSqlite_thenVerifyTheTarget() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        try (SegmentStore store = SegmentStores.open(jsonl)) {
            store.appendTrace(written.main(), new TraceEntry(5, RawJson.of("{\"request\":1}")));
        }

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", sqlite);
        Cli.Result verify = Cli.run("verify", "--store", sqlite);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertEquals(List.of("copy " + jsonl + " -> " + sqlite + ": 2 copied, 0 completed, 0 already present, "
                + "0 failed; 12 entries verified by read-back"), copy.outLines());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments, 12 entries: all ok\n"), verify::toString);
        try (SegmentStore in = SegmentStores.open(jsonl); SegmentStore out = SegmentStores.open(sqlite)) {
            assertEquals(in.readAll(written.main()), out.readAll(written.main()));
            assertEquals(in.readAll(written.fork()), out.readAll(written.fork()));
            assertEquals(in.readTrace(written.main()), out.readTrace(written.main()));
        }
    }

    @Test
    void copyAgain_skipsWhatIsPresentAndCompletesWhatGrew() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        assertEquals(0, Cli.run("copy", "--from", jsonl, "--to", sqlite).exitCode());
        try (SegmentStore store = SegmentStores.open(jsonl)) {
            new SegmentLog(store).saveTurnEnd(written.fork(), 2);
        }

        Cli.Result again = Cli.run("copy", "--store", jsonl, "--to", sqlite);

        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains(": 0 copied, 1 completed, 1 already present, 0 failed; 13 entries"),
                again::toString);
    }

    @Test
    void copy_intoATargetHoldingOtherEntries_leavesThemAndExits1() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(jsonl);
        assertEquals(0, Cli.run("copy", "--from", jsonl, "--to", sqlite).exitCode());
        try (SegmentStore target = SegmentStores.open(sqlite)) {
            new SegmentLog(target).saveTurnEnd(written.fork(), 9);
        }

        Cli.Result again = Cli.run("copy", "--from", jsonl, "--to", sqlite);

        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(List.of("segment " + written.fork() + " already exists in " + sqlite
                + " with other entries; left alone"), again.errLines());
        assertTrue(again.out().contains("1 failed"), again::toString);
    }

    @Test
    void copySession_copiesOnlyThatSession() {
        String jsonl = Conversations.storeUri("jsonl", dir);
        String sqlite = Conversations.storeUri("sqlite", dir);
        Conversations.Written first = Conversations.write(jsonl);
        Conversations.write(jsonl);

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", sqlite, "--session", first.session().toString());

        assertEquals(0, copy.exitCode(), copy::toString);
        try (SegmentStore target = SegmentStores.open(sqlite)) {
            assertEquals(List.of(first.session()), target.listSessions(PageRequest.first(10)).items());
        }
    }

    @Test
    void copy_ofAnUnknownSession_isAUserError() {
        SessionId unknown = SessionId.generate();
        Cli.Result copy = Cli.run("copy", "--from", Conversations.emptyStore("jsonl", dir),
                "--to", Conversations.storeUri("sqlite", dir), "--session", unknown.toString());

        assertEquals(1, copy.exitCode(), copy::toString);
        assertTrue(copy.err().contains("session " + unknown + " has no segments in jsonl:"), copy::toString);
    }

    @Test
    void copy_toTheSameStore_isRefused() {
        String jsonl = Conversations.storeUri("jsonl", dir);

        Cli.Result copy = Cli.run("copy", "--from", jsonl, "--to", jsonl);

        assertEquals(1, copy.exitCode(), copy::toString);
        assertTrue(copy.err().contains("--from and --to name the same store"), copy::toString);
    }

    @Test
    void verify_reportsACorruptEntryWithItsPosition_andShowFailsOnIt() throws IOException {
        String jsonl = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(jsonl);
        Path file = dir.resolve("logs").resolve(written.session().toString()).resolve(written.main() + ".jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":\"two\"}");
        Files.write(file, lines);

        Cli.Result verify = Cli.run("verify", "--store", jsonl);
        Cli.Result show = Cli.run("show", written.main().toString(), "--store", jsonl);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + written.main() + ": corrupt entry at position 3: "), verify::toString);
        assertTrue(verify.out().contains("turn_count"), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + written.fork() + ": forked_from " + written.main()
                + " at turn 1: that segment has corrupt data at position 3"), verify::toString);
        assertTrue(verify.out().endsWith(": 2 segments have problems\n"), verify::toString);
        assertEquals(1, show.exitCode(), show::toString);
        assertEquals(1, show.errLines().size(), show::toString);
        assertTrue(show.err().startsWith("segmentlog show: corrupt data in segment " + written.main()
                + ", entry at position 3: "), show::toString);
    }

    @Test
    void verify_reportsLineageThatDoesNotResolve() {
        String uri = Conversations.storeUri("sqlite", dir);
        Conversations.Written written = Conversations.write(uri);
        SegmentId missing = SegmentId.generate();
        SegmentId pastTheEnd = SegmentId.generate();
        SegmentId orphan = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(pastTheEnd, List.of(StoredEntry.plain(
                    start(written.session(), new SegmentOrigin(written.main(), 5), null))));
            store.create(orphan, List.of(StoredEntry.plain(start(written.session(), null, new SegmentOrigin(missing, 1)))));
        }

        Cli.Result verify = Cli.run("verify", "--all", "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + pastTheEnd + ": forked_from " + written.main()
                + " at turn 5: that segment never reached turn 5 (its last turn is 2)"), verify::toString);
        assertTrue(verify.out().contains("FAIL  " + orphan + ": compacted_from " + missing
                + " at turn 1: that segment does not exist"), verify::toString);
        assertTrue(verify.out().contains("ok    " + written.fork()), verify::toString);
        assertTrue(verify.out().endsWith(": 2 segments have problems\n"), verify::toString);
    }

    @Test
    void verify_ofAMissingSegment_isAUserError() {
        SegmentId missing = SegmentId.generate();

        Cli.Result verify = Cli.run("verify", missing.toString(), "--store", Conversations.emptyStore("jsonl", dir));

        assertEquals(1, verify.exitCode(), verify::toString);
        assertEquals(List.of("segmentlog verify: segment " + missing + " does not exist"), verify.errLines());
    }

    private static LogEntry.SegmentStart start(SessionId session, SegmentOrigin forkedFrom, SegmentOrigin compactedFrom) {
        StartState state = new StartState(null, RequestConfig.DEFAULT, List.of());
        return new LogEntry.SegmentStart(1, session, state.systemPrompt(), state.config(), state.history(),
                forkedFrom, compactedFrom);
    }
}
