package dev.segmentlog.integration.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The harness of the chat-memory benchmarks: a framework's own persistence (the baseline) against
 * its segmentlog integration, both on a SQLite file, both under the framework's window memory
 * large enough to keep the whole conversation, on the same conversation of {@link Turn}s (four
 * messages, about 1 KB, a turn).
 *
 * <p>For each conversation length, each round stores the conversation but its last ten turns in
 * one save, then adds those ten turns a message at a time: <b>per-turn persist</b> is the time spent
 * in the persistence during them (reads and saves; the window's own work is left out, being the same
 * for both), per turn. <b>Restore</b> is what a new process does: open the file (connections, schema
 * check) and read the whole conversation; <b>bytes</b> are the files' sizes after closing. The two
 * contenders take turns going first, round after round, so that a drift of the machine weighs on both
 * alike.
 *
 * <p>Each figure is the mean of the rounds ± the half-width of its 99.9% confidence interval
 * (Student's t, as JMH reports); a ratio is segmentlog / baseline of the means, its error the
 * relative errors added in quadrature. The growth of a contender is its per-turn persist at the
 * longest conversation over that at the shortest. Absolute times depend on the machine; read the
 * ratios, and the load average printed before and after the run.
 *
 * <p>Arguments: {@code --rounds N} (default 10, at least 2), {@code --warmup N} (rounds at 100 turns
 * before measuring, default 2), {@code --turns 10,100,1000} (the lengths).
 */
public final class PerTurnBenchmark {
    private static final int TIMED_TURNS = 10;
    private static final int MESSAGES_PER_TURN = 4;
    /** Student's t for a two-sided 99.9% interval, by degrees of freedom 1 to 30 (index 0 is unused). */
    private static final double[] T_999 = {Double.NaN, 636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041,
        4.781, 4.587, 4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768,
        3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646};

    /**
     * A contender open on one file: the framework's window memory on its persistence, with the time
     * spent in the persistence counted by a {@link Stopwatch}.
     */
    public interface Backend extends AutoCloseable {

        /** Stores turns 1 to {@code count} in one save (not timed); none when {@code count} is 0. */
        void seed(int count);

        /**
         * Adds the messages of turn {@code n} one at a time to the window memory.
         *
         * @return the nanoseconds spent in the persistence meanwhile
         */
        long addTurn(int n);

        /** Reads the whole conversation back. @return how many messages it holds */
        int restore();

        /** Closes what the backend opened. */
        @Override
        void close() throws Exception;
    }

    /** Adds up the time spent in the calls made through it: a backend's persistence calls. */
    public static final class Stopwatch {
        private long nanos;

        /** Calls {@code call}, adding its time. @return what it returned */
        public <T> T call(Supplier<T> call) {
            long start = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        /** Runs {@code call}, adding its time. */
        public void run(Runnable call) {
            call(() -> {
                call.run();
                return null;
            });
        }

        /** The time spent in the calls so far, in nanoseconds. */
        public long nanos() {
            return nanos;
        }
    }

    /**
     * A contender of the benchmark.
     *
     * @param name what the table calls it
     * @param open opens it on a SQLite file (which may not exist yet)
     */
    public record Contender(String name, Function<Path, Backend> open) {}

    private PerTurnBenchmark() {}

    /**
     * Runs the benchmark of {@code segmentlog} against {@code baseline} and prints its tables.
     *
     * @param title what is measured, printed first
     * @param args  the command line's arguments (see the class documentation)
     * @throws IllegalArgumentException if an argument is not understood
     */
    public static void run(String title, Contender baseline, Contender segmentlog, String[] args) {
        int rounds = 10;
        int warmup = 2;
        int[] lengths = {10, 100, 1000};
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--turns" -> lengths = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + ": use --rounds N, --warmup N, --turns A,B,...");
            }
        }
        if (args.length % 2 != 0 || rounds < 2 || Arrays.stream(lengths).anyMatch(length -> length < TIMED_TURNS)) {
            throw new IllegalArgumentException("usage: [--rounds N (>= 2)] [--warmup N] [--turns A,B,... (each >= "
                    + TIMED_TURNS + ")]: " + String.join(" ", args));
        }
        List<Contender> contenders = List.of(baseline, segmentlog);
        System.out.printf(Locale.ROOT, "%s%n%s, %d processors, load average %.2f; %d rounds after %d warm-up rounds%n%n",
                title, System.getProperty("java.vm.name") + " " + Runtime.version(),
                Runtime.getRuntime().availableProcessors(), loadAverage(), rounds, warmup);
        for (int round = 0; round < warmup; round++) {
            for (Contender contender : contenders) {
                measure(contender, 100);
            }
        }
        List<Figures> results = new ArrayList<>();
        for (int length : lengths) {
            Figures[] figures = {new Figures(baseline, length, rounds), new Figures(segmentlog, length, rounds)};
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    Figures next = figures[(round + k) % 2];
                    next.add(measure(next.contender, length));
                }
            }
            results.addAll(List.of(figures));
        }
        print(results, baseline, segmentlog, lengths);
        System.out.printf(Locale.ROOT, "%nload average after the run: %.2f%n", loadAverage());
    }

    private static void print(List<Figures> results, Contender baseline, Contender segmentlog, int[] lengths) {
        System.out.println("| persistence | turns | per-turn persist (ms) | restore (ms) | bytes on disk |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Figures figures : results) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %,d |%n", figures.contender.name(), figures.length,
                    figures.persist.show(), figures.restore.show(), figures.bytes);
        }
        System.out.printf("%n| turns | per-turn persist, segmentlog / baseline | restore, segmentlog / baseline |%n");
        System.out.println("|---:|---:|---:|");
        for (int length : lengths) {
            Figures ours = find(results, segmentlog, length);
            Figures theirs = find(results, baseline, length);
            System.out.printf(Locale.ROOT, "| %,d | %s | %s |%n", length,
                    ratio(ours.persist, theirs.persist), ratio(ours.restore, theirs.restore));
        }
        if (lengths.length < 2) {
            return;
        }
        int first = lengths[0];
        int last = lengths[lengths.length - 1];
        System.out.printf(Locale.ROOT, "%n| persistence | per-turn persist at %,d turns / at %,d turns |%n", last, first);
        System.out.println("|---|---:|");
        for (Contender contender : List.of(baseline, segmentlog)) {
            System.out.printf(Locale.ROOT, "| %s | %s |%n", contender.name(),
                    ratio(find(results, contender, last).persist, find(results, contender, first).persist));
        }
    }

    private static Figures find(List<Figures> results, Contender contender, int length) {
        return results.stream().filter(figures -> figures.contender == contender && figures.length == length)
                .findFirst().orElseThrow();
    }

    /** One round of {@code contender} at {@code length} turns, in a directory of its own. */
    private static Measured measure(Contender contender, int length) {
        Path dir;
        try {
            dir = Files.createTempDirectory("chat-memory-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return measure(contender, length, dir);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(contender.name() + " failed to close at " + length + " turns", e);
        } finally {
            delete(dir);
        }
    }

    private static Measured measure(Contender contender, int length, Path dir) throws Exception {
        Path file = dir.resolve("chat.db");
        System.gc(); // so that the previous round's garbage is not collected during this one
        long persist = 0;
        try (Backend backend = contender.open().apply(file)) {
            backend.seed(length - TIMED_TURNS);
            for (int n = length - TIMED_TURNS + 1; n <= length; n++) {
                persist += backend.addTurn(n);
            }
        }
        long restore;
        long start = System.nanoTime();
        try (Backend backend = contender.open().apply(file)) {
            int read = backend.restore();
            restore = System.nanoTime() - start;
            if (read != length * MESSAGES_PER_TURN) {
                throw new IllegalStateException(contender.name() + " restored " + read + " messages, expected "
                        + length * MESSAGES_PER_TURN);
            }
        }
        return new Measured(persist / 1e6 / TIMED_TURNS, restore / 1e6, sizeOf(dir));
    }

    /** What one round measured: per-turn persist and restore in milliseconds, bytes on disk. */
    private record Measured(double persistMillis, double restoreMillis, long bytes) {}

    /** The rounds of one contender at one length. */
    private static final class Figures {
        final Contender contender;
        final int length;
        final Sample persist;
        final Sample restore;
        long bytes;

        Figures(Contender contender, int length, int rounds) {
            this.contender = contender;
            this.length = length;
            this.persist = new Sample(rounds);
            this.restore = new Sample(rounds);
        }

        void add(Measured measured) {
            persist.add(measured.persistMillis());
            restore.add(measured.restoreMillis());
            bytes = measured.bytes();
        }
    }

    /** Values of one figure, one per round. */
    private static final class Sample {
        private final double[] values;
        private int count;

        Sample(int rounds) {
            values = new double[rounds];
        }

        void add(double value) {
            values[count++] = value;
        }

        double mean() {
            return Arrays.stream(values, 0, count).average().orElseThrow();
        }

        /** The half-width of the 99.9% confidence interval of the mean. */
        double error() {
            double mean = mean();
            double squares = Arrays.stream(values, 0, count).map(value -> (value - mean) * (value - mean)).sum();
            return T_999[Math.min(count - 1, T_999.length - 1)] * Math.sqrt(squares / (count - 1) / count);
        }

        String show() {
            return format(mean()) + " ± " + format(error());
        }
    }

    /** {@code ours / theirs} of the means, with the relative errors added in quadrature. */
    private static String ratio(Sample ours, Sample theirs) {
        double ratio = ours.mean() / theirs.mean();
        double relative = Math.hypot(ours.error() / ours.mean(), theirs.error() / theirs.mean());
        return format(ratio) + "× ± " + format(ratio * relative);
    }

    /** Three significant digits below 100, whole numbers above. */
    private static String format(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
