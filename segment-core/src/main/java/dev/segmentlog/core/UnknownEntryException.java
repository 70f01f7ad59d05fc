package dev.segmentlog.core;

/**
 * {@link Replay} met an entry it cannot fold without guessing: an entry of a kind no known version
 * writes, or a known entry that holds a history item of unknown kind or a system item of unknown
 * kind without a body. Skipping it could restore a wrong state, so replay fails closed unless it
 * was created with {@link Replay.OnUnknown#SKIP}.
 */
public final class UnknownEntryException extends IllegalArgumentException {
    private final String kind;
    private final long position;

    /**
     * @param kind     the entry's {@code kind} tag
     * @param position the entry's position in the replayed log, from 0
     * @param what     what is not understood, in words
     */
    public UnknownEntryException(String kind, long position, String what) {
        super("cannot replay entry " + position + " (kind '" + kind + "'): " + what
                + "; skipping it could restore a wrong state, so replay stops here"
                + " (replay with Replay.OnUnknown.SKIP to skip such entries and count them)");
        this.kind = kind;
        this.position = position;
    }

    /** The entry's {@code kind} tag. */
    public String kind() {
        return kind;
    }

    /** The entry's position in the replayed log, from 0. */
    public long position() {
        return position;
    }
}
