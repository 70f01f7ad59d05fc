package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.spi.BackendException;
import dev.segmentlog.testing.s3.ConditionalPutProbe;
import dev.segmentlog.testing.s3.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store's safety under concurrent writers rests on the server's {@code If-None-Match: *} being
 * atomic, so the suite asks the server it runs against, with raw sockets: 50 new keys, 8 PUTs of each
 * released together by their last byte. Two 200s for one key fail the suite here, before any racing
 * clause could pass by luck. The counts go to {@code target/s3-race-probe.txt}. Also the store's own
 * startup check, {@code verify_conditional_writes}, on that server and on a check-then-write one.
 */
@ExtendWith(S3ServerExtension.class)
class ConditionalPutRaceTest {

    private static void record(String line) throws IOException {
        System.out.println("[s3-race-probe] " + line);
        Files.writeString(Path.of("target", "s3-race-probe.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void theTestServer_answersExactlyOne200ToRacingConditionalPutsOfEachKey() throws IOException {
        S3TestServer server = S3Fixture.shared();
        ConditionalPutProbe.Result result = ConditionalPutProbe.run(server.endpoint(), server.bucket(),
                S3Fixture.freshPrefix("race-probe"), 50, 8, 256);
        record("S3Proxy " + S3TestServer.defaultVersion() + ": " + result);

        assertEquals(0, result.keysWithSeveralWinners(), "THE TEST SERVER'S CONDITIONAL PUT IS NOT ATOMIC: "
                + result + ". Every concurrency result of the S3 suite is void on this server.");
        assertTrue(result.atomic(), result.toString());
    }

    @Test
    void verifyConditionalWrites_opensOnTheTestServer_andLeavesNoProbeObject() {
        String prefix = S3Fixture.freshPrefix("verified");

        try (S3SegmentStore store = S3SegmentStore.open(S3Fixture.options(prefix).withVerifyConditionalWrites(true))) {
            assertTrue(store.options().verifyConditionalWrites());
        }

        try (S3Client raw = S3Fixture.rawClient()) {
            assertEquals(List.of(), raw.listObjectsV2(b -> b.bucket(S3Fixture.BUCKET).prefix(prefix)).contents());
        }
    }

    @Test
    void verifyConditionalWrites_refusesACheckThenWriteServer_withAClearError(@TempDir Path dir) throws IOException {
        try (S3TestServer unsafe = S3TestServer.builder(dir).version(S3TestServer.checkThenWriteVersion())
                .bucket(S3Fixture.BUCKET).credentials(S3Fixture.ACCESS_KEY_ID, S3Fixture.SECRET_ACCESS_KEY).start()) {
            S3StoreOptions options = S3Fixture.options(unsafe, "unsafe").withVerifyConditionalWrites(true);

            BackendException refused = assertThrows(BackendException.class, () -> S3SegmentStore.open(options));

            record("S3Proxy " + S3TestServer.checkThenWriteVersion() + ", verify_conditional_writes: " + refused.getMessage());
            assertTrue(refused.getMessage().contains("verify_conditional_writes"), refused.getMessage());
            assertTrue(refused.getMessage().contains("several succeeded"), refused.getMessage());
            assertTrue(refused.getMessage().contains("s3://" + S3Fixture.BUCKET + "/unsafe"), refused.getMessage());
            assertFalse(refused.getMessage().contains(S3Fixture.SECRET_ACCESS_KEY), refused.getMessage());
            try (S3SegmentStore unchecked = S3SegmentStore.open(options.withVerifyConditionalWrites(false))) {
                assertFalse(unchecked.options().verifyConditionalWrites(), "without the check the server is trusted");
            }
        }
    }
}
