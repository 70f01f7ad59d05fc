package dev.segmentlog.spi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.spi.InvalidEntryException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing is written that would not read back as the same entry. */
class EntryCodecEncodeValidationTest {

    private final EntryCodec codec = EntryCodec.standard();

    private InvalidEntryException refused(LogEntry entry) {
        return assertThrows(InvalidEntryException.class, () -> codec.encode(entry));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "1 2", "{\"a\":1,\"a\":2}", "[1,]", "{\"a\":1", "'x'", "NaN"})
    void encode_invalidOpaqueJson_isRefusedNamingTheField(String payload) {
        InvalidEntryException e = refused(new LogEntry.Extension(1, "d", RawJson.of(payload)));

        assertEquals("extension", e.kind());
        assertTrue(e.getMessage().contains("payload"), e.getMessage());
    }

    @Test
    void encode_invalidRunOutcome_isRefused() {
        assertEquals("run_outcome", refused(new LogEntry.RunOutcome(1, RawJson.of("{"), false)).kind());
    }

    @Test
    void encode_invalidUnknownConfigField_isRefused() {
        RequestConfig config = new RequestConfig(null, null, null, null, List.of(), null,
                Map.of("extra", RawJson.of("[")));

        assertTrue(refused(new LogEntry.ConfigChanged(1, config)).getMessage().contains("config.extra"));
    }

    @Test
    void encode_unknownConfigFieldWithAKnownName_isRefused() {
        RequestConfig config = new RequestConfig(null, null, null, null, List.of(), null,
                Map.of("max_tokens", RawJson.of("5")));

        assertTrue(refused(new LogEntry.ConfigChanged(1, config)).getMessage().contains("max_tokens"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "{\"kind\":\"other\"}", "{\"no_kind\":1}", "{\"kind\":7}"})
    void encode_unknownInputPartWhoseOriginalDoesNotMatch_isRefused(String original) {
        LogEntry entry = new LogEntry.UserInput(1, List.of(new InputPart.Unknown("sticker", RawJson.of(original))));

        refused(entry);
    }

    @Test
    void encode_unknownInputPartWithAKnownKind_isRefused() {
        LogEntry entry = new LogEntry.UserInput(1, List.of(
                new InputPart.Unknown("text", RawJson.of("{\"kind\":\"text\",\"content\":\"x\"}"))));

        refused(entry);
    }

    @Test
    void encode_unknownSystemItemWhoseBodyDiffers_isRefused() {
        LogEntry entry = new LogEntry.SystemItemEntry(1,
                new SystemItem.Unknown("alarm", "wake up", RawJson.of("{\"kind\":\"alarm\",\"body\":\"sleep\"}")));

        assertTrue(refused(entry).getMessage().contains("body"));
    }

    @Test
    void encode_unknownSystemItemWithAKnownKind_isRefused() {
        LogEntry entry = new LogEntry.SystemItemEntry(1, new SystemItem.Unknown("notification", "b",
                RawJson.of("{\"kind\":\"notification\",\"body\":\"b\"}")));

        refused(entry);
    }

    @Test
    void encode_opaqueJsonWithWhitespace_isWrittenCompact() {
        LogEntry entry = new LogEntry.Extension(1, "d", RawJson.of(" { \"b\" : [ 1 , 2.50 ] ,\n \"a\" : \"\\u0041\" } "));

        assertEquals("{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":{\"b\":[1,2.50],\"a\":\"A\"}}",
                codec.encodeToString(entry));
    }
}
