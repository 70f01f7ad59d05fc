package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.adk.events.Event;
import com.google.adk.sessions.Session;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConcurrentWritersTest {
    private final InMemorySegmentStore store = new InMemorySegmentStore();
    private final SegmentlogSessionService sessions = new SegmentlogSessionService(store);

    @Test
    void aStaleSessionObject_forksInsteadOfInterleaving_andGetSessionReturnsTheFork() {
        Session created = sessions.createSession("app", "ada", Map.of("mood", "calm"), "chat").blockingGet();
        Event before = Events.user("before");
        sessions.appendEvent(created, before).blockingGet();
        Session first = get();
        Session second = get();

        Event byFirst = Events.message("model", "first writer", Map.of("writer", "first"));
        Event bySecond = Events.message("model", "second writer", Map.of("writer", "second"));
        sessions.appendEvent(first, byFirst).blockingGet();
        sessions.appendEvent(second, bySecond).blockingGet();

        Session read = get();
        assertEquals(List.of(before, bySecond), read.events());
        assertEquals(Map.of("mood", "calm", "writer", "second"), Map.copyOf(read.state()));
        List<SegmentId> segments = segments();
        assertEquals(2, segments.size());
        assertEquals(List.of(before, byFirst), ownEvents(segments.get(1)), "the first writer's event stays in the older segment");
        assertEquals(List.of(bySecond), ownEvents(segments.get(0)), "the fork holds only what was written after the cut");
    }

    @Test
    void bothWriters_keepAppending_eachToItsOwnSegment_andNothingIsLost() {
        sessions.createSession("app", "ada", null, "chat").blockingGet();
        Session first = get();
        Session second = get();
        List<Event> byFirst = new ArrayList<>();
        List<Event> bySecond = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            byFirst.add(sessions.appendEvent(first, Events.user("first " + i)).blockingGet());
            bySecond.add(sessions.appendEvent(second, Events.user("second " + i)).blockingGet());
        }

        List<SegmentId> segments = segments();
        assertEquals(2, segments.size(), "one fork, then each writer stays on its own segment");
        assertEquals(byFirst, ownEvents(segments.get(1)));
        assertEquals(bySecond, ownEvents(segments.get(0)));
        assertEquals(bySecond, get().events());
        assertEquals(byFirst, first.events(), "each Session object holds what it wrote");
        assertEquals(bySecond, second.events());
    }

    @Test
    void aForkOfAFork_rebuildsTheWholeLineage() {
        sessions.createSession("app", "ada", null, "chat").blockingGet();
        Event root = sessions.appendEvent(get(), Events.user("root")).blockingGet();
        Session a = get();
        Session b = get();
        sessions.appendEvent(a, Events.user("a, lost to the first fork")).blockingGet();
        Event forked = sessions.appendEvent(b, Events.user("b, in the first fork")).blockingGet();
        Session c = get();
        Session d = get();
        sessions.appendEvent(c, Events.user("c, lost to the second fork")).blockingGet();
        Event forkedAgain = sessions.appendEvent(d, Events.user("d, in the second fork")).blockingGet();

        assertEquals(List.of(root, forked, forkedAgain), get().events());
        assertEquals(3, segments().size());
    }

    @Test
    void aForkMadeWithSegmentlogAtATurn_isTheSessionCutAfterThatManyEvents() {
        Session session = sessions.createSession("app", "ada", Map.of("start", true), "chat").blockingGet();
        List<Event> appended = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            appended.add(sessions.appendEvent(session, Events.message("user", "message " + i, Map.of("n", i))).blockingGet());
        }

        new SegmentLog(store).forkAtTurn(segments().get(0), 2);

        Session read = get();
        assertEquals(appended.subList(0, 2), read.events());
        assertEquals(Map.of("start", true, "n", 2), Map.copyOf(read.state()));
        Event next = sessions.appendEvent(read, Events.user("after the fork")).blockingGet();
        assertEquals(List.of(appended.get(0), appended.get(1), next), get().events());
    }

    @Test
    void twoServicesOnOneStore_appendingConcurrently_loseNothing_andNeverInterleave() throws Exception {
        InMemorySegmentStore shared = InMemorySegmentStore.named("adk-two-writers-" + System.nanoTime());
        SegmentlogSessionService one = new SegmentlogSessionService(shared);
        SegmentlogSessionService two = new SegmentlogSessionService(shared.reopen()); // as a second process would
        one.createSession("app", "ada", null, "chat").blockingGet();
        int perWriter = 50;

        List<Set<String>> written = runConcurrently(perWriter,
                one.getSession("app", "ada", "chat", Optional.empty()).blockingGet(), one,
                two.getSession("app", "ada", "chat", Optional.empty()).blockingGet(), two);

        assertNothingLostNorInterleaved(shared, one.storeSessionId("app", "ada", "chat").orElseThrow(), written, perWriter);
    }

    /** Two writers append {@code perWriter} events each at once; returns the ids each wrote. */
    static List<Set<String>> runConcurrently(int perWriter, Session first, SegmentlogSessionService firstService,
                                             Session second, SegmentlogSessionService secondService)
            throws InterruptedException {
        List<Set<String>> written = List.of(new HashSet<>(), new HashSet<>());
        Thread[] threads = {
                writer(firstService, first, "first", perWriter, written.get(0)),
                writer(secondService, second, "second", perWriter, written.get(1))};
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return written;
    }

    private static Thread writer(SegmentlogSessionService service, Session session, String name, int count,
                                 Set<String> ids) {
        return new Thread(() -> {
            for (int i = 0; i < count; i++) {
                ids.add(service.appendEvent(session, Events.user(name + " " + i)).blockingGet().id());
            }
        });
    }

    /**
     * The conflict was detected (one fork), every event written is stored exactly once, and each
     * segment's own events come from one writer: a segment never interleaves two writers.
     */
    static void assertNothingLostNorInterleaved(SegmentStore store, SessionId session, List<Set<String>> written,
                                                int perWriter) {
        List<SegmentId> segments = store.listSegments(session, PageRequest.first(100)).items();
        assertEquals(2, segments.size(), "the second writer to append forked once, then each kept its own segment");
        List<String> stored = new ArrayList<>();
        for (SegmentId segment : segments) {
            Set<Integer> writers = new HashSet<>();
            for (Event event : ownEvents(store, segment)) {
                stored.add(event.id());
                writers.add(written.get(0).contains(event.id()) ? 0 : 1);
            }
            assertTrue(writers.size() <= 1, "segment " + segment + " interleaves both writers");
        }
        Set<String> expected = new HashSet<>(written.get(0));
        expected.addAll(written.get(1));
        assertEquals(2 * perWriter, expected.size());
        assertEquals(expected.size(), stored.size(), "each event stored exactly once");
        assertEquals(expected, new HashSet<>(stored));
    }

    private Session get() {
        return sessions.getSession("app", "ada", "chat", Optional.empty()).blockingGet();
    }

    private List<SegmentId> segments() {
        SessionId session = sessions.storeSessionId("app", "ada", "chat").orElseThrow();
        return store.listSegments(session, PageRequest.first(100)).items();
    }

    private List<Event> ownEvents(SegmentId segment) {
        return ownEvents(store, segment);
    }

    /** The events a segment holds itself, not those it inherits through its origin. */
    static List<Event> ownEvents(SegmentStore store, SegmentId segment) {
        List<Event> events = new ArrayList<>();
        for (LogEntry entry : store.readAll(segment)) {
            if (entry instanceof LogEntry.Extension extension && extension.domain().equals(AdkJson.EVENT)) {
                events.add(AdkJson.event(extension.payload()));
            }
        }
        return events;
    }
}
