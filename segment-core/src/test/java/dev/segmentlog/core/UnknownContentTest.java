package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UnknownContentTest {

    private static List<String> found(LogEntry entry) {
        return UnknownContent.of(entry).stream().map(Object::toString).toList();
    }

    @Test
    void of_anEntryFullyUnderstood_isEmpty() {
        assertEquals(List.of(), found(new LogEntry.TurnEnd(1, 2)));
    }

    @Test
    void of_aMisspeltListField_isReportedAsAnUnknownField() {
        LogEntry entry = new LogEntry.UserInput(1, List.of(), List.of(),
                UnknownFields.of("segmentz", "[{\"kind\":\"text\",\"content\":\"hi\"}]"));

        assertEquals(List.of("user_input.segmentz: unknown field 'segmentz'"), found(entry));
    }

    @Test
    void of_nestedUnknowns_nameTheirPath() {
        LogEntry entry = new LogEntry.ToolResult(1, new HistoryItem.ToolResult("c", "s", null,
                List.of(new HistoryItem.Attachment.Unknown("audio", RawJson.of("{\"kind\":\"audio\"}"))), false,
                UnknownFields.of("pruned", "true")));

        assertEquals(List.of("tool_result.item.attachments[0]: unknown attachment kind 'audio'",
                "tool_result.item.pruned: unknown field 'pruned'"), found(entry));
    }

    @Test
    void of_anUnknownEntry_isOneKindFinding() {
        LogEntry entry = new LogEntry.Unknown("checkpoint", OptionalLong.empty(), RawJson.of("{\"kind\":\"checkpoint\"}"));

        List<UnknownContent.Finding> findings = UnknownContent.of(entry);
        assertEquals(1, findings.size());
        assertEquals(UnknownContent.Finding.Type.KIND, findings.get(0).type());
        assertEquals("unknown entry kind 'checkpoint'", findings.get(0).description());
    }

    @Test
    void unknownFields_refuseARepeatedName() {
        assertThrows(IllegalArgumentException.class, () -> UnknownFields.of("a", "1", "a", "2"));
    }

    @Test
    void unknownFields_findAMemberByName() {
        assertEquals(Optional.of(RawJson.of("2")), UnknownFields.of("a", "1", "b", "2").get("b"));
        assertEquals(List.of("a", "b"), UnknownFields.of("a", "1", "b", "2").names());
    }
}
