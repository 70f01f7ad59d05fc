package dev.segmentlog.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts every HTTP request (each attempt, retries included) of every S3 client in the JVM, by
 * method. Registered as an SDK global interceptor in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so the store's own client
 * is counted without any hook in the adapter. Counting is off until {@link #start()}.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static volatile boolean counting;

    /** For the SDK's class-path loader. */
    public RequestCounter() {}

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (counting) {
            COUNTS.computeIfAbsent(context.httpRequest().method().name(), k -> new LongAdder()).increment();
        }
    }

    /** Clears the counts and starts counting. */
    static void start() {
        COUNTS.clear();
        counting = true;
    }

    /** Stops counting and returns the requests by method since {@link #start()}. */
    static Map<String, Long> stop() {
        counting = false;
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((method, n) -> out.put(method, n.sum()));
        return out;
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
