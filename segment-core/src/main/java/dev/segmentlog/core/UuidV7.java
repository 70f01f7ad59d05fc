package dev.segmentlog.core;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Mints UUIDv7 values (RFC 9562): a 48-bit millisecond timestamp followed by random bits.
 * Values minted by one JVM are strictly increasing, even within one millisecond or when the wall
 * clock steps back: the random tail then acts as a counter on top of the last value.
 */
final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RAND_B_MASK = (1L << 62) - 1;

    private static long lastMillis = -1;
    private static long randA;
    private static long randB;

    private UuidV7() {}

    static synchronized UUID next() {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            randA = RANDOM.nextInt(1 << 12);
            randB = RANDOM.nextLong() & (RAND_B_MASK >>> 1); // top bit clear: room to count up
        } else if (randB < RAND_B_MASK) {
            randB++;
        } else if (randA < 0xFFF) {
            randA++;
            randB = 0;
        } else {
            lastMillis++;
            randA = 0;
            randB = 0;
        }
        long msb = (lastMillis << 16) | 0x7000L | randA;
        long lsb = 0x8000_0000_0000_0000L | randB;
        return new UUID(msb, lsb);
    }

    /** Parses the canonical 36-character form (hex digits in either case), nothing else. */
    static UUID parseCanonical(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (text.length() != 36) {
            throw invalid(text, what);
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                throw invalid(text, what);
            }
        }
        return UUID.fromString(text);
    }

    /** Orders UUIDs as unsigned 128-bit numbers, which for UUIDv7 is creation order. */
    static int compare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static IllegalArgumentException invalid(String text, String what) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return new IllegalArgumentException(
                "invalid " + what + " '" + shown + "': expected a UUID in canonical form "
                        + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (36 hex digits and dashes)");
    }
}
