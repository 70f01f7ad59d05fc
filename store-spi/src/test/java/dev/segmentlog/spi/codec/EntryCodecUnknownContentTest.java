package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.core.UnknownFields;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the codec does not understand survives a read and a write, at every level of an entry. */
@SuppressWarnings("deprecation") // older spellings are read and written back
class EntryCodecUnknownContentTest {

    private final EntryCodec codec = EntryCodec.standard();

    private LogEntry decode(String json) {
        return codec.decode(json, SEGMENT, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,\"z\":{\"a\":[1,2.50]},\"a\":null}",
        "{\"kind\":\"segment_start\",\"ts\":1,\"session_id\":\"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b\",\"system_prompt\":null,"
                + "\"config\":{\"max_tokens\":null,\"temperature\":null,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[],"
                + "\"reasoning\":null,\"seed\":7},\"history\":[],"
                + "\"forked_from\":{\"segment_id\":\"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c\",\"at_turn_index\":1,\"why\":\"x\"},"
                + "\"labels\":[\"a\"]}",
        "{\"kind\":\"assistant_item\",\"ts\":1,\"item\":{\"kind\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"kind\":\"text\",\"text\":\"t\",\"annotations\":[]},{\"kind\":\"image\",\"url\":\"u\"}],\"id\":\"m1\"}}",
        "{\"kind\":\"assistant_item\",\"ts\":1,\"item\":{\"kind\":\"computer_call\",\"action\":{\"click\":[1,2]}}}",
        "{\"kind\":\"tool_result\",\"ts\":1,\"item\":{\"kind\":\"tool_result\",\"call_id\":\"c\",\"summary\":\"s\","
                + "\"attachments\":[{\"kind\":\"image\",\"mime_type\":\"image/png\",\"data\":\"AA==\",\"w\":1},"
                + "{\"kind\":\"audio\",\"data\":\"AA==\"}],\"pruned\":true}}",
        "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[{\"kind\":\"paste\",\"id\":1,\"chars\":1,\"lines\":1,\"content\":\"x\","
                + "\"lang\":\"en\"},{\"kind\":\"voice\",\"seconds\":3}],\"extensions\":[{\"domain\":\"d\",\"payload\":1,\"v\":2}]}",
        "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"notification\",\"message\":\"m\",\"body\":\"b\","
                + "\"prompt_provenance\":{\"config_revision\":1,\"source_digest\":\"s\",\"projection_digest\":\"p\","
                + "\"logical_name\":\"n\",\"locale\":\"ja\"},\"priority\":2}}",
        "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"alarm\",\"at\":7}}",
        "{\"kind\":\"system_items\",\"ts\":1,\"items\":[{\"kind\":\"alarm\",\"body\":{\"t\":1}}]}",
        "{\"kind\":\"checkpoint\",\"ts\":1,\"label\":\"x\"}",
        "{\"ts\":1,\"label\":\"x\",\"kind\":\"checkpoint\"}",
        "{\"kind\":\"checkpoint\",\"ts\":123456789012345678901234567890}",
    })
    void decodeThenEncode_keepsEveryUnknownMemberAndKind(String line) {
        assertEquals(line, codec.encodeToString(decode(line)));
    }

    @Test
    void unknownFields_areWrittenAfterTheKnownOnes() {
        LogEntry entry = new LogEntry.TurnEnd(1, 2, UnknownFields.of("b", "1", "a", "2"));

        assertEquals("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,\"b\":1,\"a\":2}", codec.encodeToString(entry));
    }

    @Test
    void unknownEntryKind_isKeptWithItsTsAndOriginal() {
        LogEntry.Unknown entry = assertInstanceOf(LogEntry.Unknown.class,
                decode("{\"kind\":\"checkpoint\",\"ts\":9,\"refs\":[1]}"));

        assertEquals("checkpoint", entry.wireKind());
        assertEquals(OptionalLong.of(9), entry.timestamp());
        assertEquals(RawJson.of("{\"kind\":\"checkpoint\",\"ts\":9,\"refs\":[1]}"), entry.original());
    }

    @Test
    void unknownEntryKind_withoutAnIntegerTs_hasNoTimestamp() {
        LogEntry.Unknown entry = assertInstanceOf(LogEntry.Unknown.class, decode("{\"kind\":\"checkpoint\",\"ts\":\"soon\"}"));

        assertEquals(OptionalLong.empty(), entry.timestamp());
        assertEquals(0, entry.ts());
    }

    @Test
    void unknownEntryKind_inAChainedSegment_leavesTheChainFieldsToTheChain() {
        StoredEntry linked = HashChain.link(null, List.of(
                new LogEntry.Unknown("checkpoint", OptionalLong.of(1), RawJson.of("{\"kind\":\"checkpoint\",\"ts\":1}")))).get(0);
        byte[] line = codec.encode(linked);

        StoredEntry read = codec.decodeHashed(line, SEGMENT, 0);

        assertEquals(RawJson.of("{\"kind\":\"checkpoint\",\"ts\":1}"), ((LogEntry.Unknown) read.entry()).original());
        assertEquals(linked.hash(), read.hash());
        assertTrue(HashChain.verify(SEGMENT, List.of(read), null).intact());
    }

