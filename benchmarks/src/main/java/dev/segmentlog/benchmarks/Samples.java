package dev.segmentlog.benchmarks;

import java.util.Arrays;

/** Wall-clock samples of a directly measured operation (the figures JMH cannot host). */
final class Samples {
    private final long[] nanos;
    private int n;

    Samples(int capacity) {
        nanos = new long[capacity];
    }

    void add(long elapsedNanos) {
        nanos[n++] = elapsedNanos;
    }

    private long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, n);
        Arrays.sort(copy);
        return copy;
    }

    /** A percentile in microseconds. */
    double percentileMicros(double p) {
        long[] s = sorted();
        int i = (int) Math.min(s.length - 1, Math.max(0, Math.round(p / 100.0 * (s.length - 1))));
        return s[i] / 1000.0;
    }

    double medianMicros() {
        return percentileMicros(50);
    }

    /**
     * The median in microseconds with its error: half the width of the distribution-free 95% confidence
     * interval of a median (the order statistics {@code n/2 ± 0.98·√n}, clipped to the samples), so a
     * ratio of two medians carries an error as a JMH score does.
     */
    Figure.Value median() {
        long[] s = sorted();
        double spread = 0.98 * Math.sqrt(s.length);
        int low = (int) Math.max(0, Math.floor(s.length / 2.0 - spread) - 1);
        int high = (int) Math.min(s.length - 1, Math.ceil(s.length / 2.0 + spread));
        return Figure.value(medianMicros(), (s[high] - s[low]) / 2000.0, "µs");
    }

    int size() {
        return n;
    }
}
