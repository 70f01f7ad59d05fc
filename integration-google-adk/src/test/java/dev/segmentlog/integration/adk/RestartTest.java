package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.adk.events.Event;
import com.google.adk.sessions.Session;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions in a SQLite file, read back by a new store and a new service, as after a restart. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreOnTheSameFile_seesEverySession_withItsEventsAndState() {
        String uri = "sqlite:" + dir.resolve("adk.db");
        List<Event> appended;
        Session before;
        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogSessionService sessions = new SegmentlogSessionService(store);
            before = sessions.createSession("app", "ada", Map.of("topic", "tides", "user:lang", "fr"), "chat").blockingGet();
            appended = List.of(Events.user("What is a tide?"),
                    Events.message("model", "The rise and fall of the sea.",
                            Map.of("answered", true, "user:questions", 1, "app:served", 1, "temp:draft", "x")));
            appended.forEach(event -> sessions.appendEvent(before, event).blockingGet());
            sessions.createSession("app", "ada", null, "other").blockingGet();
        }

        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogSessionService sessions = new SegmentlogSessionService(store);
            Session after = sessions.getSession("app", "ada", "chat", Optional.empty()).blockingGet();

            assertEquals(List.of("What is a tide?", "The rise and fall of the sea."),
                    after.events().stream().map(Events::text).toList());
            assertEquals(appended.get(0), after.events().get(0));
            assertEquals(Map.of("topic", "tides", "answered", true, "user:lang", "fr", "user:questions", 1, "app:served", 1),
                    Map.copyOf(after.state()));
            assertEquals(Map.copyOf(before.state()), Map.copyOf(after.state()));
            assertEquals(before.lastUpdateTime(), after.lastUpdateTime());
            assertEquals(Set.of("chat", "other"), Set.copyOf(sessions.listSessions("app", "ada").blockingGet().sessionIds()));
        }
    }

    @Test
    void appendingAfterARestart_continuesTheSameSegment() {
        String uri = "sqlite:" + dir.resolve("adk.db");
        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogSessionService sessions = new SegmentlogSessionService(store);
            Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
            sessions.appendEvent(session, Events.user("before the restart")).blockingGet();
        }

        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogSessionService sessions = new SegmentlogSessionService(store);
            Session session = sessions.getSession("app", "ada", "chat", Optional.empty()).blockingGet();
            sessions.appendEvent(session, Events.user("after the restart")).blockingGet();

            assertEquals(List.of("before the restart", "after the restart"), sessions
                    .getSession("app", "ada", "chat", Optional.empty()).blockingGet().events().stream().map(Events::text).toList());
            SessionId stored = sessions.storeSessionId("app", "ada", "chat").orElseThrow();
            assertEquals(1, store.listSegments(stored, PageRequest.first(10)).items().size());
        }
    }

    @Test
    void twoStoresOnOneFile_appendingConcurrently_loseNothing() throws Exception {
        String uri = "sqlite:" + dir.resolve("adk.db");
        int perWriter = 40;
        try (SegmentStore firstStore = SegmentStores.open(uri); SegmentStore secondStore = SegmentStores.open(uri)) {
            SegmentlogSessionService first = new SegmentlogSessionService(firstStore);
            SegmentlogSessionService second = new SegmentlogSessionService(secondStore);
            first.createSession("app", "ada", null, "chat").blockingGet();

            List<Set<String>> written = ConcurrentWritersTest.runConcurrently(perWriter,
                    first.getSession("app", "ada", "chat", Optional.empty()).blockingGet(), first,
                    second.getSession("app", "ada", "chat", Optional.empty()).blockingGet(), second);

            ConcurrentWritersTest.assertNothingLostNorInterleaved(firstStore,
                    first.storeSessionId("app", "ada", "chat").orElseThrow(), written, perWriter);
        }
    }
}
