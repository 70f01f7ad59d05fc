package dev.segmentlog.conformance;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a writer half way through a write until a reader has read (at most a short bound), so a
 * broken store that makes half a write visible shows it deterministically. A writer alone only
 * pays the bound.
 */
final class HalfWay {
    private final long timeoutMillis;
    private final Semaphore reads = new Semaphore(0);
    private final AtomicInteger writersWaiting = new AtomicInteger();

    HalfWay(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Called by a writer half way: returns once a reader has read since, or after the bound. */
    void awaitAReader() {
        writersWaiting.incrementAndGet();
        reads.drainPermits(); // a read made before this point saw nothing half written
        try {
            reads.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            writersWaiting.decrementAndGet();
        }
    }

    /** Called by a reader after each read. */
    void readerWasHere() {
        if (writersWaiting.get() > 0) {
            reads.release();
        }
    }
}
