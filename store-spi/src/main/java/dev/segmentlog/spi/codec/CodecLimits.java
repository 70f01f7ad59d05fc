package dev.segmentlog.spi.codec;

/**
 * Limits the codec enforces on every entry it encodes or decodes, so that hostile or broken input
 * is refused with a precise error instead of exhausting memory or stack.
 *
 * @param maxEntryBytes   the largest encoded entry, in UTF-8 bytes
 * @param maxNestingDepth the deepest nesting of JSON arrays and objects
 * @param maxStringLength the longest JSON string, in characters
 */
public record CodecLimits(int maxEntryBytes, int maxNestingDepth, int maxStringLength) {

    /** 16 MiB entries, nesting 200 deep, 8 Mi-character strings. */
    public static final CodecLimits DEFAULT = new CodecLimits(16 << 20, 200, 8 << 20);

    /** @throws IllegalArgumentException if a limit is less than 1 */
    public CodecLimits {
        if (maxEntryBytes < 1 || maxNestingDepth < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("codec limits must be positive: " + maxEntryBytes + ", "
                    + maxNestingDepth + ", " + maxStringLength);
        }
    }
}
