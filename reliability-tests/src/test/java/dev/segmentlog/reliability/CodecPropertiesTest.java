package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based: every random entry (random unicode, sizes, nesting; see {@link RandomEntries})
 * encodes, decodes to an equal entry, and re-encodes to the same bytes.
 */
class CodecPropertiesTest {
    private static final EntryCodec CODEC = EntryCodec.standard();
    private static final SegmentId SEGMENT = SegmentId.generate();
    private static final AtomicLong CASES = new AtomicLong();
    private static final AtomicLong LONE_SURROGATES_REFUSED = new AtomicLong();

    @Property(tries = 2000)
    void encodeDecode_isByteIdentical(@ForAll long seed) {
        LogEntry entry = new RandomEntries(seed).entry();
        byte[] first = CODEC.encode(entry);
        LogEntry decoded = CODEC.decode(first, SEGMENT, 0);
        assertEquals(entry, decoded, "seed " + seed);
        assertArrayEquals(first, CODEC.encode(decoded), "seed " + seed + ": re-encoding changed the bytes");
        CASES.incrementAndGet();
    }

    /** A Java string is not always valid unicode: a lone surrogate is refused or kept, never mangled silently. */
    @Property(tries = 500)
    void loneSurrogates_areRefusedOrRoundTrip(@ForAll long seed) {
        RandomEntries random = new RandomEntries(seed);
        String text = random.text() + (char) (0xD800 + Math.floorMod(seed, 0x800)) + random.text();
        LogEntry entry = new LogEntry.RunErrored(1, false, text);
        byte[] bytes;
        try {
            bytes = CODEC.encode(entry);
        } catch (InvalidEntryException refused) {
            LONE_SURROGATES_REFUSED.incrementAndGet();
            CASES.incrementAndGet();
            return;
        }
        assertEquals(entry, CODEC.decode(bytes, SEGMENT, 0), "seed " + seed + ": a lone surrogate was silently changed");
        CASES.incrementAndGet();
    }

    @AfterContainer
    static void figures() {
        Figures.record("CodecPropertiesTest", "round-trip cases=" + CASES.get() + " lone-surrogate entries refused="
                + LONE_SURROGATES_REFUSED.get());
    }
}
