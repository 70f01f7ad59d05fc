package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void records_copyTheirListsSoCallersCannotChangeThem() {
        List<InputPart> parts = new ArrayList<>(List.of(new InputPart.Text("a")));
        LogEntry.UserInput input = new LogEntry.UserInput(1, parts);
        parts.add(new InputPart.Text("b"));
        assertEquals(1, input.parts().size());
    }

    @Test
    void records_refuseNullsWhereTheModelHasNone() {
        assertThrows(NullPointerException.class, () -> new LogEntry.AssistantItem(1, null));
        assertThrows(NullPointerException.class, () -> new HistoryItem.ToolCall("c", null, "{}"));
        assertThrows(NullPointerException.class, () -> new LogEntry.UserInput(1, java.util.Arrays.asList((InputPart) null)));
    }

    @Test
    void counters_refuseNegativeValues() {
        assertThrows(IllegalArgumentException.class, () -> new LogEntry.TurnEnd(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new LogEntry.LlmUsage(1, 0, -5, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentOrigin(SegmentId.generate(), -1));
        assertThrows(IllegalArgumentException.class, () -> new RequestConfig.Reasoning.Budget(-1));
        assertThrows(IllegalArgumentException.class, () -> new InputPart.Paste(1, -1, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new InputPart.Paste(InputPart.MAX_U32 + 1, 0, 0, ""));
    }

    @Test
    void requestConfig_refusesNonFiniteSamplingValues() {
        assertThrows(IllegalArgumentException.class, () -> RequestConfig.DEFAULT.withTemperature(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RequestConfig(null, null, Double.POSITIVE_INFINITY,
                null, List.of(), null, Map.of()));
    }

    @Test
    void rawJson_refusesBlankText() {
        assertThrows(IllegalArgumentException.class, () -> RawJson.of(" "));
    }

    @Test
    void requestConfig_keepsUnknownFieldsSortedByName() {
        RequestConfig config = new RequestConfig(null, null, null, null, List.of(), null,
                Map.of("zeta", RawJson.of("1"), "alpha", RawJson.of("2")));
        assertEquals(List.of("alpha", "zeta"), new ArrayList<>(config.unknownFields().keySet()));
    }

    @Test
    void entryKinds_haveDistinctSnakeCaseWireNames() {
        Set<String> names = new java.util.HashSet<>();
        for (EntryKind kind : EntryKind.values()) {
            assertTrue(kind.wireName().matches("[a-z]+(_[a-z]+)*"), kind.wireName());
            assertTrue(names.add(kind.wireName()), kind.wireName());
        }
        assertEquals(EnumSet.of(EntryKind.ASSISTANT_ITEMS, EntryKind.TOOL_RESULTS, EntryKind.HOOK_INJECTED_ITEMS,
                        EntryKind.SYSTEM_ITEMS),
                EnumSet.copyOf(java.util.Arrays.stream(EntryKind.values()).filter(EntryKind::isReadOnlyLegacy).toList()));
    }

    @Test
    void message_text_concatenatesTextPartsAndSkipsRefusals() {
        HistoryItem.Message message = new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                List.of(new HistoryItem.Content.Text("a"), new HistoryItem.Content.Refusal("no"),
                        new HistoryItem.Content.Text("b")));
        assertEquals("ab", message.text());
    }

    @Test
    void segmentStart_origin_isWhicheverLineageIsSet() {
        SegmentOrigin origin = new SegmentOrigin(SegmentId.generate(), 2);
        LogEntry.SegmentStart compacted = new LogEntry.SegmentStart(1, SessionId.generate(), null,
                RequestConfig.DEFAULT, List.of(), null, origin);
        assertEquals(origin, compacted.origin());
    }
}
