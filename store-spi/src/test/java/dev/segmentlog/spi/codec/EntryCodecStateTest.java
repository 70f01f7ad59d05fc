package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EntryCodecStateTest {

    private final EntryCodec codec = EntryCodec.standard();
    private final JsonMapper mapper = JsonMapper.builder().build();

    private static RestoredState state() {
        return Replay.replay(List.of(
                new LogEntry.SegmentStart(1, SESSION, "sys", RequestConfig.DEFAULT.withMaxTokens(9), List.of(), null, null),
                new LogEntry.Invoke(2, LogEntry.Trigger.USER_SEND),
                new LogEntry.UserInput(3, List.of(new InputPart.Text("hi "), new InputPart.FileRef("a.txt"))),
                new LogEntry.AssistantItem(4, new HistoryItem.ToolCall("c1", "read", "{}")),
                new LogEntry.LlmUsage(5, 2, 100, 10, 20, 30),
                new LogEntry.Extension(6, "plan", RawJson.of("{\"step\":1}"))));
    }

    @Test
    void encodeState_writesEveryFieldInOrderWithSnakeCaseNames() {
        JsonNode json = mapper.readTree(codec.encodeState(state()));

        List<String> names = new ArrayList<>(json.propertyNames());
        assertEquals(List.of("session_id", "system_prompt", "config", "history", "turn_count", "last_run_interrupted",
                "run_in_flight", "locked_prefix_len", "entries_count", "usage_history", "extensions", "user_inputs",
                "dangling_tool_calls", "skipped_entries"), names);
        assertEquals(SESSION.toString(), json.get("session_id").asString());
        assertEquals("sys", json.get("system_prompt").asString());
        assertEquals(9, json.get("config").get("max_tokens").asInt());
        assertTrue(json.get("run_in_flight").asBoolean());
        assertEquals(6, json.get("entries_count").asLong());
    }

    @Test
    void encodeState_writesNestedValuesInTheirWireShapes() {
        String json = codec.encodeState(state());

        assertTrue(json.contains("\"usage_history\":[{\"kind\":\"llm_usage\",\"ts\":5,\"history_len\":2,"
                + "\"input_total_tokens\":100,\"cache_read_tokens\":10,\"cache_write_tokens\":20,\"output_tokens\":30}]"),
                json);
        assertTrue(json.contains("\"extensions\":[{\"kind\":\"extension\",\"ts\":6,\"domain\":\"plan\","
                + "\"payload\":{\"step\":1}}]"), json);
        assertTrue(json.contains("\"user_inputs\":[[{\"kind\":\"text\",\"content\":\"hi \"},"
                + "{\"kind\":\"file_ref\",\"path\":\"a.txt\"}]]"), json);
        assertTrue(json.contains("\"dangling_tool_calls\":[{\"kind\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"read\","
                + "\"arguments\":\"{}\"}]"), json);
    }

    @Test
    void encodeState_withoutSegmentStart_writesNullSessionAndPrompt() {
        JsonNode json = mapper.readTree(codec.encodeState(Replay.replay(List.of())));

        assertTrue(json.get("session_id").isNull());
        assertTrue(json.get("system_prompt").isNull());
        assertEquals(0, json.get("history").size());
    }
}
