package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every inspecting command against a JSONL and a SQLite store. */
class CommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void ls_listsSessionsWithTheirSegmentsAndEntries(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("ls", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(2, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("SESSION"), result::toString);
        assertTrue(lines.get(1).matches(written.session() + "\\s+2\\s+12\\s+.*"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void lsSegments_listsNewestFirstWithOrigin(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("ls", "--segments", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(3, lines.size(), result::toString);
        assertTrue(lines.get(1).startsWith(written.fork().toString()), result::toString);
        assertTrue(lines.get(1).endsWith("fork of " + written.main() + " at turn 1"), result::toString);
        assertTrue(lines.get(2).startsWith(written.main().toString()), result::toString);
        assertTrue(lines.get(2).matches(".*\\s11\\s.*new$"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void lsLimit1_listsOnlyTheNewestSession(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.write(uri);
        Conversations.Written newest = Conversations.write(uri);

        Cli.Result result = Cli.run("ls", "--limit", "1", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(2, lines.size(), result::toString);
        assertTrue(lines.get(1).startsWith(newest.session() + " "), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void ls_onAnEmptyStore_saysSo(String scheme) {
        Cli.Result result = Cli.run("ls", "--store", Conversations.emptyStore(scheme, dir));

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("no sessions in "), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void show_printsOneReadableLinePerEntry(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("show", written.main().toString(), "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(11, lines.size(), result::toString);
        assertTrue(lines.get(0).matches("\\s+0 .* segment_start +session " + written.session() + ".*"), result::toString);
        assertTrue(lines.get(2).contains("user_input      \"Weather in @cities.txt\" (text, file_ref)"), result::toString);
        assertTrue(lines.get(3).contains("tool_call c1 get_weather {\"city\":\"Tokyo\"}"), result::toString);
        assertTrue(lines.get(10).contains("turn_end        turn 2"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void showJson_printsTheWireLines(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("show", written.main().toString(), "--json", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(11, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("{\"kind\":\"segment_start\""), result::toString);
        JsonNode call = JSON.readTree(lines.get(3));
        assertEquals("assistant_item", call.get("kind").asString());
        assertEquals("c1", call.get("item").get("call_id").asString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void showFrom_startsAtThatPosition(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("show", written.main().toString(), "--from", "9", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, result.outLines().size(), result::toString);
        assertTrue(result.outLines().get(0).matches("\\s+9 .*"), result::toString);
    }

    @Test
    void show_ofAnEntryOfAKindThisVersionDoesNotKnow_printsItAsRead() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);
        Path file = dir.resolve("logs").resolve(written.session().toString()).resolve(written.main() + ".jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, "{\"kind\":\"future_kind\",\"ts\":1,\"note\":\"from a newer writer\"}");
        Files.write(file, lines);

        Cli.Result result = Cli.run("show", written.main().toString(), "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.outLines().get(3).matches("\\s+3  .*  future_kind .*from a newer writer.*"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void replayJson_printsTheRestoredStateWithSnakeCaseFields(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("replay", written.main().toString(), "--json", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        JsonNode state = JSON.readTree(result.out());
        assertEquals(written.session().toString(), state.get("session_id").asString());
        assertEquals("Be brief.", state.get("system_prompt").asString());
        assertEquals(512, state.get("config").get("max_tokens").asInt());
        assertEquals(2, state.get("turn_count").asInt());
        assertEquals(11, state.get("entries_count").asInt());
        assertEquals(6, state.get("history").size());
        assertEquals("tool_call", state.get("history").get(1).get("kind").asString());
        assertFalse(state.get("run_in_flight").asBoolean());
        assertTrue(state.get("dangling_tool_calls").isArray());
        assertEquals(2, state.get("user_inputs").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void replayAtTurn_replaysOnlyUpToThatTurn(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("replay", written.main().toString(), "--json", "--at-turn", "1", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        JsonNode state = JSON.readTree(result.out());
        assertEquals(1, state.get("turn_count").asInt());
        assertEquals(4, state.get("history").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void replay_withoutJson_printsAReadableSummary(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("replay", written.main().toString(), "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("turns           2"), result::toString);
        assertTrue(result.out().contains("config          max_tokens=512"), result::toString);
        assertTrue(result.out().contains("history         6 items"), result::toString);
        assertTrue(result.out().contains("tool_result c1 \"Sunny, 25C\""), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void tree_indentsForksUnderTheirSource(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("tree", written.session().toString(), "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
                "session " + written.session(),
                written.main() + "  new conversation, 11 entries",
                "└── " + written.fork() + "  fork at turn 1, 1 entry"), result.outLines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void tree_ofASegmentId_showsItsSession(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("tree", written.fork().toString(), "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("session " + written.session(), result.outLines().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void treeDot_printsAGraphvizDigraph(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("tree", written.session().toString(), "--dot", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("digraph \"session " + written.session() + "\" {"), result::toString);
        assertTrue(result.out().contains("\"" + written.main() + "\" -> \"" + written.fork()
                + "\" [label=\"fork at turn 1\"];"), result::toString);
        assertTrue(result.out().strip().endsWith("}"), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void fork_printsTheNewSegmentWhichStartsAtThatTurn(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("fork", written.main().toString(), "--at-turn", "2", "--store", uri);

        assertEquals(0, result.exitCode(), result::toString);
        SegmentId fork = SegmentId.parse(result.out().strip());
        try (SegmentStore store = SegmentStores.open(uri)) {
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.readAll(fork).get(0);
            assertEquals(new SegmentOrigin(written.main(), 2), start.forkedFrom());
            assertEquals(written.session(), start.sessionId());
            assertEquals(6, start.history().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verify_aHealthyStore_passes(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result all = Cli.run("verify", "--all", "--store", uri);
        Cli.Result one = Cli.run("verify", written.fork().toString(), "--store", uri);

        assertEquals(0, all.exitCode(), all::toString);
        assertTrue(all.out().endsWith("verified 2 segments, 12 entries: all ok\n"), all::toString);
        assertEquals(0, one.exitCode(), one::toString);
        assertEquals(List.of("ok    " + written.fork(), "verified 1 segment, 1 entry: all ok"), one.outLines());
    }
}
