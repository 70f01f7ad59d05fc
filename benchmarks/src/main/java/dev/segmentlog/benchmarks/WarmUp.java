package dev.segmentlog.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Runs the benchmark method of a trial for a while in its setup, before JMH's own warm-up iterations, for
 * the PostgreSQL figures: their store side runs through Jdbi, HikariCP and the codec, much more code to
 * compile than the raw JDBC side, and on the shared 2-core machine the quick profile's two 1 s warm-up
 * iterations did not reach a steady state (a first run's iterations kept falling through the measurement,
 * the store's count from 7 ms to 0.87 ms, the raw count from 0.6 to 0.08 ms). Whatever the method, store or
 * raw, it gets the same time.
 */
final class WarmUp {
    /** How long the method runs before JMH's warm-up starts. */
    static final Duration TIME = Duration.ofSeconds(5);

    private WarmUp() {}

    /** Calls {@code params}' benchmark method of {@code benchmark} repeatedly for {@link #TIME}. */
    static void run(Object benchmark, BenchmarkParams params) {
        String name = params.getBenchmark();
        try {
            Method method = benchmark.getClass().getMethod(name.substring(name.lastIndexOf('.') + 1));
            long end = System.nanoTime() + TIME.toNanos();
            while (System.nanoTime() < end) {
                method.invoke(benchmark);
            }
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("cannot warm up " + name, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("warming up " + name + " failed", e.getCause());
        }
    }
}
