package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.codec.CodecLimits;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fuzz pass over the decoder: random bytes, mutated valid lines (bit flips, byte edits, cuts,
 * splices, duplicated fields), and hostile shapes (deep nesting, huge strings and numbers, unknown
 * kinds). Each input must give either an entry or a {@link CorruptDataException} naming the segment and
 * position, never another exception, within a time bound; an entry that decodes must encode again and
 * decode to itself (what is read can be copied). Small limits make the limit paths reachable.
 */
class DecoderFuzzTest {
    private static final SegmentId SEGMENT = SegmentId.generate();
    private static final String PUNCTUATION = "{}[]\":,\\0-e.tnu\u0000\n ";
    private static final CodecLimits SMALL = new CodecLimits(64 * 1024, 24, 8 * 1024);

    /**
     * Every random or mutated line decodes to an entry or is refused as corrupt data with its position;
     * every decoded entry encodes again (what can be read can be copied) and round-trips byte-identically.
     */
    @Test
    @Timeout(120)
    void decoder_givesAnEntryThatEncodesAgainOrCorruptData_forRandomAndMutatedLines() {
        fuzz();
    }

    private void fuzz() {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        RandomEntries entries = new RandomEntries(seed);
        EntryCodec standard = EntryCodec.standard();
        EntryCodec small = EntryCodec.withLimits(SMALL);
        int cases = Soak.enabled() ? 50_000 : 6000;
        long decoded = 0;
        long rejected = 0;
        long slowestNanos = 0;
        for (int i = 0; i < cases; i++) {
            byte[] input = input(random, entries, standard);
            EntryCodec codec = random.nextBoolean() ? standard : small;
            long position = random.nextInt(1_000_000);
            long start = System.nanoTime();
            try {
                LogEntry entry = codec.decode(input, SEGMENT, position);
                decoded++;
                byte[] again;
                try {
                    again = codec.encode(entry);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + " case " + i + ": decoded but cannot be encoded again ("
                            + e + "): " + show(input), e);
                }
                assertEquals(entry, codec.decode(again, SEGMENT, 0), "seed " + seed + " case " + i + ": " + show(input));
                assertArrayEquals(again, codec.encode(codec.decode(again, SEGMENT, 0)), "seed " + seed + " case " + i);
            } catch (CorruptDataException e) {
                rejected++;
                assertEquals(position, e.position(), "seed " + seed + " case " + i + ": position");
                assertEquals(SEGMENT, e.segmentId().orElse(null), "seed " + seed + " case " + i + ": segment");
                assertTrue(e.getMessage().contains(Long.toString(position)), e.getMessage());
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail("seed " + seed + " case " + i + ": " + e.getClass().getName() + " instead of CorruptDataException for "
                        + show(input), e);
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
        }
        assertTrue(slowestNanos < 5_000_000_000L, "seed " + seed + ": one decode took " + slowestNanos / 1_000_000 + " ms");
        Figures.record("DecoderFuzzTest", "seed=" + seed + " fuzz cases=" + cases + " decoded=" + decoded
                + " rejected as CorruptDataException with position=" + rejected + " other exceptions=0 slowest decode="
                + slowestNanos / 1_000_000 + " ms");
    }

    private static byte[] input(Random random, RandomEntries entries, EntryCodec codec) {
        switch (random.nextInt(10)) {
            case 0: { // random bytes
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1: return hostile(random).getBytes(StandardCharsets.UTF_8);
            default: { // a valid line, mutated
                byte[] line = codec.encode(entries.entry());
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    line = mutate(random, line);
                }
                return line;
            }
        }
    }

    private static byte[] mutate(Random random, byte[] line) {
        if (line.length == 0) {
            return new byte[] {'{'};
        }
        int at = random.nextInt(line.length);
        switch (random.nextInt(7)) {
            case 0: line[at] ^= (byte) (1 << random.nextInt(8)); return line;
            case 1: line[at] = (byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())); return line;
            case 2: return Arrays.copyOf(line, at); // a torn line
            case 3: { // delete a range
                int end = Math.min(line.length, at + 1 + random.nextInt(20));
                byte[] out = new byte[line.length - (end - at)];
                System.arraycopy(line, 0, out, 0, at);
                System.arraycopy(line, end, out, at, line.length - end);
                return out;
            }
            case 4: { // duplicate a range (duplicate keys, repeated values)
                int end = Math.min(line.length, at + 1 + random.nextInt(40));
                byte[] out = new byte[line.length + (end - at)];
                System.arraycopy(line, 0, out, 0, end);
                System.arraycopy(line, at, out, end, line.length - at);
                return out;
            }
            case 5: { // change the kind
                String text = new String(line, StandardCharsets.UTF_8);
                String[] kinds = {"bogus", "segment_start", "user_input", "turn_end", "cache_locked", "system_items",
                        "", "SEGMENT_START", "extension"};
                return text.replaceFirst("\"kind\":\"[a-z_]*\"", "\"kind\":\"" + kinds[random.nextInt(kinds.length)] + "\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default: { // insert random bytes
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                byte[] out = new byte[line.length + noise.length];
                System.arraycopy(line, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(line, at, out, at + noise.length, line.length - at);
                return out;
            }
        }
    }

    private static String hostile(Random random) {
        int n = 1 + random.nextInt(200_000);
        switch (random.nextInt(9)) {
            case 0: return "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":" + "[".repeat(n) + "]".repeat(n) + "}";
            case 1: return "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":" + "{\"a\":".repeat(n) + "1" + "}".repeat(n) + "}";
            case 2: return "{\"kind\":\"run_errored\",\"ts\":1,\"interrupted\":false,\"message\":\"" + "x".repeat(n) + "\"}";
            case 3: return "{\"kind\":\"turn_end\",\"ts\":" + "9".repeat(1 + n % 5000) + ",\"turn_count\":1}";
            case 4: return "{\"kind\":\"turn_end\",\"ts\":1,\"turn_count\":1e" + n + "}";
            case 5: return "{\"kind\":\"segment_start\",\"ts\":1,\"session_id\":\"../../../etc/passwd\",\"config\":{},\"history\":[]}";
            case 6: return "{\"kind\":\"bogus_" + n + "\",\"ts\":1}";
            case 7: return "{\"kind\":\"extension\",\"ts\":1,\"domain\":\"d\",\"payload\":{" + "\"k\":1,".repeat(Math.min(n, 5000)) + "\"k\":2}}";
            default: return "{\"kind\":\"turn_end\",\"ts\":-1,\"turn_count\":-5}";
        }
    }

    private static String show(byte[] input) {
        String text = new String(input, 0, Math.min(input.length, 300), StandardCharsets.UTF_8);
        return "'" + text + (input.length > 300 ? "…' (" + input.length + " bytes)" : "'");
    }
}
