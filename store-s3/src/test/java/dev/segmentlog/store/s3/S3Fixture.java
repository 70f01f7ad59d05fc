package dev.segmentlog.store.s3;

import dev.segmentlog.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * The tests' S3-compatible servers ({@link S3TestServer}: S3Proxy, data under {@code target/s3-data}):
 * {@link #shared()} is started once per test JVM and stopped at the end ({@link S3ServerExtension});
 * {@link #startNew()} gives a test a server of its own to stop and restart.
 */
final class S3Fixture {
    static final String BUCKET = "segmentlog-test";
    static final String ACCESS_KEY_ID = "test-access-key-id";
    static final String SECRET_ACCESS_KEY = "test-secret-access-key-do-not-log";

    /**
     * {@code -Ds3.test.endpoint=http://HOST:PORT} (with {@code -Ds3.test.access_key_id} and
     * {@code -Ds3.test.secret_access_key}): the kit's buckets ({@link #optionsInNewBucket}) are made on that
     * server instead of the shared S3Proxy. How {@code store-s3/ceph/run-kit.sh} runs the kit on Ceph.
     */
    private static final String EXTERNAL_ENDPOINT = System.getProperty("s3.test.endpoint", "");

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
            Path base = Files.createDirectories(Path.of("target", "s3-data").toAbsolutePath());
            // the full JIT: the kit's paging and racing clauses send thousands of requests
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
     * Store options for a prefix of a bucket created on the shared server for the caller alone: the kit's
     * paging clauses create thousands of objects, which no other clause's listing should have to walk past.
     */
    static S3StoreOptions optionsInNewBucket(String prefix) {
        String bucket = "bucket-" + UUID.randomUUID();
        S3StoreOptions options = EXTERNAL_ENDPOINT.isBlank() ? options(prefix)
                : S3StoreOptions.of(BUCKET, prefix).withEndpoint(URI.create(EXTERNAL_ENDPOINT)).withRegion(S3TestServer.REGION)
                        .withPathStyle(true).withCredentials(System.getProperty("s3.test.access_key_id"),
                                System.getProperty("s3.test.secret_access_key"))
                        .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(5));
        try (S3Client client = rawClient(options)) {
            client.createBucket(b -> b.bucket(bucket));
        }
        return new S3StoreOptions(bucket, prefix, options.endpoint(), options.region(), options.pathStyle(),
                options.accessKeyId(), options.secretAccessKey(), options.apiCallTimeout(),
                options.apiCallAttemptTimeout(), options.cacheBytes(), options.packEvery(), options.maxStaleness(),
                options.verifyConditionalWrites(), options.readOnly());
    }

    /** A prefix no other test uses. */
    static String freshPrefix(String what) {
        return "adapter/" + what + "/" + UUID.randomUUID();
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
        return rawClient(options(""));
    }

    private static S3Client rawClient(S3StoreOptions options) {
        return S3Client.builder()
                .endpointOverride(options.endpoint())
                .region(Region.of(options.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
