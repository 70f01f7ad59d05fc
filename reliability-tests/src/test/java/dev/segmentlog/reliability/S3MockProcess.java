package dev.segmentlog.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock (the executable jar the build copies into {@code target/s3mock}) as a child JVM that
 * the tests can SIGKILL and start again on the same port and the same persistent data root.
 */
final class S3MockProcess implements AutoCloseable {
    static final String BUCKET = "reliability";
    static final String ACCESS_KEY_ID = "reliability-key-id";
    static final String SECRET_ACCESS_KEY = "reliability-secret-must-not-leak";
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(120);

    private final int port;
    private final Path root;
    private final Path log;
    private Process process;
    private int starts;

    private S3MockProcess(int port, Path root) {
        this.port = port;
        this.root = root;
        this.log = root.resolveSibling(root.getFileName() + ".log");
    }

    /** A server on a free port with a fresh data root, started. */
    static S3MockProcess start() {
        try {
            Path root = Work.fresh("s3mock-root");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            S3MockProcess server = new S3MockProcess(port, root);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process (again: same port, same data) and waits until the bucket answers. */
    synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        String jar = System.getProperty("s3mock.jar", "target/s3mock/s3mock-exec.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock jar not found at " + jar + ": run the module's build, which copies it");
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
                "--com.adobe.testing.s3mock.http-port=" + port,
                "--server.port=0",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=true",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
        starts++;
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("S3Mock did not answer within " + STARTUP_DEADLINE + ":\n" + logTail());
            }
            try {
                Thread.sleep(100); // polling a port with a deadline, not synchronising
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for S3Mock", e);
            }
        }
    }

    /** SIGKILL: the server dies mid-request, as a crashed or OOM-killed server would. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("S3Mock did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    int starts() {
        return starts;
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/" + BUCKET + "?list-type=2&max-keys=1")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The store URI of a prefix of the bucket; short timeouts so an outage shows as an error fast. */
    String uri(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1&path_style=true"
                + "&access_key_id=" + ACCESS_KEY_ID + "&secret_access_key=" + SECRET_ACCESS_KEY
                + "&timeout=10s&attempt_timeout=3s";
    }

    @Override
    public void close() {
        kill();
    }
}
