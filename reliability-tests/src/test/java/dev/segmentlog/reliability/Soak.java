package dev.segmentlog.reliability;

import java.time.Duration;

/**
 * The loop budget of the crash and concurrency tests: a fixed, small number of rounds in the default
 * (CI) run, or, with {@code -Dsoak=PT10M} (a {@link Duration}), as many rounds as fit in that time.
 */
final class Soak {
    private static final Duration SOAK = parse(System.getProperty("soak", ""));

    private Soak() {}

    private static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("-Dsoak=" + text + " is not a java.time.Duration such as PT10M", e);
        }
    }

    /** Whether {@code -Dreliability.stores=jsonl,s3} (default: all) selects the store kind. */
    static boolean selected(String kind) {
        String stores = System.getProperty("reliability.stores", "");
        return stores.isBlank() || java.util.Arrays.asList(stores.split(",")).contains(kind);
    }

    static boolean enabled() {
        return !SOAK.isZero() && !SOAK.isNegative();
    }

    static Duration duration() {
        return SOAK;
    }

    /** A loop budget: {@code defaultRounds} in the default run; in soak mode, until the soak time (divided among {@code shares} loops) runs out. */
    static Budget budget(int defaultRounds, int shares) {
        if (!enabled()) {
            return new Budget(defaultRounds, Long.MAX_VALUE);
        }
        long deadline = System.nanoTime() + SOAK.toNanos() / Math.max(1, shares);
        return new Budget(1_000_000, deadline);
    }

    /** At most {@code maxRounds} rounds, and none started after {@code deadlineNanos}. */
    static final class Budget {
        private final int maxRounds;
        private final long deadlineNanos;
        private int rounds;

        Budget(int maxRounds, long deadlineNanos) {
            this.maxRounds = maxRounds;
            this.deadlineNanos = deadlineNanos;
        }

        boolean nextRound() {
            if (rounds >= maxRounds || (deadlineNanos != Long.MAX_VALUE && System.nanoTime() > deadlineNanos)) {
                return false;
            }
            rounds++;
            return true;
        }

        int rounds() {
            return rounds;
        }
    }
}
