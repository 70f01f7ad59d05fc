package dev.segmentlog.conformance;

import java.util.concurrent.TimeUnit;

/**
 * Lets two threads meet: the first to arrive waits (at most a short bound) for a second. Broken
 * stores use it to widen a race window deterministically: when two callers race, both are inside
 * the window at once. A lone caller only pays the bound.
 */
final class Rendezvous {
    private final long timeoutNanos;
    private final Object lock = new Object();
    private boolean someoneWaiting;
    private long generation;

    Rendezvous(long timeout, TimeUnit unit) {
        this.timeoutNanos = unit.toNanos(timeout);
    }

    void meet() {
        synchronized (lock) {
            if (someoneWaiting) {
                someoneWaiting = false;
                generation++;
                lock.notifyAll();
                return;
            }
            someoneWaiting = true;
            long mine = generation;
            long deadline = System.nanoTime() + timeoutNanos;
            while (generation == mine) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    someoneWaiting = false; // nobody came
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    someoneWaiting = false;
                    return;
                }
            }
        }
    }
}
