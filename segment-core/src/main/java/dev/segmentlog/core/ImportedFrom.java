package dev.segmentlog.core;

import java.util.Objects;

/**
 * Where an imported segment came from, as its {@code segment_start} records it ({@code imported_from}):
 * the log it was read from and what was found of that log's own hash chain. The imported segment has
 * a new chain of its own, which says nothing about the old one; this mark keeps what the old one said,
 * so that a log whose chain was broken is never passed off as intact.
 *
 * @param source       the file or name the log was read from
 * @param oldChain     what the old chain was found to be
 * @param brokenAtLine nullable: the 1-based line of the log where the old chain first broke; present
 *                     exactly when {@code oldChain} is {@link OldChain#BROKEN}
 * @param problem      nullable: what is wrong there, for a person; present exactly when broken
 * @param unknown      members this version does not know
 */
public record ImportedFrom(String source, OldChain oldChain, Long brokenAtLine, String problem,
                           UnknownFields unknown) {

    /** What the old log's hash chain was found to be when it was imported. */
    public enum OldChain {
        /** Every line hashed to its recorded hash and followed the line before it. */
        INTACT("intact"),
        /** The chain broke: a line was altered, removed or reordered after it was written. */
        BROKEN("broken"),
        /** The log had no chain (the runtime's first, unchained version). */
        NONE("none");

        private final String wireName;

        OldChain(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the wire format. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * @throws NullPointerException     if {@code source}, {@code oldChain} or {@code unknown} is null
     * @throws IllegalArgumentException if the line and problem are not given exactly for a broken
     *                                  chain, or the line is below 1
     */
    public ImportedFrom {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(oldChain, "oldChain");
        Objects.requireNonNull(unknown, "unknown");
        boolean broken = oldChain == OldChain.BROKEN;
        if (broken != (brokenAtLine != null) || broken != (problem != null)) {
            throw new IllegalArgumentException("a broken old chain names its line and problem, any other none");
        }
        if (brokenAtLine != null && brokenAtLine < 1) {
            throw new IllegalArgumentException("lines count from 1: " + brokenAtLine);
        }
    }

    /** A mark without unknown members. */
    public ImportedFrom(String source, OldChain oldChain, Long brokenAtLine, String problem) {
        this(source, oldChain, brokenAtLine, problem, UnknownFields.NONE);
    }

    /** The mark in one line, for a person: "imported from F, whose hash chain was broken at line N (…)". */
    public String describe() {
        return switch (oldChain) {
            case INTACT -> "imported from " + source + ", whose hash chain was intact";
            case NONE -> "imported from " + source + ", which had no hash chain";
            case BROKEN -> "imported from " + source + ", whose hash chain was BROKEN at line " + brokenAtLine
                    + " (" + problem + ")";
        };
    }
}
