package dev.segmentlog.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Adobe S3Mock's executable jar (copied to {@code target/s3mock} by the build) as a child process on
 * a free loopback port, with a data root removed on {@link #close()}.
 */
final class S3MockProcess implements AutoCloseable {
    static final String BUCKET = "segmentlog-bench";
    private static final String KEY_ID = "bench-key-id";
    private static final String SECRET = "bench-secret";

    private final int port;
    private final Path root;
    private final Process process;

    private S3MockProcess(int port, Path root, Process process) {
        this.port = port;
        this.root = root;
        this.process = process;
    }

    static S3MockProcess start(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock jar not found at " + jar + ": build the module "
                    + "(mvn -pl benchmarks package copies it from Maven Central) or pass -Ds3mock.jar=PATH");
        }
        Path root = Work.newDirectory("s3mock");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx768m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--com.adobe.testing.s3mock.http-port=" + port,
                "--server.port=0",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                "--com.adobe.testing.s3mock.store.root=" + root.resolve("data"),
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("s3mock.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Mock", e);
        }
        S3MockProcess server = new S3MockProcess(port, root, process);
        server.awaitReady(Duration.ofSeconds(120));
        return server;
    }

    private void awaitReady(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ", see "
                        + root.resolve("s3mock.log"));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/" + BUCKET + "?list-type=2&max-keys=1")
                        .toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100); // polling a port with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("S3Mock did not answer on port " + port);
    }

    /** The process id, for the report (so whoever reads it can check it was stopped). */
    long pid() {
        return process.pid();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String uri(String prefix, String extra) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1&path_style=true"
                + "&access_key_id=" + KEY_ID + "&secret_access_key=" + SECRET + extra;
    }

    S3Client rawClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Work.delete(root);
    }
}
