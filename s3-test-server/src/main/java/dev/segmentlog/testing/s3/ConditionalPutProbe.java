package dev.segmentlog.testing.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an S3-compatible server, with raw HTTP/1.1 over sockets and nothing of segmentlog or an SDK in
 * between, whether {@code If-None-Match: *} is atomic: for each of several new keys, several connections
 * send a {@code PUT} of that key with the header, everything but the body's last byte; at a barrier they
 * all send their last byte at once, so the server sees the requests complete together. An atomic server
 * answers exactly one of them 200 and the others 412 (or 409); a server that checks and then writes
 * answers several 200s, the later write replacing the earlier one.
 *
 * <p>The requests are unsigned: the server must accept anonymous writes to the bucket (S3Proxy with
 * {@code authorization=none}, as {@link S3TestServer} runs it; a bucket with a public-read-write ACL
 * elsewhere). Each racer's body is distinct ({@code racer N of key K}, padded to the body size).
 */
public final class ConditionalPutProbe {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private ConditionalPutProbe() {}

    /**
     * What the probe saw.
     *
     * @param keys                 how many keys were raced
     * @param racers               how many PUTs raced for each key
     * @param keysWithOneWinner    keys with exactly one 200: the atomic outcome
     * @param keysWithSeveralWinners keys with two or more 200s: the server's conditional write is not atomic
     * @param keysWithNoWinner     keys nobody won (every racer refused or failed)
     * @param statuses             how often each HTTP status was answered, over every request
     */
    public record Result(int keys, int racers, int keysWithOneWinner, int keysWithSeveralWinners, int keysWithNoWinner,
            Map<Integer, Integer> statuses) {
        /** Copies the statuses. */
        public Result {
            statuses = Map.copyOf(statuses);
        }

        /** @return whether every key had exactly one winner */
        public boolean atomic() {
            return keysWithOneWinner == keys;
        }

        /** @return e.g. {@code 50 keys x 8 racers: 50 with one 200, 0 with several, 0 with none; statuses {200=50, 412=350}} */
        @Override
        public String toString() {
            return keys + " keys x " + racers + " racers: " + keysWithOneWinner + " with one 200, "
                    + keysWithSeveralWinners + " with several, " + keysWithNoWinner + " with none; statuses "
                    + new TreeMap<>(statuses);
        }
    }

    /**
     * Races {@code racers} conditional PUTs on each of {@code keys} new keys under {@code prefix}.
     *
     * @param endpoint  the server, {@code http://host:port} (path-style addressing)
     * @param bucket    an existing bucket that accepts anonymous writes
     * @param prefix    a prefix no object has yet, without trailing {@code /}
     * @param keys      how many keys to race, at least 1
     * @param racers    how many PUTs per key, at least 2
     * @param bodyBytes the size of each body, at least 64
     * @return the counts
     * @throws IllegalArgumentException if a count is out of range or the endpoint is not {@code http}
     * @throws UncheckedIOException     if a connection fails or a response is not HTTP
     * @throws IllegalStateException    if the racers do not meet at the barrier within 30 s, or the
     *                                  calling thread is interrupted
     */
    public static Result run(URI endpoint, String bucket, String prefix, int keys, int racers, int bodyBytes) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the probe speaks plain HTTP to a host: " + endpoint);
        }
        if (keys < 1 || racers < 2 || bodyBytes < 64) {
            throw new IllegalArgumentException("need keys >= 1, racers >= 2, bodyBytes >= 64: " + keys + ", " + racers
                    + ", " + bodyBytes);
        }
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        InetSocketAddress address = new InetSocketAddress(endpoint.getHost(), port);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int one = 0;
        int several = 0;
        int none = 0;
        try {
            for (int k = 0; k < keys; k++) {
                String path = "/" + bucket + "/" + prefix + "/race-" + k;
                CyclicBarrier release = new CyclicBarrier(racers);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    byte[] body = body("racer " + r + " of key " + k, bodyBytes);
                    answers.add(pool.submit(() -> race(address, endpoint.getAuthority(), path, body, release)));
                }
                int winners = 0;
                for (Future<Integer> answer : answers) {
                    int status = await(answer);
                    statuses.merge(status, 1, Integer::sum);
                    if (status == 200) {
                        winners++;
                    }
                }
                if (winners == 1) {
                    one++;
                } else if (winners > 1) {
                    several++;
                } else {
                    none++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(keys, racers, one, several, none, statuses);
    }

    private static byte[] body(String text, int size) {
        byte[] body = new byte[size];
        byte[] head = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            body[i] = i < head.length ? head[i] : (byte) ('a' + i % 26);
        }
        return body;
    }

    /** One racer: sends all but the last byte, waits at the barrier, sends the last byte, returns the status. */
    private static int race(InetSocketAddress address, String host, String path, byte[] body, CyclicBarrier release)
            throws IOException, InterruptedException, BrokenBarrierException, TimeoutException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            socket.connect(address, (int) SOCKET_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            String head = "PUT " + path + " HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "If-None-Match: *\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 1);
            out.flush();
            release.await(SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            out.write(body[body.length - 1]);
            out.flush();
            return status(socket.getInputStream(), path);
        }
    }

    private static int status(InputStream in, String path) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
            line.append((char) c);
        }
        String[] parts = line.toString().trim().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response to PUT " + path + ": '" + line + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("no status in the response to PUT " + path + ": '" + line + "'", e);
        }
    }

    private static int await(Future<Integer> answer) {
        try {
            return answer.get(2 * SOCKET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while racing conditional PUTs", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a racing PUT got no answer within " + SOCKET_TIMEOUT.multipliedBy(2), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("a racing PUT failed: " + io.getMessage(), io);
            }
            if (cause instanceof BrokenBarrierException || cause instanceof TimeoutException) {
                throw new IllegalStateException("the racers did not meet at the barrier: " + cause, cause);
            }
            throw new IllegalStateException("a racing PUT failed: " + cause, cause);
        }
    }
}
