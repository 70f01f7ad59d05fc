package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static dev.segmentlog.spi.codec.CodecFixtures.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.UnknownFields;
import dev.segmentlog.spi.CorruptDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Old logs and other writers: what the decoder accepts beyond what the encoder writes. */
class EntryCodecLenientReadTest {

    private final EntryCodec codec = EntryCodec.standard();

    private LogEntry decode(String json) {
        return codec.decode(json, SEGMENT, 0);
    }

    @Test
    void decode_segmentStartWithoutSessionId_belongsToTheSessionOfItsOwnSegment() {
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) decode(
                "{\"kind\":\"segment_start\",\"ts\":5,\"system_prompt\":\"p\",\"config\":{},\"history\":[]}");

        assertEquals(SessionId.ofLegacySegment(SEGMENT), start.sessionId());
    }

    @Test
    void decode_segmentStartWithOnlyKindAndTs_usesDefaults() {
        LogEntry entry = decode("{\"kind\":\"segment_start\",\"ts\":5,\"session_id\":\"" + SESSION + "\"}");

        assertEquals(new LogEntry.SegmentStart(5, SESSION, null, RequestConfig.DEFAULT, List.of(), null, null), entry);
    }

    @Test
    void decode_configWithMissingFields_usesNullsAndEmptyStopSequences() {
        LogEntry entry = decode("{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"max_tokens\":10}}");

        assertEquals(new LogEntry.ConfigChanged(1, RequestConfig.DEFAULT.withMaxTokens(10)), entry);
    }

    @Test
    void decode_missingListFields_areEmpty() {
        assertEquals(new LogEntry.UserInput(1, List.of()), decode("{\"kind\":\"user_input\",\"ts\":1}"));
        assertEquals(new LogEntry.AssistantItems(1, List.of()), decode("{\"kind\":\"assistant_items\",\"ts\":1}"));
        assertEquals(new LogEntry.SystemItems(1, List.of()), decode("{\"kind\":\"system_items\",\"ts\":1}"));
    }

    @Test
    void decode_historyItemsWithoutOptionalFields_useDefaults() {
        LogEntry entry = decode("{\"kind\":\"assistant_items\",\"ts\":1,\"items\":["
                + "{\"kind\":\"tool_result\",\"call_id\":\"c\",\"summary\":\"s\"},"
                + "{\"kind\":\"reasoning\",\"text\":\"t\"},"
                + "{\"kind\":\"message\",\"role\":\"assistant\"}]}");

        assertEquals(new LogEntry.AssistantItems(1, List.of(
                new HistoryItem.ToolResult("c", "s", null, false),
                new HistoryItem.Reasoning("t", List.of(), null, null),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT, List.of()))), entry);
    }

    @Test
    void decode_unknownExtraFields_areKeptInOrderButChainFieldsAreNot() {
        LogEntry entry = decode("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,\"hash\":\"" + "ab".repeat(32) + "\","
                + "\"item\":{ \"nested\":[1,{\"x\":null}]},\"a\":true}");

        assertEquals(new LogEntry.TurnEnd(1, 2, UnknownFields.of("item", "{\"nested\":[1,{\"x\":null}]}", "a", "true")),
                entry);
    }

    @Test
    void decode_aMalformedChainField_isCorruptData_evenWhenTheChainIsNotAskedFor() {
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> decode("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,\"hash\":\"ab\"}"));

        assertTrue(e.getMessage().contains("turn_end.hash"), e.getMessage());
    }

    @Test
    void decode_cacheLocked_isReadAsLocked() {
        assertEquals(new LogEntry.Locked(1, 4), decode("{\"kind\":\"cache_locked\",\"ts\":1,\"locked_prefix_len\":4}"));
    }

    @Test
    void decode_kindNotFirst_readsTheEntryAndEncodesItWithKindFirst() {
        LogEntry entry = decode("{\"ts\":7,\"trigger\":\"notify\",\"kind\":\"invoke\"}");

        assertEquals(new LogEntry.Invoke(7, LogEntry.Trigger.NOTIFY), entry);
        assertEquals("{\"kind\":\"invoke\",\"ts\":7,\"trigger\":\"notify\"}", codec.encodeToString(entry));
    }

    @Test
    void decode_nestedItemWithKindNotFirst_isRead() {
        LogEntry entry = decode("{\"kind\":\"assistant_item\",\"ts\":1,"
                + "\"item\":{\"call_id\":\"c\",\"name\":\"n\",\"arguments\":\"{}\",\"kind\":\"tool_call\"}}");

        assertEquals(new LogEntry.AssistantItem(1, new HistoryItem.ToolCall("c", "n", "{}")), entry);
    }

    @Test
    void decode_unknownInputPart_keepsItsOriginalJsonInCanonicalForm() {
        LogEntry.UserInput input = (LogEntry.UserInput) decode("{\"kind\":\"user_input\",\"ts\":1,\"segments\":["
                + "{ \"kind\" : \"sticker\", \"id\" : 42, \"tags\" : [ \"a\" ] }]}");

        assertEquals(List.of(new InputPart.Unknown("sticker",
                RawJson.of("{\"kind\":\"sticker\",\"id\":42,\"tags\":[\"a\"]}"))), input.parts());
    }

    @Test
    void decode_unknownInputPartWithKindNotFirst_keepsItsFieldOrder() {
        LogEntry.UserInput input = (LogEntry.UserInput) decode("{\"kind\":\"user_input\",\"ts\":1,\"segments\":["
                + "{\"id\":42,\"kind\":\"sticker\"}]}");

        assertEquals(List.of(new InputPart.Unknown("sticker", RawJson.of("{\"id\":42,\"kind\":\"sticker\"}"))),
                input.parts());
    }

    @Test
    void decode_unknownSystemItemWithBody_keepsBodyAndOriginal() {
        LogEntry entry = decode("{\"kind\":\"system_item\",\"ts\":1,"
                + "\"item\":{\"kind\":\"alarm\",\"at\":7,\"body\":\"wake up\"}}");

        SystemItem.Unknown item = assertInstanceOf(SystemItem.Unknown.class, ((LogEntry.SystemItemEntry) entry).item());
        assertEquals("wake up", item.body());
        assertEquals(RawJson.of("{\"kind\":\"alarm\",\"at\":7,\"body\":\"wake up\"}"), item.original());
    }

    @Test
    void decode_opaqueJson_isStoredCompactWithKeyOrderAndNumbersKept() {
        LogEntry.Extension extension = (LogEntry.Extension) decode("{\"kind\":\"extension\",\"ts\":1,"
                + "\"domain\":\"d\",\"payload\": { \"z\" : 1.50 , \"a\" : [ 1e2, -0, 123456789012345678901234567890 ] } }");

        assertEquals(RawJson.of("{\"z\":1.50,\"a\":[1e2,-0,123456789012345678901234567890]}"), extension.payload());
    }

    @Test
    void decode_nullsForOptionalFields_areAbsent() {
        LogEntry entry = decode("{\"kind\":\"segment_start\",\"ts\":1,\"session_id\":\"" + SESSION + "\","
                + "\"system_prompt\":null,\"config\":null,\"history\":null,\"forked_from\":null,\"compacted_from\":null}");

        assertEquals(new LogEntry.SegmentStart(1, SESSION, null, RequestConfig.DEFAULT, List.of(), null, null), entry);
    }

    @Test
    void decode_integerTemperature_isReadAsDouble() {
        LogEntry entry = decode("{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"temperature\":1}}");

        assertEquals(new LogEntry.ConfigChanged(1, RequestConfig.DEFAULT.withTemperature(1.0)), entry);
    }
}
