package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs the tasks of a concurrency clause together, without fixed sleeps. */
final class Concurrently {
    /** The longest any concurrency clause waits for its threads. */
    static final long TIMEOUT_SECONDS = 30;

    private Concurrently() {}

    /**
     * Runs {@code threads} tasks that start together (a barrier), waits for all of them at most
     * {@value #TIMEOUT_SECONDS} seconds, and returns their results in task order. A task's failure
     * fails the clause.
     */
    static <T> List<T> runTogether(int threads, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> body = task.apply(i);
                tasks.add(() -> {
                    start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    return body.call();
                });
            }
            List<Future<T>> futures = pool.invokeAll(tasks, TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (CancellationException timedOut) {
                    fail("concurrent writers did not finish within " + TIMEOUT_SECONDS + " s (deadlock or lost wake-up?)");
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause();
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new AssertionError("a concurrent writer failed", cause);
                }
            }
            return results;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for concurrent writers", interrupted);
        } finally {
            pool.shutdownNow();
        }
    }
}
