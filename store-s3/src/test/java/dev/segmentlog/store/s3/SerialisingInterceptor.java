package dev.segmentlog.store.s3;

import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets one HTTP request at a time through, across every client that shares this interceptor.
 *
 * <p>Why: S3Mock implements {@code If-None-Match: *} as check-then-write, so two PUTs of one key
 * that are in flight at the same instant can both get 200 (measured with 8 parallel PUTs per key:
 * 9 successes for 5 keys). Amazon S3, MinIO and R2 arbitrate the precondition atomically. Tests
 * that race store instances on one segment share this interceptor so the server sees requests one by
 * one, as an atomic precondition would order them, while the stores still interleave freely at
 * request granularity (stale tails, 412s, retries).
 */
final class SerialisingInterceptor implements ExecutionInterceptor {
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!holding.get()) {
            lock.lock();
            holding.set(true);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        release();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release();
    }

    private void release() {
        if (holding.get()) {
            holding.set(false);
            lock.unlock();
        }
    }
}
