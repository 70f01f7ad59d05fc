package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Size, nesting and string limits hold both ways: what the encoder writes, the decoder reads back. */
class EntryCodecLimitsTest {

    private static final int MAX_BYTES = 200;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_STRING = 50;

    private final EntryCodec codec = EntryCodec.withLimits(new CodecLimits(MAX_BYTES, MAX_DEPTH, MAX_STRING));

    private static LogEntry.Extension extension(String payload) {
        return new LogEntry.Extension(1, "d", RawJson.of(payload));
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private static String repeatedJsonStrings(int count, int length) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append('"').append("x".repeat(length)).append('"');
        }
        return json.append(']').toString();
    }

    private CorruptDataException corrupt(String json) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> codec.decode(json, SEGMENT, 12));
        assertEquals(12, e.position());
        return e;
    }

    @Test
    void encode_entryOverTheSizeLimit_isRefused() {
        LogEntry entry = new LogEntry.ToolResults(1,
                Collections.nCopies(10, new HistoryItem.ToolResult("c", "y".repeat(30), null, false)));

        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> codec.encode(entry));

        assertEquals("tool_results", e.kind());
        assertTrue(e.getMessage().contains("over the limit of " + MAX_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void encode_payloadAloneOverTheSizeLimit_isRefused() {
        InvalidEntryException e = assertThrows(InvalidEntryException.class,
                () -> codec.encode(extension(repeatedJsonStrings(10, 40))));

        assertTrue(e.getMessage().contains("payload"), e.getMessage());
    }

    @Test
    void decode_entryOverTheSizeLimit_isCorrupt() {
        String json = "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":" + repeatedJsonStrings(10, 40) + "}";

        assertTrue(corrupt(json).reason().contains("over the limit"));
    }

    @Test
    void encodeThenDecode_entryAtTheDepthLimit_works() {
        LogEntry entry = extension(nested(MAX_DEPTH - 1)); // the entry object is one level

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @Test
    void encode_payloadNestedTooDeep_isRefused() {
        assertThrows(InvalidEntryException.class, () -> codec.encode(extension(nested(MAX_DEPTH))));
    }

    @Test
    void encode_podEventThatIsOnlyTooDeepInsideTheEntry_isRefused() {
        // Alone the event nests 3 deep (within the limit); inside entry and item it would be 5.
        LogEntry entry = new LogEntry.SystemItemEntry(1, new SystemItem.PodEvent(RawJson.of(nested(3)), "b"));

        assertThrows(InvalidEntryException.class, () -> codec.encode(entry));
    }

    @Test
    void decode_entryNestedTooDeep_isCorrupt() {
        String json = "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":" + nested(MAX_DEPTH) + "}";

        assertTrue(corrupt(json).reason().contains("over the codec limits"));
    }

    @Test
    void encode_stringOverTheLengthLimit_isRefused() {
        LogEntry entry = new LogEntry.AssistantItem(1, HistoryItem.assistant("y".repeat(MAX_STRING + 1)));

        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> codec.encode(entry));

        assertTrue(e.getMessage().contains("text"), e.getMessage());
    }

    @Test
    void encode_stringAtTheLengthLimit_roundTrips() {
        LogEntry entry = new LogEntry.RunErrored(1, false, "y".repeat(MAX_STRING));

        assertEquals(entry, codec.decode(codec.encode(entry), SEGMENT, 0));
    }

    @Test
    void encode_opaqueStringOverTheLengthLimit_isRefused() {
        assertThrows(InvalidEntryException.class,
                () -> codec.encode(extension("\"" + "z".repeat(MAX_STRING + 1) + "\"")));
    }

    @Test
    void decode_stringOverTheLengthLimit_isCorrupt() {
        String json = "{\"kind\":\"run_errored\",\"ts\":1,\"interrupted\":false,\"message\":\""
                + "y".repeat(MAX_STRING + 1) + "\"}";

        assertTrue(corrupt(json).reason().contains("over the codec limits"));
    }

    @Test
    void encodeTrace_overTheSizeLimit_isRefused() {
        TraceEntry trace = new TraceEntry(1, RawJson.of(repeatedJsonStrings(10, 40)));

        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> codec.encodeTrace(trace));

        assertEquals("trace", e.kind());
    }

    @Test
    void decodeTrace_overTheSizeLimit_isCorrupt() {
        byte[] json = ("{\"ts\":1,\"event\":" + repeatedJsonStrings(10, 40) + "}").getBytes(StandardCharsets.UTF_8);

        assertThrows(CorruptDataException.class, () -> codec.decodeTrace(json, SEGMENT, 0));
    }

    @Test
    void canonicalJson_tooDeep_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.canonicalJson(nested(MAX_DEPTH + 1)));
    }

    @Test
    void limits_areTheOnesGiven() {
        assertEquals(new CodecLimits(MAX_BYTES, MAX_DEPTH, MAX_STRING), codec.limits());
        assertEquals(CodecLimits.DEFAULT, EntryCodec.standard().limits());
    }
}
