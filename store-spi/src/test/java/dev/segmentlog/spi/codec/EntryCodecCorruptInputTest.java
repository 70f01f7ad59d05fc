package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fail closed: whatever is wrong with a line, decoding reports corrupt data at its position. */
class EntryCodecCorruptInputTest {

    private static final long POSITION = 41;

    private final EntryCodec codec = EntryCodec.standard();

    private CorruptDataException corrupt(String json) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> codec.decode(json, SEGMENT, POSITION));
        assertEquals(POSITION, e.position());
        assertEquals(Optional.of(SEGMENT), e.segmentId());
        return e;
    }

    private static void assertMentions(CorruptDataException e, String... words) {
        for (String word : words) {
            assertTrue(e.reason().contains(word), () -> "'" + e.reason() + "' should mention '" + word + "'");
        }
    }

    @Test
    void decode_missingKind_failsNamingKind() {
        assertMentions(corrupt("{\"ts\":1,\"turn_count\":2}"), "missing required field", "kind");
    }

    @Test
    void decode_missingRequiredField_failsNamingKindAndField() {
        assertMentions(corrupt("{\"kind\":\"turn_end\",\"ts\":1}"), "turn_end.turn_count");
    }

    @Test
    void decode_missingTs_failsNamingTs() {
        assertMentions(corrupt("{\"kind\":\"cache_unlocked\"}"), "cache_unlocked.ts");
    }

    @Test
    void decode_missingFieldOfNestedItem_failsNamingThePath() {
        assertMentions(corrupt("{\"kind\":\"assistant_item\",\"ts\":1,\"item\":{\"kind\":\"tool_call\",\"call_id\":\"c\","
                + "\"name\":\"n\"}}"), "assistant_item.item.arguments");
    }

    @Test
    void decode_wrongTypeOfField_failsNamingFieldAndTypes() {
        assertMentions(corrupt("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":\"two\"}"),
                "turn_end.turn_count", "an integer", "a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"kind\":\"turn_end\",\"ts\":1.5,\"turn_count\":1}",
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":3000000000}",
        "{\"kind\":\"turn_end\",\"ts\":99999999999999999999,\"turn_count\":1}",
        "{\"kind\":\"run_completed\",\"ts\":1,\"interrupted\":\"no\",\"result\":\"finished\"}",
        "{\"kind\":\"run_completed\",\"ts\":1,\"interrupted\":false,\"result\":\"exploded\"}",
        "{\"kind\":\"invoke\",\"ts\":1,\"trigger\":7}",
        "{\"kind\":\"user_input\",\"ts\":1,\"segments\":{}}",
        "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[\"text\"]}",
        "{\"kind\":\"assistant_item\",\"ts\":1,\"item\":{\"kind\":\"message\",\"role\":\"robot\",\"content\":[]}}",
        "{\"kind\":\"assistant_item\",\"ts\":1,\"item\":{\"kind\":7}}",
        "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[{\"kind\":\"paste\",\"id\":1.5,\"chars\":1,\"lines\":1,\"content\":\"x\"}]}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"reasoning\":1.5}}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"temperature\":\"hot\"}}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"temperature\":1e400}}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":[]}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"stop_sequences\":[1]}}",
    })
    void decode_wrongTypes_failAsCorruptData(String json) {
        corrupt(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":-1}",
        "{\"kind\":\"user_input\",\"ts\":1,\"segments\":[{\"kind\":\"paste\",\"id\":4294967296,\"chars\":1,\"lines\":1,\"content\":\"x\"}]}",
        "{\"kind\":\"llm_usage\",\"ts\":1,\"history_len\":1,\"input_total_tokens\":-5,\"cache_read_tokens\":0,"
                + "\"cache_write_tokens\":0,\"output_tokens\":0}",
        "{\"kind\":\"segment_start\",\"ts\":1,\"session_id\":\"../../etc/passwd\"}",
        "{\"kind\":\"segment_start\",\"ts\":1,\"forked_from\":{\"segment_id\":\"x\",\"at_turn_index\":1}}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"reasoning\":\"  \"}}",
        "{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"reasoning\":-3}}",
    })
    void decode_valuesTheModelRefuses_failAsCorruptDataNotAsIllegalArgument(String json) {
        CorruptDataException e = corrupt(json);

        assertTrue(e.reason().startsWith("invalid value"), e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{",
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2",
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,}",
        "{'kind':'turn_end'}",
        "{kind:\"turn_end\"}",
        "[1,2]",
        "\"turn_end\"",
        "null",
        "{\"kind\":\"turn_end\",\"ts\":01,\"turn_count\":2}",
        "{\"kind\":\"turn_end\",\"ts\":NaN,\"turn_count\":2}",
        "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2} // comment",
    })
    void decode_malformedJson_failsAsCorruptData(String json) {
        CorruptDataException e = corrupt(json);

        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void decode_malformedJson_neverLetsAJacksonExceptionEscape() {
        CorruptDataException e = corrupt("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,,}");

        assertMentions(e, "malformed JSON");
        assertFalse(e.getClass().getName().startsWith("tools.jackson"));
    }

    @Test
    void decode_trailingGarbage_failsAsCorruptData() {
        assertMentions(corrupt("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2} x"), "malformed JSON");
    }

    @Test
    void decode_secondObjectOnTheLine_failsAsTrailingData() {
        assertMentions(corrupt("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2}{\"kind\":\"turn_end\"}"),
                "trailing data");
    }

    @Test
    void decode_duplicateField_failsAsCorruptData() {
        assertMentions(corrupt("{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":2,\"turn_count\":3}"), "turn_count");
    }

    @Test
    void decode_knownSystemItemWithoutBody_failsNamingBody() {
        assertMentions(corrupt("{\"kind\":\"system_item\",\"ts\":1,\"item\":{\"kind\":\"notification\","
                + "\"message\":\"m\"}}"), "body");
    }

    @Test
    void decode_invalidUtf8_failsAsCorruptData() {
        byte[] json = "{\"kind\":\"run_errored\",\"ts\":1,\"interrupted\":false,\"message\":\"XX\"}"
                .getBytes(StandardCharsets.UTF_8);
        json[json.length - 4] = (byte) 0xC3;
        json[json.length - 3] = (byte) 0x28;

        assertThrows(CorruptDataException.class, () -> codec.decode(json, SEGMENT, POSITION));
    }

    @Test
    void decode_withoutKnownSegment_reportsPositionOnly() {
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> codec.decode("{\"kind\":\"turn_end\",\"ts\":1}", (SegmentId) null, 3));

        assertEquals(3, e.position());
        assertEquals(Optional.empty(), e.segmentId());
    }

    @Test
    void decodeTrace_missingEvent_failsAsCorruptData() {
        CorruptDataException e = assertThrows(CorruptDataException.class,
                () -> codec.decodeTrace("{\"ts\":1}".getBytes(StandardCharsets.UTF_8), SEGMENT, 9));

        assertEquals(9, e.position());
        assertTrue(e.reason().contains("event"), e.reason());
    }
}
