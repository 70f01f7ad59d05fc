package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryKind;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SystemItem;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EntryCodecRoundTripTest {

    private final EntryCodec codec = EntryCodec.standard();

    static List<LogEntry> everyKind() {
        return CodecFixtures.everyKind();
    }

    static List<HistoryItem> everyHistoryItem() {
        return CodecFixtures.everyHistoryItem();
    }

    static List<InputPart> everyInputPart() {
        return CodecFixtures.everyInputPart();
    }

    static List<SystemItem> everySystemItem() {
        return CodecFixtures.everySystemItem();
    }

    static List<RequestConfig> configs() {
        return List.of(RequestConfig.DEFAULT, CodecFixtures.fullConfig(), CodecFixtures.budgetConfig());
    }

    @Test
    void fixtures_coverEveryEntryKind() {
        Set<EntryKind> covered = everyKind().stream().map(LogEntry::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EntryKind.class)));

        assertEquals(EnumSet.allOf(EntryKind.class), covered);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void encodeThenDecode_everyKind_givesAnEqualEntry(LogEntry entry) {
        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void encodeDecodeEncode_everyKind_givesTheSameBytes(LogEntry entry) {
        byte[] first = codec.encode(entry);

        assertArrayEquals(first, codec.encode(codec.decode(first, SEGMENT, 0)));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void encode_everyKind_putsKindFirstThenTs(LogEntry entry) {
        String json = codec.encodeToString(entry);

        String start = "{\"kind\":\"" + entry.wireKind() + "\"";
        // An entry of unknown kind is written as it was read: only its kind is known to come first.
        assertTrue(json.startsWith(entry instanceof LogEntry.Unknown ? start : start + ",\"ts\":" + entry.ts()), json);
    }

    @ParameterizedTest
    @MethodSource("everyHistoryItem")
    void roundTrip_everyHistoryItem_isEqual(HistoryItem item) {
        LogEntry entry = new LogEntry.AssistantItem(1, item);

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @ParameterizedTest
    @MethodSource("everyInputPart")
    void roundTrip_everyInputPart_isEqual(InputPart part) {
        LogEntry entry = new LogEntry.UserInput(1, List.of(part));

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @ParameterizedTest
    @MethodSource("everySystemItem")
    void roundTrip_everySystemItem_isEqual(SystemItem item) {
        LogEntry entry = new LogEntry.SystemItemEntry(1, item);

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void roundTrip_everyReasoningVariantAndUnknownFields_isEqual(RequestConfig config) {
        LogEntry entry = new LogEntry.ConfigChanged(1, config);

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }
}
