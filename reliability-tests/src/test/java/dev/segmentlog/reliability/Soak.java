package dev.segmentlog.reliability;

import java.time.Duration;
import java.util.Arrays;

/**
 * The loop budget of the crash and concurrency tests: a fixed, small number of rounds in the default
 * (CI) run; in soak mode {@code -Dsoak.rounds=1000} rounds per loop, or as many rounds as fit in
 * {@code -Dsoak=PT10M} (a {@link Duration} shared among the loops), whichever ends first when both
 * are given.
 */
final class Soak {
    private static final Duration SOAK = parseDuration(System.getProperty("soak", ""));
    private static final int ROUNDS = parseRounds(System.getProperty("soak.rounds", ""));

    private Soak() {}

    private static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("-Dsoak=" + text + " is not a java.time.Duration such as PT10M", e);
        }
    }

    private static int parseRounds(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int rounds = Integer.parseInt(text.trim());
            if (rounds < 1) {
                throw new IllegalArgumentException("-Dsoak.rounds=" + text + " must be at least 1");
            }
            return rounds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dsoak.rounds=" + text + " is not a number of rounds such as 1000", e);
        }
    }

    /**
     * Whether {@code -Dreliability.stores} (default: all) selects a store configuration: a
     * configuration {@code jsonl-fsync} is selected by {@code jsonl-fsync} or by its store {@code jsonl}.
     */
    static boolean selected(String configuration) {
        String stores = System.getProperty("reliability.stores", "");
        if (stores.isBlank()) {
            return true;
        }
        String store = configuration.split("-", 2)[0];
        return Arrays.stream(stores.split(",")).map(String::trim)
                .anyMatch(name -> name.equals(configuration) || name.equals(store));
    }

    static boolean enabled() {
        return ROUNDS > 0 || (!SOAK.isZero() && !SOAK.isNegative());
    }

    /** The soak time ({@link Duration#ZERO} when the soak is bounded by rounds only, or off). */
    static Duration duration() {
        return SOAK;
    }

    /** What this run's budget is, for the figures: {@code default}, {@code soak.rounds=1000}, {@code soak=PT10M}. */
    static String describe() {
        if (!enabled()) {
            return "default";
        }
        return (ROUNDS > 0 ? "soak.rounds=" + ROUNDS : "") + (ROUNDS > 0 && !SOAK.isZero() ? " " : "")
                + (SOAK.isZero() ? "" : "soak=" + SOAK);
    }

    /**
     * A loop budget: {@code defaultRounds} in the default run; in soak mode {@code -Dsoak.rounds}
     * rounds, and none started after the loop's share of {@code -Dsoak} ({@code 1/shares} of it).
     */
    static Budget budget(int defaultRounds, int shares) {
        if (!enabled()) {
            return new Budget(defaultRounds, Long.MAX_VALUE);
        }
        long deadline = SOAK.isZero() ? Long.MAX_VALUE : System.nanoTime() + SOAK.toNanos() / Math.max(1, shares);
        return new Budget(ROUNDS > 0 ? ROUNDS : Integer.MAX_VALUE, deadline);
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

        /** Whether another round may start (without starting it). */
        boolean hasNext() {
            return rounds < maxRounds && (deadlineNanos == Long.MAX_VALUE || System.nanoTime() <= deadlineNanos);
        }

        /** Starts the next round if the budget allows it. */
        boolean nextRound() {
            if (!hasNext()) {
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
