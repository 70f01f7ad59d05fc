package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this version does not understand in a stored entry: {@code verify} warns about it (and fails
 * on it with {@code --strict}); {@code replay} stops at an entry it cannot fold unless told to skip.
 */
class UnknownContentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** In {@link Conversations#write}, the first user_input is at position 2 and a tool call at 3. */
    private static final int USER_INPUT = 2;
    private static final int TOOL_CALL = 3;

    @TempDir
    Path dir;

    /** Renames the list field "segments" of the first user_input of {@code written.main()} to "segmentz". */
    private void misspellSegments(String scheme, Conversations.Written written) throws IOException, SQLException {
        if (scheme.equals("jsonl")) {
            editLine(written, USER_INPUT, line -> line.replace("\"segments\":", "\"segmentz\":"));
            return;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE entries SET json = replace(json, '\"segments\":', '\"segmentz\":') "
                             + "WHERE segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq = ?")) {
            update.setString(1, written.main().toString());
            update.setInt(2, USER_INPUT);
            assertEquals(1, update.executeUpdate(), "the user_input row");
        }
    }

    private void editLine(Conversations.Written written, int position, UnaryOperator<String> edit)
            throws IOException {
        Path file = dir.resolve("logs").resolve(written.session().toString()).resolve(written.main() + ".jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String edited = edit.apply(lines.get(position));
        assertTrue(!edited.equals(lines.get(position)), "the line was edited: " + edited);
        lines.set(position, edited);
        Files.write(file, lines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verify_ofAMisspeltListField_warnsWithItsPositionAndPath_andExits0(String scheme) throws Exception {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);
        misspellSegments(scheme, written);

        Cli.Result verify = Cli.run("verify", "--all", "--store", uri);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("WARN  " + written.main() + ": entry at position 2: "
                + "user_input.segmentz: unknown field 'segmentz'"), verify::toString);
        assertTrue(verify.outLines().contains("ok    " + written.main()), verify::toString);
        assertTrue(verify.out().endsWith("verified 2 segments, 12 entries: all ok; 1 warning (content this version "
                + "does not understand; --strict counts it as a problem)\n"), verify::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void verifyStrict_ofAMisspeltListField_failsTheSegment(String scheme) throws Exception {
        String uri = Conversations.storeUri(scheme, dir);
        Conversations.Written written = Conversations.write(uri);
        misspellSegments(scheme, written);

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--strict", "--store", uri);

        assertEquals(1, verify.exitCode(), verify::toString);
        assertEquals(List.of("FAIL  " + written.main() + ": entry at position 2: user_input.segmentz: unknown field "
                + "'segmentz'", "verified 1 segment, 11 entries: 1 segment has problems"), verify.outLines());
    }

    @Test
    void verify_ofAnEntryOfAnUnknownKind_warnsAndExits0() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);
        editLine(written, TOOL_CALL, line -> "{\"kind\":\"future_kind\",\"ts\":1,\"note\":\"from a newer writer\"}");

        Cli.Result verify = Cli.run("verify", written.main().toString(), "--store", uri);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals("WARN  " + written.main() + ": entry at position 3: future_kind: unknown entry kind 'future_kind'",
                verify.outLines().get(0), verify::toString);
    }

    @Test
    void replay_ofAnEntryOfAnUnknownKind_stopsNamingItsKindAndPosition() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);
        editLine(written, TOOL_CALL, line -> "{\"kind\":\"future_kind\",\"ts\":1}");

        Cli.Result replay = Cli.run("replay", written.main().toString(), "--store", uri);

        assertEquals(1, replay.exitCode(), replay::toString);
        assertEquals(1, replay.errLines().size(), replay::toString);
        assertTrue(replay.err().startsWith("segmentlog replay: segment " + written.main() + ": cannot replay entry 3 "
                + "(kind 'future_kind')"), replay::toString);
        assertTrue(replay.err().contains("'replay --skip-unknown' skips such entries"), replay::toString);
    }

    @Test
    void replaySkipUnknown_skipsTheEntryAndSaysHowManyWereSkipped() throws IOException {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);
        editLine(written, TOOL_CALL, line -> "{\"kind\":\"future_kind\",\"ts\":1}");

        Cli.Result summary = Cli.run("replay", written.main().toString(), "--skip-unknown", "--store", uri);
        Cli.Result json = Cli.run("replay", written.main().toString(), "--skip-unknown", "--json", "--store", uri);
        Cli.Result atTurn = Cli.run("replay", written.main().toString(), "--skip-unknown", "--at-turn", "1",
                "--json", "--store", uri);

        assertEquals(0, summary.exitCode(), summary::toString);
        assertTrue(summary.outLines().stream().anyMatch(line -> line.matches(
                "entries\\s+11, 1 of them skipped: this version cannot replay them")), summary::toString);
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode state = JSON.readTree(json.out());
        assertEquals(1, state.get("skipped_entries").asInt(), json::toString);
        assertEquals(2, state.get("turn_count").asInt(), json::toString);
        assertEquals(0, atTurn.exitCode(), atTurn::toString);
        assertEquals(1, JSON.readTree(atTurn.out()).get("skipped_entries").asInt(), atTurn::toString);
    }
}
