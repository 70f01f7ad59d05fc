package dev.segmentlog.testing.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3TestServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    // the server runs with authorization=none, so plain unsigned requests are enough to see what it stores
    private int put(URI object, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(object).header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(URI object) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(object).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sigkillThenStart_servesTheSameObjects_onTheSamePort_andStopEndsTheProcess() throws Exception {
        try (S3TestServer server = S3TestServer.builder(dir.resolve("root")).bucket("lifecycle").start()) {
            URI object = server.endpoint().resolve("/lifecycle/some/key");
            long firstPid = server.pid();
            assertEquals(200, put(object, "kept across a crash"));

            server.kill();
            assertFalse(server.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false), "pid " + firstPid + " alive");
            assertThrows(ConnectException.class, () -> get(object));

            server.start();
            assertNotEquals(firstPid, server.pid());
            assertEquals(2, server.starts());
            HttpResponse<String> read = get(object);
            assertEquals(200, read.statusCode());
            assertEquals("kept across a crash", read.body());

            long secondPid = server.pid();
            server.stop();
            assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false), "pid " + secondPid + " alive");
            assertTrue(Files.isDirectory(server.root().resolve("data")));
        }
    }

    @Test
    void givenPort_isUsed_andTheStoreUriCarriesEndpointBucketAndCredentials() {
        int port = S3TestServer.freeLoopbackPort();
        try (S3TestServer server = S3TestServer.builder(dir.resolve("root")).port(port).bucket("given-port")
                .credentials("some-key-id", "some-secret").start()) {
            assertEquals(URI.create("http://127.0.0.1:" + port), server.endpoint());
            assertEquals("s3://given-port/p/q?endpoint=http://127.0.0.1:" + port + "&region=us-east-1&path_style=true"
                    + "&access_key_id=some-key-id&secret_access_key=some-secret", server.storeUri("p/q"));
        }
    }

    @Test
    void serverThatExitsAtOnce_failsTheStart_quotingItsOutput() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a jar");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> S3TestServer.builder(dir.resolve("root")).jar(notAJar).jvmOptions(List.of()).start());

        assertTrue(e.getMessage().contains("S3Proxy exited with"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("jar"), e.getMessage());
    }

    @Test
    void builder_rejectsWhatS3WouldReject() {
        S3TestServer.Builder builder = S3TestServer.builder(dir);
        assertThrows(IllegalArgumentException.class, () -> builder.bucket("Upper_Case"));
        assertThrows(IllegalArgumentException.class, () -> builder.port(70_000));
        assertThrows(IllegalArgumentException.class, () -> builder.credentials("id", " "));
        assertThrows(IllegalArgumentException.class, () -> builder.startupDeadline(Duration.ZERO));
    }
}
