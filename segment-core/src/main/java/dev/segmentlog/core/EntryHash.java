package dev.segmentlog.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 link of a chained segment: {@code hash = SHA-256(previous hash, or 32 zero bytes for
 * the first entry ‖ canonical JSON of the entry)}, written as 64 lowercase hex digits: the rule of
 * the original runtime's hash-chained session log, applied here to the codec's canonical line (the
 * importer applies it to that log's own bytes to verify an old chain).
 *
 * @param hex the hash as 64 lowercase hex digits
 */
public record EntryHash(String hex) {
    private static final HexFormat HEX_FORMAT = HexFormat.of();
    private static final byte[] GENESIS = new byte[32];

    /**
     * @throws NullPointerException     if {@code hex} is null
     * @throws IllegalArgumentException if it is not 64 lowercase hex digits
     */
    public EntryHash {
        Objects.requireNonNull(hex, "hex");
        if (!isLowercaseHex64(hex)) {
            String shown = hex.length() > 80 ? hex.substring(0, 80) + "…" : hex;
            throw new IllegalArgumentException("invalid entry hash '" + shown + "': expected 64 lowercase hex digits");
        }
    }

    /** Same as the constructor. @throws IllegalArgumentException if not 64 lowercase hex digits */
    public static EntryHash parse(String hex) {
        return new EntryHash(hex);
    }

    /**
     * The hash of an entry whose canonical JSON is {@code canonicalJson}, chained after {@code previous}.
     *
     * @param previous      nullable: null for the first entry of a segment
     * @param canonicalJson the entry's canonical JSON bytes, without hash fields
     * @throws NullPointerException if {@code canonicalJson} is null
     */
    public static EntryHash chain(EntryHash previous, byte[] canonicalJson) {
        Objects.requireNonNull(canonicalJson, "canonicalJson");
        MessageDigest sha256 = sha256();
        sha256.update(previous == null ? GENESIS : previous.bytes());
        sha256.update(canonicalJson);
        return new EntryHash(HEX_FORMAT.formatHex(sha256.digest()));
    }

    /** The 32 bytes of the hash. */
    public byte[] bytes() {
        return HEX_FORMAT.parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    private static boolean isLowercaseHex64(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
