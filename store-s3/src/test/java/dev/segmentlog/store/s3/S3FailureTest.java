package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.testing.s3.S3TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An unreachable, stopped or misaddressed server gives clear BackendExceptions; nothing acknowledged is lost. */
@ExtendWith(S3ServerExtension.class)
class S3FailureTest {
    private final Fixtures fx = new Fixtures();

    @Test
    void serverStoppedMidTest_failsClearly_andAfterRestartNothingAcknowledgedIsLost() {
        String prefix = S3Fixture.freshPrefix("restart");
        try (S3TestServer server = S3Fixture.startNew()) {
            S3StoreOptions options = S3Fixture.options(server, prefix)
                    .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(1));
            SegmentId segment = SegmentId.generate();
            List<LogEntry> acknowledged = new ArrayList<>();
            try (S3SegmentStore store = S3SegmentStore.open(options)) {
                acknowledged.add(fx.plainStart(SessionId.generate()));
                store.create(segment, StoredEntry.plain(acknowledged));
                for (int i = 1; i <= 20; i++) {
                    LogEntry entry = fx.marker("before the stop " + i);
                    store.append(segment, entry);
                    acknowledged.add(entry);
                }

                server.stop();
                BackendException down = assertThrows(BackendException.class,
                        () -> store.append(segment, fx.marker("while the server is down")));
                assertTrue(down.getMessage().contains("s3://" + S3Fixture.BUCKET + "/" + prefix), down.getMessage());
                assertFalse(down.getMessage().contains(S3Fixture.SECRET_ACCESS_KEY), down.getMessage());
                assertThrows(BackendException.class, () -> store.readAll(segment));

                server.start();
                // the same store recovers: its client reconnects, its tail is still a true boundary
                LogEntry after = fx.marker("after the restart");
                store.append(segment, after);
                acknowledged.add(after);
            }
            try (S3SegmentStore reopened = S3SegmentStore.open(options)) {
                assertEquals(acknowledged, reopened.readAll(segment));
            }
        }
    }

    @Test
    void unreachableEndpoint_failsOnOpen_namingTheStore_withoutCredentials() {
        int closedPort = S3TestServer.freeLoopbackPort();
        S3StoreOptions options = S3Fixture.options("p")
                .withEndpoint(URI.create("http://127.0.0.1:" + closedPort))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));

        BackendException e = assertThrows(BackendException.class, () -> S3SegmentStore.open(options));

        assertTrue(e.getMessage().contains("s3://" + S3Fixture.BUCKET + "/p"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot reach") || e.getMessage().contains("timed out"), e.getMessage());
        assertFalse(e.getMessage().contains(S3Fixture.SECRET_ACCESS_KEY), e.getMessage());
    }

    @Test
    void missingBucket_failsOnOpen_sayingSo() {
        S3StoreOptions options = S3StoreOptions.of("no-such-bucket-here", "p")
                .withEndpoint(S3Fixture.shared().endpoint()).withRegion("us-east-1").withPathStyle(true)
                .withCredentials(S3Fixture.ACCESS_KEY_ID, S3Fixture.SECRET_ACCESS_KEY);

        BackendException e = assertThrows(BackendException.class, () -> S3SegmentStore.open(options));

        assertTrue(e.getMessage().contains("bucket 'no-such-bucket-here' does not exist"), e.getMessage());
    }
}
