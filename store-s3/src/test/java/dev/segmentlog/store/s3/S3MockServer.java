package dev.segmentlog.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: Adobe S3Mock's executable jar (copied into
 * {@code target/s3mock} by the build) run as a child JVM on a free loopback port, persisting to a
 * data root so it can be stopped and started again on the same data. {@link #shared()} is started
 * once per test JVM and stopped at the end ({@link S3MockExtension}) or on JVM exit.
 */
final class S3MockServer implements AutoCloseable {
    static final String BUCKET = "segmentlog-test";
    static final String ACCESS_KEY_ID = "test-access-key-id";
    static final String SECRET_ACCESS_KEY = "test-secret-access-key-do-not-log";
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(120);

    private static S3MockServer shared;

    private final int port;
    private final Path root;
    private final Path log;
    private Process process;

    private S3MockServer(int port, Path root) {
        this.port = port;
        this.root = root;
        this.log = root.resolveSibling(root.getFileName() + ".log");
    }

    /** The server shared by every test class of this JVM, started on first use. */
    static synchronized S3MockServer shared() {
        if (shared == null) {
            S3MockServer server = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3mock-stop"));
            shared = server;
        }
        return shared;
    }

    /** Stops the shared server if it was started. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
            shared = null;
        }
    }

    /** A server of its own, on a new free port and a new data root. */
    static S3MockServer startNew() {
        try {
            Path base = Paths.get("target", "s3mock-data").toAbsolutePath();
            Files.createDirectories(base);
            Path root = Files.createTempDirectory(base, "root-");
            S3MockServer server = new S3MockServer(freePort(), root);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Starts the server process (again, after {@link #stop()}: same port, same data) and waits until it answers. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String jar = System.getProperty("s3mock.jar", Paths.get("target", "s3mock", "s3mock-exec.jar").toString());
        if (!Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("S3Mock jar not found at " + jar
                    + ": run the build (mvn -pl store-s3 verify), which copies it from Maven Central");
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar,
                "--com.adobe.testing.s3mock.http-port=" + port,
                "--server.port=0",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=true",
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
        awaitReady();
    }

    /** Polls the bucket until it answers, failing with the server log when the process dies or the deadline passes. */
    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (answers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("S3Mock did not answer on port " + port + " within "
                        + STARTUP_DEADLINE + ":\n" + logTail());
            }
            try {
                Thread.sleep(100); // polling the port with a deadline, not synchronising
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for S3Mock", e);
            }
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/" + BUCKET + "?list-type=2&max-keys=1")
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

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the process (SIGTERM, then kill) and waits for it to go. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Store options for a prefix of the test bucket, with short timeouts so failures show fast. */
    S3StoreOptions options(String prefix) {
        return S3StoreOptions.of(BUCKET, prefix)
                .withEndpoint(endpoint())
                .withRegion("us-east-1")
                .withPathStyle(true)
                .withCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    /** The store URI of a prefix of the test bucket. */
    String uri(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1&path_style=true"
                + "&access_key_id=" + ACCESS_KEY_ID + "&secret_access_key=" + SECRET_ACCESS_KEY;
    }

    /** A plain SDK client on the server, for tests that look at or plant objects themselves. */
    S3Client rawClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
