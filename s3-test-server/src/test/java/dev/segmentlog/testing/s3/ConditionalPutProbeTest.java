package dev.segmentlog.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe tells the two kinds of server apart: the default S3Proxy answers one 200 per raced key, the
 * check-then-write one several. (The S3 store's suite runs the full-size probe against its own server.)
 */
class ConditionalPutProbeTest {
    @TempDir
    Path dir;

    @Test
    void defaultServer_answersExactlyOne200PerRacedKey() {
        try (S3TestServer server = S3TestServer.builder(dir.resolve("root")).start()) {
            ConditionalPutProbe.Result result = ConditionalPutProbe.run(server.endpoint(), server.bucket(), "probe",
                    10, 8, 256);

            assertTrue(result.atomic(), result.toString());
            assertEquals(10, result.statuses().get(200), result.toString());
            assertEquals(70, result.statuses().get(412), result.toString());
        }
    }

    @Test
    void checkThenWriteServer_isCaught_withSeveral200sForOneKey() {
        try (S3TestServer server = S3TestServer.builder(dir.resolve("root"))
                .version(S3TestServer.checkThenWriteVersion()).start()) {
            ConditionalPutProbe.Result result = ConditionalPutProbe.run(server.endpoint(), server.bucket(), "probe",
                    10, 8, 256);

            assertFalse(result.atomic(), result.toString());
            assertTrue(result.keysWithSeveralWinners() > 0, result.toString());
        }
    }

    @Test
    void run_refusesWhatCannotBeARace() {
        URI endpoint = URI.create("http://127.0.0.1:1");
        assertThrows(IllegalArgumentException.class, () -> ConditionalPutProbe.run(endpoint, "b", "p", 1, 1, 64));
        assertThrows(IllegalArgumentException.class, () -> ConditionalPutProbe.run(endpoint, "b", "p", 0, 2, 64));
        assertThrows(IllegalArgumentException.class,
                () -> ConditionalPutProbe.run(URI.create("https://127.0.0.1:1"), "b", "p", 1, 2, 64));
    }
}
