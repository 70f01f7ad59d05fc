package dev.segmentlog.store.s3;

import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The startup check of {@code verify_conditional_writes=true}: whether the server's
 * {@code If-None-Match: *} is atomic, which is what keeps concurrent writers of one segment from
 * overwriting each other's appends. First a PUT of a new key twice (the second must be refused), then,
 * for each of {@link #KEYS} new keys, {@link #RACERS} PUTs of it from as many threads, each body holding
 * back its last byte until every racer has sent the rest, so the server sees them complete together. An
 * atomic server lets exactly one of each succeed. The probe objects live under
 * {@code prefix/conditional-write-check/} and are deleted afterwards.
 *
 * <p>A check can only catch a server out, never prove it safe; on the servers measured (see the package
 * documentation) every check-then-write server was caught on most keys.
 */
final class ConditionalWriteCheck {
    static final int KEYS = 10;
    static final int RACERS = 8;
    /**
     * How often a key's race is run again, on a fresh key, when its racers did not meet: on a loaded
     * machine one racer may miss its attempt timeout while the others wait, which says nothing of the server.
     */
    private static final int RACE_ATTEMPTS = 3;
    private static final int BODY_BYTES = 256;
    private static final long BARRIER_SECONDS = 30;

    private ConditionalWriteCheck() {}

    /**
     * Runs the check.
     *
     * @throws BackendException if the server is not safe (the message says what it did), or the check could
     *                          not run
     */
    static void run(S3Access s3, Keys keys) {
        String root = keys.conditionalWriteCheck(UUID.randomUUID().toString());
        try {
            String twice = root + "twice";
            boolean first = s3.putIfAbsent(twice, body("first"), Map.of());
            boolean second = s3.putIfAbsent(twice, body("second"), Map.of());
            if (!first || second) {
                throw unsafe(s3, "a PUT with If-None-Match: * of a key that already exists succeeded: the server"
                        + " ignores the condition");
            }
            int several = 0;
            for (int k = 0; k < KEYS; k++) {
                if (raceUntilRun(s3, root + "race-" + k + "-") > 1) {
                    several++;
                }
            }
            if (several > 0) {
                throw unsafe(s3, "of " + RACERS + " PUTs with If-None-Match: * of one new key completing together,"
                        + " several succeeded, for " + several + " of " + KEYS + " keys: the server checks and then"
                        + " writes, so concurrent writers of one segment could overwrite each other's appends");
            }
        } finally {
            s3.deleteAll(s3.list(root));
        }
    }

    private static BackendException unsafe(S3Access s3, String what) {
        return new BackendException("S3 store " + s3.location() + ": refused by verify_conditional_writes: " + what
                + " (" + s3.endpoint() + "). Use a server whose conditional writes are atomic (the store-s3"
                + " documentation lists those measured), or open without the check only where each segment has"
                + " a single writer", null);
    }

    /** @return how many of the racing PUTs succeeded in the first race of a key under {@code keyPrefix} that ran */
    private static int raceUntilRun(S3Access s3, String keyPrefix) {
        for (int attempt = 1; ; attempt++) {
            try {
                return race(s3, keyPrefix + attempt);
            } catch (RacersDidNotMeet e) {
                if (attempt == RACE_ATTEMPTS) {
                    throw new BackendException("S3 store " + s3.location() + ": verify_conditional_writes could not"
                            + " race its PUTs (" + RACE_ATTEMPTS + " attempts): " + e.getCause(), e.getCause());
                }
            }
        }
    }

    /**
     * @return how many of the racing PUTs of {@code key} succeeded
     * @throws RacersDidNotMeet if a racer failed before every racer had sent all but its last byte
     */
    private static int race(S3Access s3, String key) throws RacersDidNotMeet {
        CyclicBarrier release = new CyclicBarrier(RACERS);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<Boolean>> racers = new ArrayList<>();
            for (int r = 0; r < RACERS; r++) {
                byte[] body = body("racer " + r);
                racers.add(pool.submit(() -> s3.putIfAbsent(key, RequestBody.fromContentProvider(
                        () -> new HeldBackBody(body, release), body.length, "application/octet-stream"), Map.of())));
            }
            int succeeded = 0;
            for (Future<Boolean> racer : racers) {
                if (racer.get()) {
                    succeeded++;
                }
            }
            return succeeded;
        } catch (ExecutionException e) {
            if (release.isBroken()) {
                throw new RacersDidNotMeet(e.getCause());
            }
            if (e.getCause() instanceof StoreException store) {
                throw store;
            }
            throw new BackendException("S3 store " + s3.location() + ": verify_conditional_writes could not race its"
                    + " PUTs: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("S3 store " + s3.location() + ": interrupted during verify_conditional_writes",
                    e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] body(String label) {
        byte[] body = new byte[BODY_BYTES];
        byte[] text = (label + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < body.length; i++) {
            body[i] = i < text.length ? text[i] : (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A race that did not happen: one racer failed or timed out while the others waited at the barrier. */
    private static final class RacersDidNotMeet extends Exception {
        private static final long serialVersionUID = 1L;

        RacersDidNotMeet(Throwable cause) {
            super(cause);
        }
    }

    /**
     * A body that gives all its bytes but the last, then waits until every racer's body got that far. The
     * SDK may read a body more than once (to sign it, then to send it); identical racers read it equally
     * often, so the reusable barrier trips once per reading, the last time as the requests are sent.
     */
    private static final class HeldBackBody extends InputStream {
        private final byte[] body;
        private final CyclicBarrier release;
        private int next;

        HeldBackBody(byte[] body, CyclicBarrier release) {
            this.body = body;
            this.release = release;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (next == body.length) {
                return -1;
            }
            if (next == body.length - 1) {
                awaitTheOthers();
            }
            int count = next < body.length - 1 ? Math.min(length, body.length - 1 - next) : 1;
            System.arraycopy(body, next, into, offset, count);
            next += count;
            return count;
        }

        private void awaitTheOthers() throws IOException {
            try {
                release.await(BARRIER_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding back the last byte", e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IOException("the racing PUTs did not all reach their last byte", e);
            }
        }
    }
}
