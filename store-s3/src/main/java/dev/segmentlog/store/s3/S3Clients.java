package dev.segmentlog.store.s3;

import dev.segmentlog.spi.BackendException;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds a store's S3 client from its options and checks that the bucket can be reached: one client
 * per store, request checksums and response validation {@code WHEN_REQUIRED} (so servers without the
 * newer checksum headers accept uploads), no aws-chunked bodies, the standard retry strategy, explicit
 * call and attempt timeouts.
 */
final class S3Clients {
    private static final System.Logger LOG = System.getLogger(S3Clients.class.getName());

    private S3Clients() {}

    /**
     * A client on the options' bucket, checked with a {@code HeadBucket}.
     *
     * @param interceptors extra SDK interceptors (tests count requests with one)
     * @throws BackendException         if the client cannot be built, or the bucket does not exist, access is
     *                                  denied or the endpoint cannot be reached
     * @throws IllegalArgumentException if no region is given and none can be found, for the AWS endpoint
     */
    static S3Access connect(S3StoreOptions options, List<ExecutionInterceptor> interceptors) {
        AwsCredentialsProvider credentials = options.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey()));
        S3Client client;
        try {
            client = build(options, credentials, interceptors);
        } catch (RuntimeException e) {
            closeQuietly(credentials);
            throw e;
        }
        S3Access access = new S3Access(client, options, () -> closeQuietly(credentials));
        try {
            access.checkBucket();
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        return access;
    }

    private static void closeQuietly(AwsCredentialsProvider credentials) {
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the credentials provider failed", e);
            }
        }
    }

    private static S3Client build(S3StoreOptions options, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(options.apiCallTimeout())
                .apiCallAttemptTimeout(options.apiCallAttemptTimeout())
                .retryStrategy(RetryMode.STANDARD);
        interceptors.forEach(override::addExecutionInterceptor);
        S3ClientBuilder builder = S3Client.builder()
                .region(region(options))
                .credentialsProvider(credentials)
                .forcePathStyle(options.pathStyle())
                // bodies are in memory, so plain signed bodies, not aws-chunked streams: Ceph radosgw 16.2
                // refuses an aws-chunked empty body (XAmzContentSHA256Mismatch), and index entries are empty
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(override.build());
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new BackendException("S3 store " + options.location() + ": could not build the S3 client: "
                    + e.getMessage(), e);
        }
    }

    private static Region region(S3StoreOptions options) {
        if (options.region() != null) {
            return Region.of(options.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            if (options.endpoint() != null) {
                return Region.US_EAST_1; // S3-compatible servers mostly ignore the signing region
            }
            throw new IllegalArgumentException("no region for " + options.location()
                    + ": give the region option (e.g. region=us-east-1) or set AWS_REGION", e);
        }
    }
}
