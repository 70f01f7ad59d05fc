package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainModelTest {

    /** Expected values computed independently with Python's hashlib. */
    @Test
    void chain_isSha256OfThePreviousHashOrZerosAndTheJson() {
        byte[] line = "{\"kind\":\"turn_end\",\"ts\":1000,\"turn_count\":1}".getBytes(StandardCharsets.UTF_8);
        EntryHash first = EntryHash.chain(null, line);
        assertEquals("18c5ffb0749c1f2153eeaa10ad240278dadf72ccc4d7f6425ae2e41e200a9e91", first.hex());
        byte[] next = "{\"kind\":\"turn_end\",\"ts\":2000,\"turn_count\":2}".getBytes(StandardCharsets.UTF_8);
        assertEquals("03d09495e0954cd17ebfe6d94f28423ff1cb8a02d8569730fe8d652035978a8b",
                EntryHash.chain(first, next).hex());
    }

    @Test
    void chain_dependsOnThePredecessor() {
        byte[] line = "{}".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(EntryHash.chain(null, line), EntryHash.chain(EntryHash.chain(null, line), line));
    }

    @Test
    void bytes_roundTripTheHex() {
        EntryHash hash = EntryHash.chain(null, new byte[0]);
        assertEquals(32, hash.bytes().length);
        assertArrayEquals(hash.bytes(), EntryHash.parse(hash.hex()).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "18C5FFB0749C1F2153EEAA10AD240278DADF72CCC4D7F6425AE2E41E200A9E91",
            "18c5ffb0749c1f2153eeaa10ad240278dadf72ccc4d7f6425ae2e41e200a9e9", "../../../../etc/passwd"})
    void parse_anythingButLowercaseHex64_isRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> EntryHash.parse(text));
    }

    @Test
    void hashedEntry_prevHashWithoutHash_isRejected() {
        EntryHash hash = EntryHash.chain(null, new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new StoredEntry(new LogEntry.TurnEnd(1, 1), hash, null));
        assertEquals(false, StoredEntry.plain(new LogEntry.TurnEnd(1, 1)).isChained());
    }

    @Test
    void segmentOrigin_atEntry_keepsAtLeastTheStart() {
        SegmentId source = SegmentId.generate();
        assertThrows(IllegalArgumentException.class, () -> new SegmentOrigin(source, 0, 0L, null));
        SegmentOrigin origin = new SegmentOrigin(source, 1).withHash(EntryHash.chain(null, new byte[0]));
        assertEquals(1, origin.atTurnIndex());
        assertEquals(null, origin.atEntry());
    }

    @Test
    void cutAtEntry_keepsExactlyThatManyEntriesWithinBounds() {
        List<LogEntry> log = List.of(Fixtures.start("p"), Fixtures.userInput("a"), Fixtures.assistant("b"));
        assertEquals(log.subList(0, 2), Lineage.cutAtEntry(log, 2));
        assertEquals(log, Lineage.cutAtEntry(log, 3));
        assertThrows(IllegalArgumentException.class, () -> Lineage.cutAtEntry(log, 0));
        assertThrows(IllegalArgumentException.class, () -> Lineage.cutAtEntry(log, 4));
    }
}