    @Test
    void unknownSystemItem_keepsItsStringBodyOrNone() {
        SystemItem withBody = ((LogEntry.SystemItemEntry) decode(
                "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"alarm\",\"body\":\"wake\"}}")).item();
        SystemItem withoutBody = ((LogEntry.SystemItemEntry) decode(
                "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"alarm\",\"body\":7}}")).item();

        assertEquals("wake", withBody.body());
        assertEquals(null, withoutBody.body());
    }

    @Test
    void pasteWithAStringId_asSegmentlogWroteIt_isKeptAndWrittenBackUnchanged() {
        String line = "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[{\"kind\":\"paste\",\"id\":\"paste-1\",\"chars\":6,"
                + "\"lines\":1,\"content\":\"pasted\"}]}";
        LogEntry.UserInput input = (LogEntry.UserInput) decode(line);

        assertEquals(List.of(new InputPart.PasteWithTextId("paste-1", 6, 1, "pasted", UnknownFields.NONE)), input.parts());
        assertEquals(line, codec.encodeToString(input));
    }

    @Test
    void podEvent_asRuntimesWroteItBeforeTheRename_isWrittenBackUnderItsName() {
        String line = "{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"pod_event\",\"event\":{\"kind\":\"shut_down\"},"
                + "\"body\":\"b\"}}";

        assertInstanceOf(SystemItem.PodEvent.class, ((LogEntry.SystemItemEntry) decode(line)).item());
        assertEquals(line, codec.encodeToString(decode(line)));
    }

    @Test
    void olderSpellings_inAChainedSegment_stillVerifyAfterAReadAndAWrite() {
        List<LogEntry> entries = List.of(
                new LogEntry.Invoke(1, LogEntry.Trigger.POD_EVENT),
                new LogEntry.SystemItemEntry(2, new SystemItem.PodEvent(RawJson.of("{\"pod\":\"p\"}"), "b")),
                new LogEntry.UserInput(3, List.of(new InputPart.PasteWithTextId("paste-1", 1, 1, "x", UnknownFields.NONE))),
                new LogEntry.TurnEnd(4, 1, UnknownFields.of("later", "{\"x\":[1]}")));
        List<StoredEntry> read = new java.util.ArrayList<>();
        int position = 0;
        for (StoredEntry linked : HashChain.link(null, entries)) {
            read.add(codec.decodeHashed(codec.encode(linked), SEGMENT, position++));
        }

        assertTrue(HashChain.verify(SEGMENT, read, null).intact());
    }

    @Test
    void encode_refusesAnUnknownFieldNamedLikeAKnownOne() {
        for (String name : List.of("turn_count", "ts", "kind", "hash", "prev_hash")) {
            InvalidEntryException e = assertThrows(InvalidEntryException.class,
                    () -> codec.encode(new LogEntry.TurnEnd(1, 2, UnknownFields.of(name, "1"))));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void encode_refusesAnUnknownFieldThatIsNotJson() {
        assertThrows(InvalidEntryException.class, () -> codec.encode(new LogEntry.AssistantItem(1,
                new HistoryItem.ToolCall("c", "n", "{}", UnknownFields.of("x", "{not json")))));
    }

    @Test
    void encode_refusesAnUnknownEntryThatIsNotWhatItClaims() {
        assertThrows(InvalidEntryException.class, () -> codec.encode(new LogEntry.Unknown("turn_end", OptionalLong.empty(),
                RawJson.of("{\"kind\":\"turn_end\"}"))));
        assertThrows(InvalidEntryException.class, () -> codec.encode(new LogEntry.Unknown("x", OptionalLong.empty(),
                RawJson.of("{\"kind\":\"y\"}"))));
        assertThrows(InvalidEntryException.class, () -> codec.encode(new LogEntry.Unknown("x", OptionalLong.empty(),
                RawJson.of("{\"kind\":\"x\",\"hash\":\"00\"}"))));
    }

    @Test
    void trace_refusesAFieldNamedLikeTsOrEvent() {
        assertThrows(InvalidEntryException.class, () -> codec.encodeTrace(
                new TraceEntry(1, RawJson.of("1"), UnknownFields.of("event", "2"))));
    }

    @Test
    void trace_withoutEventOrKind_isCorrupt() {
        assertThrows(CorruptDataException.class, () -> codec.decodeTrace(
                "{\"ts\":1,\"turn\":0}".getBytes(StandardCharsets.UTF_8), SEGMENT, 0));
    }
}
