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

    int size() {
        return n;
    }
}
