package dev.segmentlog.spi.codec;

import static dev.segmentlog.spi.codec.CodecFixtures.SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Chain fields are read wherever they stand, and never from a nested object or a string. */
class EntryCodecChainFieldsTest {
    private static final String H1 = "1".repeat(64);
    private static final String H2 = "2".repeat(64);

    private final EntryCodec codec = EntryCodec.standard();

    private StoredEntry decode(String line) {
        return codec.decodeHashed(line.getBytes(StandardCharsets.UTF_8), SEGMENT, 3);
    }

    @Test
    void encodedChainedEntry_decodesToItself() {
        StoredEntry stored = new StoredEntry(new LogEntry.TurnEnd(5, 2), EntryHash.parse(H1), EntryHash.parse(H2));
        assertEquals(stored, codec.decodeHashed(codec.encode(stored), SEGMENT, 0));
    }

    @Test
    void firstEntryWithoutPrevHash_decodesWithNullPrevHash() {
        StoredEntry stored = decode("{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2,\"hash\":\"" + H2 + "\"}");
        assertNull(stored.prevHash());
        assertEquals(EntryHash.parse(H2), stored.hash());
    }

    @Test
    void chainFieldsWrittenFirst_asOlderLogsDid_areRead() {
        StoredEntry stored = decode("{\"prev_hash\":\"" + H1 + "\",\"hash\":\"" + H2
                + "\",\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2}");
        assertEquals(new StoredEntry(new LogEntry.TurnEnd(5, 2), EntryHash.parse(H1), EntryHash.parse(H2)), stored);
    }

    @Test
    void prevHashFirstAndHashLast_bothAreRead() {
        StoredEntry stored = decode("{\"prev_hash\":\"" + H1 + "\",\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2,"
                + "\"hash\":\"" + H2 + "\"}");
        assertEquals(EntryHash.parse(H1), stored.prevHash());
    }

    @Test
    void nullPrevHash_isReadAsNone() {
        StoredEntry stored = decode("{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2,\"prev_hash\":null,\"hash\":\"" + H2 + "\"}");
        assertNull(stored.prevHash());
        assertEquals(EntryHash.parse(H2), stored.hash());
    }

    @Test
    void hashMemberOfANestedPayload_isNotAChainField() {
        StoredEntry stored = decode("{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":{\"hash\":\"" + H2 + "\"}}");
        assertNull(stored.hash());
        assertEquals(new RawJson("{\"hash\":\"" + H2 + "\"}"), ((LogEntry.Extension) stored.entry()).payload());
    }

    @Test
    void hashFieldThatIsNotHex_isCorruptData() {
        assertThrows(CorruptDataException.class,
                () -> decode("{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2,\"hash\":\"" + "X".repeat(64) + "\"}"));
    }

    @Test
    void prevHashWithoutHash_isCorruptData() {
        assertThrows(CorruptDataException.class,
                () -> decode("{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":2,\"prev_hash\":\"" + H1 + "\"}"));
    }
}
