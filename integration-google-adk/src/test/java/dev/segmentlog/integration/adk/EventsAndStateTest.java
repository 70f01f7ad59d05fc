package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.adk.events.Event;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.State;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventsAndStateTest {
    private final InMemorySegmentStore store = new InMemorySegmentStore();
    private final SegmentlogSessionService sessions = new SegmentlogSessionService(store);

    @Test
    void getSession_returnsTheAppendedEvents_equalToWhatWasAppended_inOrder() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        List<Event> appended = List.of(Events.user("What is a tide?"),
                Events.message("model", "The rise and fall of the sea.", Map.of("answered", true)),
                Events.user("Thanks"));
        appended.forEach(event -> sessions.appendEvent(session, event).blockingGet());

        Session read = get("chat", Optional.empty());

        assertEquals(appended, read.events());
        assertEquals(appended, session.events());
        assertEquals(Instant.ofEpochMilli(appended.get(2).timestamp()), read.lastUpdateTime());
    }

    @Test
    void stateDeltas_areAppliedInOrder_onRestore_includingRemovedKeys() {
        Session session = sessions.createSession("app", "ada", Map.of("step", 0, "draft", "x"), "chat").blockingGet();
        sessions.appendEvent(session, Events.stateChange(Map.of("step", 1, "city", "Tokyo"))).blockingGet();
        Map<String, Object> removal = new HashMap<>();
        removal.put("draft", State.REMOVED);
        removal.put("step", 2);
        sessions.appendEvent(session, Events.stateChange(removal)).blockingGet();

        Session read = get("chat", Optional.empty());

        assertEquals(Map.of("step", 2, "city", "Tokyo"), Map.copyOf(read.state()));
        assertEquals(Map.copyOf(session.state()), Map.copyOf(read.state()));
        assertSame(State.REMOVED, read.events().get(1).actions().stateDelta().get("draft"));
    }

    @Test
    void stateValues_comeBackAsJsonTypes() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        sessions.appendEvent(session, Events.stateChange(Map.of("profile", Map.of("name", "Ada", "langs", List.of("en", "fr")),
                "score", 2.5))).blockingGet();

        Session read = get("chat", Optional.empty());

        assertEquals(Map.of("name", "Ada", "langs", List.of("en", "fr")), read.state().get("profile"));
        assertEquals(2.5, read.state().get("score"));
    }

    @Test
    void tempKeys_areNeverStored_norInTheRestoredState() {
        Session session = sessions.createSession("app", "ada", Map.of("temp:scratch", "initial"), "chat").blockingGet();
        sessions.appendEvent(session, Events.stateChange(Map.of("temp:token", "secret", "kept", "yes"))).blockingGet();

        Session read = get("chat", Optional.empty());

        assertEquals(Map.of("kept", "yes"), Map.copyOf(read.state()));
        assertEquals(Map.of("kept", "yes"), Map.copyOf(read.events().get(0).actions().stateDelta()));
        assertFalse(storedText().contains("temp:"), storedText());
        assertFalse(session.state().containsKey("temp:token"), "the live session ignores temp keys as ADK's base service does");
    }

    @Test
    void userState_isSharedByTheUsersSessions_andNotByOtherUsers() {
        Session first = sessions.createSession("app", "ada", Map.of("user:language", "fr"), "chat-1").blockingGet();
        sessions.createSession("app", "ada", null, "chat-2").blockingGet();
        sessions.createSession("app", "bob", null, "chat-3").blockingGet();

        sessions.appendEvent(first, Events.stateChange(Map.of("user:name", "Ada"))).blockingGet();

        Map<String, Object> expected = Map.of("user:language", "fr", "user:name", "Ada");
        assertEquals(expected, Map.copyOf(sessions.getSession("app", "ada", "chat-2", Optional.empty()).blockingGet().state()));
        assertEquals(expected, Map.copyOf(get("chat-1", Optional.empty()).state()));
        assertTrue(sessions.getSession("app", "bob", "chat-3", Optional.empty()).blockingGet().state().isEmpty());
    }

    @Test
    void appState_isSharedByEveryUserOfTheApp_andNotByOtherApps() {
        Session first = sessions.createSession("app", "ada", null, "chat-1").blockingGet();
        sessions.createSession("app", "bob", null, "chat-2").blockingGet();
        sessions.createSession("other-app", "bob", null, "chat-3").blockingGet();

        sessions.appendEvent(first, Events.stateChange(Map.of("app:motd", "hello"))).blockingGet();
        Map<String, Object> removal = new HashMap<>();
        removal.put("app:motd", State.REMOVED);
        removal.put("app:version", 2);
        Session second = sessions.getSession("app", "bob", "chat-2", Optional.empty()).blockingGet();
        assertEquals("hello", second.state().get("app:motd"));
        sessions.appendEvent(second, Events.stateChange(removal)).blockingGet();

        assertEquals(Map.of("app:version", 2), Map.copyOf(get("chat-1", Optional.empty()).state()));
        assertTrue(sessions.getSession("other-app", "bob", "chat-3", Optional.empty()).blockingGet().state().isEmpty());
    }

    @Test
    void numRecentEvents_keepsTheLastEvents_whileStateComesFromAll() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        for (int i = 1; i <= 5; i++) {
            sessions.appendEvent(session, Events.message("user", "message " + i, Map.of("m" + i, i))).blockingGet();
        }

        Session read = get("chat", Optional.of(GetSessionConfig.builder().numRecentEvents(2).build()));

        assertEquals(List.of("message 4", "message 5"), read.events().stream().map(Events::text).toList());
        assertEquals(5, read.state().size());
        assertTrue(get("chat", Optional.of(GetSessionConfig.builder().numRecentEvents(0).build())).events().isEmpty());
        assertEquals(5, get("chat", Optional.of(GetSessionConfig.builder().numRecentEvents(9).build())).events().size());
        assertThrows(IllegalArgumentException.class,
                () -> get("chat", Optional.of(GetSessionConfig.builder().numRecentEvents(-1).build())));
    }

    @Test
    void afterTimestamp_keepsTheEventsAtOrAfterIt() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        List<Event> appended = List.of(Events.user("one"), Events.user("two"), Events.user("three"));
        appended.forEach(event -> sessions.appendEvent(session, event).blockingGet());

        Session read = get("chat", Optional.of(GetSessionConfig.builder()
                .afterTimestamp(Instant.ofEpochMilli(appended.get(1).timestamp())).build()));

        assertEquals(List.of("two", "three"), read.events().stream().map(Events::text).toList());
    }

    @Test
    void listEvents_returnsEveryEvent_andNothingForAnUnknownSession() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        List<Event> appended = List.of(Events.user("one"), Events.model("two"));
        appended.forEach(event -> sessions.appendEvent(session, event).blockingGet());

        assertEquals(appended, sessions.listEvents("app", "ada", "chat").blockingGet().events());
        assertTrue(sessions.listEvents("app", "ada", "unknown").blockingGet().events().isEmpty());
        assertTrue(sessions.listEvents("app", "ada", "chat").blockingGet().nextPageToken().isEmpty());
    }

    @Test
    void partialEvents_areNeitherStoredNorApplied() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        Event partial = Events.message("model", "The ri", Map.of("x", 1)).toBuilder().partial(true).build();

        assertSame(partial, sessions.appendEvent(session, partial).blockingGet());

        assertTrue(session.events().isEmpty());
        assertTrue(get("chat", Optional.empty()).events().isEmpty());
    }

    @Test
    void eachEvent_isAnExtensionEntryFollowedByATurnEndCountingTheEvents() {
        Session session = sessions.createSession("app", "ada", null, "chat").blockingGet();
        Event first = Events.user("one");
        sessions.appendEvent(session, first).blockingGet();
        sessions.appendEvent(session, Events.model("two")).blockingGet();

        List<LogEntry> entries = store.readAll(head("chat"));

        assertEquals(6, entries.size());
        assertTrue(entries.get(0) instanceof LogEntry.SegmentStart);
        assertEquals(AdkJson.SESSION, ((LogEntry.Extension) entries.get(1)).domain());
        LogEntry.Extension event = (LogEntry.Extension) entries.get(2);
        assertEquals(AdkJson.EVENT, event.domain());
        assertEquals(first, Event.fromJson(event.payload().text()));
        assertEquals(new LogEntry.TurnEnd(first.timestamp(), 1), entries.get(3));
        assertEquals(2, ((LogEntry.TurnEnd) entries.get(5)).turnCount());
    }

    private Session get(String id, Optional<GetSessionConfig> config) {
        return sessions.getSession("app", "ada", id, config).blockingGet();
    }

    private SegmentId head(String id) {
        return store.listSegments(sessions.storeSessionId("app", "ada", id).orElseThrow(), PageRequest.first(1))
                .items().get(0);
    }

    /** Every entry of every segment of the store, as text. */
    private String storedText() {
        StringBuilder text = new StringBuilder();
        for (SegmentId segment : store.listSegments(PageRequest.first(1000)).items()) {
            store.readAll(segment).forEach(entry -> text.append(entry).append('\n'));
        }
        return text.toString();
    }
}
