package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.InvalidEntryException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EntryCodecDeterminismTest {

    private final EntryCodec codec = EntryCodec.standard();

    @Test
    void encode_sameEntryTwiceAndOnTwoCodecs_givesTheSameBytes() {
        for (LogEntry entry : CodecFixtures.everyKind()) {
            byte[] first = codec.encode(entry);

            assertArrayEquals(first, codec.encode(entry));
            assertArrayEquals(first, EntryCodec.standard().encode(entry));
        }
    }

    @Test
    void encode_unknownConfigFieldsInAnyInsertionOrder_givesTheSameBytes() {
        Map<String, RawJson> ab = new LinkedHashMap<>();
        ab.put("a", RawJson.of("1"));
        ab.put("b", RawJson.of("2"));
        Map<String, RawJson> ba = new LinkedHashMap<>();
        ba.put("b", RawJson.of("2"));
        ba.put("a", RawJson.of("1"));

        String json = codec.encodeToString(new LogEntry.ConfigChanged(1, config(ab)));

        assertEquals(json, codec.encodeToString(new LogEntry.ConfigChanged(1, config(ba))));
        assertEquals("{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"max_tokens\":null,\"temperature\":null,"
                + "\"top_p\":null,\"top_k\":null,\"stop_sequences\":[],\"reasoning\":null,\"a\":1,\"b\":2}}", json);
    }

    @Test
    void encode_doubles_useJavasShortestRoundTripForm() {
        RequestConfig config = new RequestConfig(null, 0.7, 1.0, null, List.of(), null, Map.of());

        String json = codec.encodeToString(new LogEntry.ConfigChanged(1, config));

        assertEquals("{\"kind\":\"config_changed\",\"ts\":1,\"config\":{\"max_tokens\":null,\"temperature\":0.7,"
                + "\"top_p\":1.0,\"top_k\":null,\"stop_sequences\":[],\"reasoning\":null}}", json);
    }

    @Test
    void encode_nonAsciiText_isWrittenAsUtf8WithoutEscapes() {
        LogEntry entry = new LogEntry.RunErrored(1, false, "é 😀 \u0001 \"q\" a/b");

        String json = codec.encodeToString(entry);

        assertEquals("{\"kind\":\"run_errored\",\"ts\":1,\"interrupted\":false,"
                + "\"message\":\"é 😀 \\u0001 \\\"q\\\" a/b\"}", json);
        assertEquals(entry, codec.decode(json, SEGMENT, 0));
    }

    @Test
    void decodeThenEncode_canonicalOpaqueJsonWithNonAscii_isByteIdentical() {
        String line = "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":{\"t\":\"é😀\\n\",\"n\":1.50E+3}}";

        assertEquals(line, codec.encodeToString(codec.decode(line, SEGMENT, 0)));
    }

    @Test
    void encodeAndDecode_fromManyThreads_giveTheSameResults() {
        List<LogEntry> entries = CodecFixtures.everyKind();
        List<byte[]> expected = entries.stream().map(codec::encode).toList();

        IntStream.range(0, 2_000).parallel().forEach(i -> {
            int k = i % entries.size();
            byte[] bytes = codec.encode(entries.get(k));
            assertArrayEquals(expected.get(k), bytes);
            assertEquals(entries.get(k), codec.decode(bytes, SEGMENT, i));
        });
    }

    @Test
    void trace_roundTripsWithTsAndEvent() {
        TraceEntry trace = new TraceEntry(42, RawJson.of("{\"request\":{\"model\":\"m\"},\"ms\":12}"));

        byte[] bytes = codec.encodeTrace(trace);

        assertEquals("{\"ts\":42,\"event\":{\"request\":{\"model\":\"m\"},\"ms\":12}}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(trace, codec.decodeTrace(bytes, SEGMENT, 0));
    }

    @Test
    void encodeTrace_invalidEvent_isRefused() {
        assertThrows(InvalidEntryException.class, () -> codec.encodeTrace(new TraceEntry(1, RawJson.of("{x"))));
    }

    @Test
    void canonicalJson_removesWhitespaceAndKeepsKeyOrderAndNumberText() {
        assertEquals(RawJson.of("{\"b\":[1,2.50,-0,1e400],\"a\":{\"s\":\"A/é\"}}"),
                codec.canonicalJson(" {\n \"b\" : [ 1, 2.50, -0, 1e400 ],\t\"a\" : { \"s\" : \"\\u0041/é\" } } "));
    }

    @Test
    void canonicalJson_ofCanonicalText_isTheSameText() {
        String canonical = "{\"x\":[true,false,null,\"\\\"\"],\"y\":0.1}";

        assertEquals(canonical, codec.canonicalJson(canonical).text());
    }

    @Test
    void canonicalJson_scalar_isAccepted() {
        assertEquals(RawJson.of("\"s\""), codec.canonicalJson(" \"s\" "));
        assertEquals(RawJson.NULL, codec.canonicalJson("null"));
    }

    @Test
    void canonicalJson_invalid_isRefusedWithIllegalArgument() {
        for (String bad : List.of("", "{", "{} {}", "[1] x", "{\"a\":1,\"a\":2}", "tru", "'s'")) {
            assertThrows(IllegalArgumentException.class, () -> codec.canonicalJson(bad), bad);
        }
    }

    private static RequestConfig config(Map<String, RawJson> unknown) {
        return new RequestConfig(null, null, null, null, List.of(), null, unknown);
    }
}
