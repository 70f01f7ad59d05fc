package dev.segmentlog.store.s3;

import dev.segmentlog.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tests' S3-compatible servers ({@link S3TestServer}, data under {@code target/s3mock-data}):
 * {@link #shared()} is started once per test JVM and stopped at the end ({@link S3MockExtension});
 * {@link #startNew()} gives a test a server of its own to stop and restart.
 */
final class S3Fixture {
    static final String BUCKET = "segmentlog-test";
    static final String ACCESS_KEY_ID = "test-access-key-id";
    static final String SECRET_ACCESS_KEY = "test-secret-access-key-do-not-log";

    private static S3TestServer shared;

    private S3Fixture() {}

    /** The server shared by every test class of this JVM, started on first use. */
    static synchronized S3TestServer shared() {
        if (shared == null) {
            shared = startNew();
        }
        return shared;
    }

    /** Stops the shared server if it was started. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** A server of its own, on a new free port and a new data root. */
    static S3TestServer startNew() {
        try {
            Path base = Files.createDirectories(Path.of("target", "s3mock-data").toAbsolutePath());
            // the full JIT: the paging clauses send thousands of LISTs, each of which makes S3Mock parse the
            // bucket's key list and the metadata of every key under the prefix
            return S3TestServer.builder(Files.createTempDirectory(base, "root-")).bucket(BUCKET)
                    .credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY).jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Store options for a prefix of the shared server's bucket. */
    static S3StoreOptions options(String prefix) {
        return options(shared(), prefix);
    }

    /**
     * Store options for a prefix of a bucket created on the shared server for the caller alone. S3Mock
     * reads a bucket's whole key list on every request, so a bucket that every test filled would make
     * each request slower than the one before.
     */
    static S3StoreOptions optionsInNewBucket(String prefix) {
        String bucket = "bucket-" + UUID.randomUUID();
        try (S3Client client = rawClient()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        S3StoreOptions options = options(prefix);
        return new S3StoreOptions(bucket, prefix, options.endpoint(), options.region(), options.pathStyle(),
                options.accessKeyId(), options.secretAccessKey(), options.apiCallTimeout(),
                options.apiCallAttemptTimeout(), options.cacheBytes(), options.packEvery());
    }

    /** Store options for a prefix of the test bucket, with short timeouts so failures show fast. */
    static S3StoreOptions options(S3TestServer server, String prefix) {
        return S3StoreOptions.of(server.bucket(), prefix)
                .withEndpoint(server.endpoint())
                .withRegion(server.region())
                .withPathStyle(true)
                .withCredentials(server.accessKeyId(), server.secretAccessKey())
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    /** A plain SDK client on the shared server, for tests that look at or plant objects themselves. */
    static S3Client rawClient() {
        S3TestServer server = shared();
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
