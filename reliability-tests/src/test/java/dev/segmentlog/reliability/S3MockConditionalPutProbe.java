package dev.segmentlog.reliability;

import dev.segmentlog.testing.s3.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Asks the S3 server itself, with the plain SDK and no segmentlog code, whether {@code If-None-Match: *}
 * is atomic: several threads PUT the same new key at the same moment; a correct server lets exactly
 * one of them succeed and answers 412 to the others.
 */
final class S3MockConditionalPutProbe {
    private S3MockConditionalPutProbe() {}

    /** @return how many of {@code keys} raced keys had more than one 200 answer */
    static int keysWithSeveralWinners(S3TestServer server, String prefix, int keys, int racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try (S3Client client = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        server.accessKeyId(), server.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build()) {
            int several = 0;
            for (int k = 0; k < keys; k++) {
                String key = prefix + "/race-" + k;
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    String body = "racer " + r;
                    answers.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        try {
                            client.putObject(b -> b.bucket(server.bucket()).key(key).ifNoneMatch("*"),
                                    RequestBody.fromString(body));
                            return true;
                        } catch (S3Exception e) {
                            if (e.statusCode() == 412 || e.statusCode() == 409) {
                                return false;
                            }
                            throw e;
                        }
                    }));
                }
                int winners = 0;
                for (Future<Boolean> answer : answers) {
                    if (answer.get(60, TimeUnit.SECONDS)) {
                        winners++;
                    }
                }
                if (winners > 1) {
                    several++;
                }
            }
            return several;
        } finally {
            pool.shutdownNow();
        }
    }
}
