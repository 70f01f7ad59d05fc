package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.adk.sessions.Session;
import com.google.adk.sessions.SessionException;
import com.google.adk.sessions.SessionNotFoundException;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionLifecycleTest {
    private final InMemorySegmentStore store = new InMemorySegmentStore();
    private final SegmentlogSessionService sessions = new SegmentlogSessionService(store);

    @Test
    void createSession_withoutAnId_mintsAUuid_andKeepsTheInitialState() {
        Session created = sessions.createSession("app", "ada", Map.of("topic", "tides"), null).blockingGet();

        assertNotNull(UUID.fromString(created.id()));
        assertEquals("app", created.appName());
        assertEquals("ada", created.userId());
        assertEquals(Map.of("topic", "tides"), Map.copyOf(created.state()));
        assertTrue(created.events().isEmpty());
        Session read = sessions.getSession("app", "ada", created.id(), Optional.empty()).blockingGet();
        assertEquals(Map.of("topic", "tides"), Map.copyOf(read.state()));
    }

    @Test
    void createSession_withAGivenId_usesItTrimmed() {
        Session created = sessions.createSession("app", "ada", null, "  chat-1 ").blockingGet();

        assertEquals("chat-1", created.id());
        assertNotNull(sessions.getSession("app", "ada", "chat-1", Optional.empty()).blockingGet());
    }

    @Test
    void createSession_underAnIdTheUserHas_failsAndKeepsTheExistingConversation() {
        Session first = sessions.createSession("app", "ada", Map.of("n", 1), "chat-1").blockingGet();
        sessions.appendEvent(first, Events.user("hello")).blockingGet();

        SessionException refused = assertThrows(SessionException.class,
                () -> sessions.createSession("app", "ada", Map.of("n", 2), "chat-1").blockingGet());

        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
        Session kept = sessions.getSession("app", "ada", "chat-1", Optional.empty()).blockingGet();
        assertEquals(1, kept.state().get("n"));
        assertEquals(1, kept.events().size());
    }

    @Test
    void createSession_sameIdForAnotherUserOrApp_isAnotherSession() {
        sessions.createSession("app", "ada", Map.of("who", "ada"), "chat-1").blockingGet();
        sessions.createSession("app", "bob", Map.of("who", "bob"), "chat-1").blockingGet();
        sessions.createSession("other-app", "ada", Map.of("who", "ada elsewhere"), "chat-1").blockingGet();

        assertEquals("ada", sessions.getSession("app", "ada", "chat-1", Optional.empty()).blockingGet().state().get("who"));
        assertEquals("bob", sessions.getSession("app", "bob", "chat-1", Optional.empty()).blockingGet().state().get("who"));
        assertEquals("ada elsewhere",
                sessions.getSession("other-app", "ada", "chat-1", Optional.empty()).blockingGet().state().get("who"));
    }

    @Test
    void createSession_twoServicesRacingForOneId_exactlyOneWins_andTheLoserLeavesNoSession() throws Exception {
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Session>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                SegmentlogSessionService racer = new SegmentlogSessionService(store); // as another process would
                Map<String, Object> state = Map.of("racer", i);
                Callable<Session> create = () -> {
                    start.await();
                    return racer.createSession("app", "ada", state, "chat-1").blockingGet();
                };
                results.add(pool.submit(create));
            }
            start.countDown();
            int won = 0;
            for (Future<Session> result : results) {
                try {
                    result.get();
                    won++;
                } catch (ExecutionException lost) {
                    assertInstanceOf(SessionException.class, lost.getCause());
                }
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, sessions.listSessions("app", "ada").blockingGet().sessions().size());
        // the conversation of the winner, plus the user segment: no loser's session is left behind
        assertEquals(2, store.listSessions(PageRequest.first(100)).items().size());
    }

    @Test
    void getSession_ofAnUnknownId_isEmpty() {
        sessions.createSession("app", "ada", null, "chat-1").blockingGet();

        assertTrue(sessions.getSession("app", "ada", "chat-2", Optional.empty()).isEmpty().blockingGet());
        assertTrue(sessions.getSession("app", "bob", "chat-1", Optional.empty()).isEmpty().blockingGet());
    }

    @Test
    void listSessions_listsThatUsersSessionsInCreationOrder_withoutEventsOrState() {
        Session first = sessions.createSession("app", "ada", Map.of("k", "v"), "chat-1").blockingGet();
        sessions.appendEvent(first, Events.user("hello")).blockingGet();
        sessions.createSession("app", "ada", null, "chat-2").blockingGet();
        sessions.createSession("app", "bob", null, "chat-3").blockingGet();

        List<Session> listed = sessions.listSessions("app", "ada").blockingGet().sessions();

        assertEquals(List.of("chat-1", "chat-2"), listed.stream().map(Session::id).toList());
        assertTrue(listed.stream().allMatch(s -> s.events().isEmpty() && s.state().isEmpty()));
        assertEquals(first.lastUpdateTime(), listed.get(0).lastUpdateTime());
        assertTrue(sessions.listSessions("app", "nobody").blockingGet().sessions().isEmpty());
    }

    @Test
    void deleteSession_removesItFromGetAndList_andDeletesItsSegmentlogSession() {
        Session created = sessions.createSession("app", "ada", null, "chat-1").blockingGet();
        sessions.appendEvent(created, Events.user("hello")).blockingGet();
        SessionId stored = sessions.storeSessionId("app", "ada", "chat-1").orElseThrow();

        sessions.deleteSession("app", "ada", "chat-1").blockingAwait();

        assertTrue(sessions.getSession("app", "ada", "chat-1", Optional.empty()).isEmpty().blockingGet());
        assertTrue(sessions.listSessions("app", "ada").blockingGet().sessions().isEmpty());
        assertTrue(store.listSegments(stored, PageRequest.first(10)).items().isEmpty());
        assertFalse(sessions.storeSessionId("app", "ada", "chat-1").isPresent());
    }

    @Test
    void deleteSession_ofAnUnknownId_completes() {
        sessions.deleteSession("app", "ada", "never-created").blockingAwait();
    }

    @Test
    void createSession_afterADelete_startsAFreshConversationUnderTheSameId() {
        Session old = sessions.createSession("app", "ada", Map.of("generation", 1), "chat-1").blockingGet();
        sessions.appendEvent(old, Events.user("old message")).blockingGet();
        sessions.deleteSession("app", "ada", "chat-1").blockingAwait();

        sessions.createSession("app", "ada", Map.of("generation", 2), "chat-1").blockingGet();

        Session fresh = sessions.getSession("app", "ada", "chat-1", Optional.empty()).blockingGet();
        assertEquals(2, fresh.state().get("generation"));
        assertTrue(fresh.events().isEmpty());
    }

    @Test
    void appendEvent_toADeletedSession_failsWithSessionNotFound() {
        Session created = sessions.createSession("app", "ada", null, "chat-1").blockingGet();
        sessions.deleteSession("app", "ada", "chat-1").blockingAwait();
        Session byHand = Session.builder("chat-1").appName("app").userId("ada").build();

        assertThrows(SessionNotFoundException.class,
                () -> sessions.appendEvent(byHand, Events.user("hello")).blockingGet());
        assertThrows(SessionException.class, () -> sessions.appendEvent(created, Events.user("hello")).blockingGet());
    }
}
