package dev.segmentlog.spi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example lines of DESIGN section 4.5, with real ids for the "0190…" placeholders. */
class EntryCodecGoldenTest {

    static final String SESSION = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    static final String SOURCE = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c";
    static final SegmentId SEGMENT = SegmentId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d");

    static final List<String> GOLDEN = List.of(
            "{\"kind\":\"segment_start\",\"ts\":1000,\"session_id\":\"" + SESSION + "\",\"system_prompt\":\"You are helpful.\","
                    + "\"config\":{\"max_tokens\":1024,\"temperature\":null,\"top_p\":null,\"top_k\":null,"
                    + "\"stop_sequences\":[],\"reasoning\":null},\"history\":[],"
                    + "\"forked_from\":{\"segment_id\":\"" + SOURCE + "\",\"at_turn_index\":2}}",
            "{\"kind\":\"user_input\",\"ts\":2000,\"segments\":[{\"kind\":\"text\",\"content\":\"Hello \"},"
                    + "{\"kind\":\"file_ref\",\"path\":\"src/Main.java\"}]}",
            "{\"kind\":\"assistant_item\",\"ts\":3000,\"item\":{\"kind\":\"tool_call\",\"call_id\":\"c1\","
                    + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Tokyo\\\"}\"}}",
            "{\"kind\":\"tool_result\",\"ts\":3500,\"item\":{\"kind\":\"tool_result\",\"call_id\":\"c1\","
                    + "\"summary\":\"Sunny, 25C\"}}",
            "{\"kind\":\"run_completed\",\"ts\":3600,\"interrupted\":false,\"result\":\"finished\"}",
            "{\"kind\":\"run_outcome\",\"ts\":3700,\"outcome\":{\"error\":{\"message\":\"boom\"}},\"interrupted\":true}");

    private final EntryCodec codec = EntryCodec.standard();

    static List<String> goldenLines() {
        return GOLDEN;
    }

    @ParameterizedTest
    @MethodSource("goldenLines")
    void decodeThenEncode_designExample_isByteIdentical(String line) {
        LogEntry entry = codec.decode(line, SEGMENT, 0);

        assertEquals(line, codec.encodeToString(entry));
    }

    @Test
    void decode_designSegmentStart_givesTheValuesOfTheLine() {
        LogEntry entry = codec.decode(golden(0), SEGMENT, 0);

        assertEquals(new LogEntry.SegmentStart(1000, SessionId.parse(SESSION), "You are helpful.",
                RequestConfig.DEFAULT.withMaxTokens(1024), List.of(),
                new SegmentOrigin(SegmentId.parse(SOURCE), 2), null), entry);
    }

    @Test
    void decode_designUserInput_givesTypedParts() {
        LogEntry entry = codec.decode(golden(1), SEGMENT, 1);

        assertEquals(new LogEntry.UserInput(2000,
                List.of(new InputPart.Text("Hello "), new InputPart.FileRef("src/Main.java"))), entry);
    }

    @Test
    void decode_designToolCall_keepsArgumentsVerbatim() {
        LogEntry entry = codec.decode(golden(2), SEGMENT, 2);

        assertEquals(new LogEntry.AssistantItem(3000,
                new HistoryItem.ToolCall("c1", "get_weather", "{\"city\":\"Tokyo\"}")), entry);
    }

    @Test
    void decode_designRunOutcome_keepsOutcomeAsCanonicalJson() {
        LogEntry entry = codec.decode(golden(5), SEGMENT, 5);

        LogEntry.RunOutcome outcome = assertInstanceOf(LogEntry.RunOutcome.class, entry);
        assertEquals(RawJson.of("{\"error\":{\"message\":\"boom\"}}"), outcome.outcome());
        assertEquals(true, outcome.interrupted());
    }

    private static String golden(int index) {
        return GOLDEN.get(index);
    }
}
