package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.spi.CorruptDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two different byte strings never read as the same log: every ill-formed UTF-8 sequence is corrupt data. */
class EntryCodecUtf8Test {

    private final EntryCodec codec = EntryCodec.standard();

    /** An extension entry whose string payload holds {@code inside} between "a" and "b". */
    private static byte[] lineWith(byte[] inside) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":\"a".getBytes(StandardCharsets.US_ASCII));
        line.writeBytes(inside);
        line.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
        return line.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "C080",       // overlong U+0000
        "C1BF",       // overlong U+007F
        "E08080",     // overlong 3-byte
        "F0808080",   // overlong 4-byte
        "EDA080",     // a surrogate (CESU-8)
        "F4908080",   // above U+10FFFF
        "FF",         // never valid
        "80",         // a lone continuation byte
        "E282",       // truncated 3-byte sequence
        "F09F98"      // truncated 4-byte sequence
    })
    void decode_illFormedUtf8_isCorruptDataAtItsByte(String hex) {
        byte[] line = lineWith(HexFormat.of().parseHex(hex));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> codec.decode(line, SEGMENT, 7));
        assertEquals(7, e.position());
        int offset = "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":\"a".length();
        assertTrue(e.reason().contains("ill-formed UTF-8 at byte " + offset), e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C280", "DFBF", "E0A080", "ED9FBF", "EE8080", "EFBFBF", "F0908080", "F48FBFBF", "E282AC"})
    void decode_wellFormedUtf8AtTheEdgesOfEachRange_decodes(String hex) {
        byte[] inside = HexFormat.of().parseHex(hex);
        LogEntry.Extension entry = (LogEntry.Extension) codec.decode(lineWith(inside), SEGMENT, 0);
        assertEquals("\"a" + new String(inside, StandardCharsets.UTF_8) + "b\"", entry.payload().text());
    }
}
