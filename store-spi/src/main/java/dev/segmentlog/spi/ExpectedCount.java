package dev.segmentlog.spi;

/**
 * What must hold before an {@linkplain SegmentStore#append append}: any count, or exactly N
 * entries. {@code exactly(n)} is what makes concurrent-writer detection race-free: the store
 * checks the count and writes in one atomic step, and refuses with a {@link ConflictException}
 * when another writer moved the segment first.
 */
public sealed interface ExpectedCount {

    /** Append whatever the segment holds. */
    static ExpectedCount any() {
        return Any.INSTANCE;
    }

    /**
     * Append only if the segment holds exactly {@code count} entries.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    static ExpectedCount exactly(long count) {
        return new Exactly(count);
    }

    /** Whether a segment that holds {@code actual} entries may be appended to. */
    boolean matches(long actual);

    /** Any count: an unconditional append. */
    enum Any implements ExpectedCount {
        /** The only value. */
        INSTANCE;

        @Override
        public boolean matches(long actual) {
            return true;
        }

        @Override
        public String toString() {
            return "any count";
        }
    }

    /**
     * Exactly {@code count} entries.
     *
     * @param count the number of entries the segment must hold
     */
    record Exactly(long count) implements ExpectedCount {

        /** @throws IllegalArgumentException if {@code count} is negative */
        public Exactly {
            if (count < 0) {
                throw new IllegalArgumentException("expected count must not be negative: " + count);
            }
        }

        @Override
        public boolean matches(long actual) {
            return actual == count;
        }

        @Override
        public String toString() {
            return "exactly " + count;
        }
    }
}
