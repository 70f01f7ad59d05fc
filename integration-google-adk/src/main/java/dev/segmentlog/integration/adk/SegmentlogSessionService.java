package dev.segmentlog.integration.adk;

import com.google.adk.events.Event;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.ListEventsResponse;
import com.google.adk.sessions.ListSessionsResponse;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.SessionException;
import com.google.adk.sessions.SessionNotFoundException;
import com.google.adk.sessions.State;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.integration.adk.AdkJson.SessionRecord;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A persistent {@link BaseSessionService} for Google's Agent Development Kit on any segmentlog
 * {@link SegmentStore}: sessions, their events and their state survive restarts, several processes
 * can share one store, and a concurrent writer to the same session is detected and forked, never
 * interleaved nor lost.
 *
 * <pre>{@code
 * BaseSessionService sessions = new SegmentlogSessionService(SegmentStores.open("sqlite:./agent.db"));
 * Runner runner = Runner.builder().agent(agent).appName("my-app")
 *         .sessionService(sessions).artifactService(new InMemoryArtifactService()).build();
 * }</pre>
 *
 * <p>How sessions, events and state map onto segments, how a session is rebuilt, and what
 * {@link #getSession} returns after a fork is described in the {@linkplain dev.segmentlog.integration.adk
 * package overview}.
 *
 * <p>Every method does its work when it is called, as ADK's {@code InMemorySessionService} does,
 * and returns its result, or its failure, in the reactive type: a store failure arrives as a
 * {@link SessionException} whose cause is the {@link StoreException}. A null argument throws
 * {@link NullPointerException} at once. The service does not own the store: close the store when
 * the service is no longer used. Thread-safe.
 */
public final class SegmentlogSessionService implements BaseSessionService {
    /** How many apps' and users' shared segments a service keeps folded in memory. */
    private static final int SHARED_SEGMENTS_KEPT = 1024;

    private final SegmentStore store;
    private final SegmentLog log;
    /** The writer behind each Session object this service handed out: its view of the session. */
    private final Map<Session, LiveSession> writers = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<SegmentId, SharedSegment> shared = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<SegmentId, SharedSegment> eldest) {
                    return size() > SHARED_SEGMENTS_KEPT;
                }
            });

    /**
     * A session service that keeps its sessions in {@code store}.
     *
     * @param store where sessions live; the caller closes it
     * @throws NullPointerException if {@code store} is null
     */
    public SegmentlogSessionService(SegmentStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = new SegmentLog(store);
    }

    /**
     * Same as {@link #createSession(String, String, Map, String)}.
     *
     * @throws NullPointerException if {@code appName} or {@code userId} is null
     * @deprecated as in {@link BaseSessionService}
     */
    @Deprecated
    @Override
    public Single<Session> createSession(String appName, String userId, ConcurrentMap<String, Object> state,
                                         String sessionId) {
        return createSession(appName, userId, (Map<String, Object>) state, sessionId);
    }

    /**
     * Creates a session: a new segmentlog session whose first segment records the ADK session's
     * owner, id and initial session state. Initial {@code app:} and {@code user:} keys go to the
     * app's and the user's shared state, {@code temp:} keys are dropped, null values are skipped.
     *
     * @param state     nullable: the initial state
     * @param sessionId nullable or blank: a random UUID is used
     * @return the new session, with its state merged with the app's and the user's; fails with a
     *         {@link SessionException} when this app and user already have a session of that id
     *         (an existing conversation is never replaced)
     * @throws NullPointerException if {@code appName} or {@code userId} is null
     */
    @Override
    public Single<Session> createSession(String appName, String userId, Map<String, Object> state, String sessionId) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        String id = sessionId == null || sessionId.isBlank() ? UUID.randomUUID().toString() : sessionId.trim();
        Map<String, Object> initial = new HashMap<>();
        if (state != null) {
            state.forEach((key, value) -> {
                if (value != null && !key.startsWith(State.TEMP_PREFIX)) {
                    initial.put(key, value);
                }
            });
        }
        try {
            SharedSegment user = shared(SharedSegment.userSegment(appName, userId));
            if (user.session(id).isPresent()) {
                return Single.error(alreadyExists(appName, userId, id));
            }
            Map<String, Object> sessionState = sessionScoped(initial);
            SessionId session = SessionId.generate();
            SegmentId segment = SegmentId.generate();
            long now = log.now();
            store.create(segment, StoredEntry.plain(List.of(
                    new LogEntry.SegmentStart(now, session, null, RequestConfig.DEFAULT, List.of(), null, null),
                    new LogEntry.Extension(now, AdkJson.SESSION,
                            AdkJson.sessionRecord(new SessionRecord(appName, userId, id, sessionState))))));
            // Opened before the id is registered, while no one else can know the segment,
            // so the writer has read exactly what was created.
            LiveSession writer = new LiveSession(log.writer(segment), 0);
            if (!user.register(id, session)) {
                store.deleteSession(session); // another process took the id first: leave nothing behind
                return Single.error(alreadyExists(appName, userId, id));
            }
            user.appendState(withPrefix(initial, State.USER_PREFIX));
            shared(SharedSegment.appSegment(appName)).appendState(withPrefix(initial, State.APP_PREFIX));
            Session created = Session.builder(id).appName(appName).userId(userId)
                    .state(withShared(sessionState, appName, userId)).lastUpdateTime(Instant.ofEpochMilli(now)).build();
            writers.put(created, writer);
            return Single.just(created);
        } catch (RuntimeException e) {
            return Single.error(failure("create session " + id + " of user " + userId + " in app " + appName, e));
        }
    }

    /**
     * Rebuilds a session from its segments: every event in order, and its state folded from the
     * initial state and every event's state delta, merged with the app's and the user's current
     * shared state. The whole history is read whatever {@code config} asks: state needs every event.
     * After a concurrent writer forked the session, this is the newest fork's history (see the
     * package overview).
     *
     * @param config empty for every event; else keep only the {@code numRecentEvents} last events,
     *               then only those at or after {@code afterTimestamp}, as {@code InMemorySessionService} does
     * @return the session, or empty when there is none of that id for this app and user
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code numRecentEvents} is negative
     */
    @Override
    public Maybe<Session> getSession(String appName, String userId, String sessionId, Optional<GetSessionConfig> config) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(config, "config");
        config.flatMap(GetSessionConfig::numRecentEvents).filter(count -> count < 0).ifPresent(count -> {
            throw new IllegalArgumentException("numRecentEvents must not be negative: " + count);
        });
        try {
            Optional<Restored> restored = restore(appName, userId, sessionId);
            if (restored.isEmpty()) {
                return Maybe.empty();
            }
            Session session = restored.get().session();
            List<Event> events = session.events();
            config.flatMap(GetSessionConfig::numRecentEvents).filter(count -> count < events.size())
                    .ifPresent(count -> events.subList(0, events.size() - count).clear());
            config.flatMap(GetSessionConfig::afterTimestamp).ifPresent(after ->
                    events.removeIf(event -> Instant.ofEpochMilli(event.timestamp()).isBefore(after)));
            writers.put(session, restored.get().writer());
            return Maybe.just(session);
        } catch (RuntimeException e) {
            return Maybe.error(failure("read session " + sessionId + " of user " + userId + " in app " + appName, e));
        }
    }

    /**
     * Lists a user's sessions in the order they were created: id, app, user and last update time
     * (the time of the last event, or of creation), without events or state, as the
     * {@link BaseSessionService} contract allows. Costs one read of the user's directory (only what
     * was added since this service last read it) and, per session, a listing and an info call.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Single<ListSessionsResponse> listSessions(String appName, String userId) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        try {
            List<Session> sessions = new ArrayList<>();
            shared(SharedSegment.userSegment(appName, userId)).sessions().forEach((id, session) ->
                    lastWrite(session).ifPresent(lastWrite -> sessions.add(Session.builder(id).appName(appName)
                            .userId(userId).lastUpdateTime(Instant.ofEpochMilli(lastWrite)).build())));
            return Single.just(ListSessionsResponse.builder().sessions(sessions).build());
        } catch (RuntimeException e) {
            return Single.error(failure("list the sessions of user " + userId + " in app " + appName, e));
        }
    }

    /**
     * Deletes a session: its id leaves the user's directory, then its segmentlog session is deleted
     * with every segment (its forks too). Deleting a session that does not exist does nothing, as in
     * {@code InMemorySessionService}.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Completable deleteSession(String appName, String userId, String sessionId) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        try {
            SharedSegment user = shared(SharedSegment.userSegment(appName, userId));
            Optional<SessionId> session = user.session(sessionId);
            if (session.isPresent()) {
                user.unregister(sessionId, session.get());
                store.deleteSession(session.get());
            }
            return Completable.complete();
        } catch (RuntimeException e) {
            return Completable.error(failure("delete session " + sessionId + " of user " + userId + " in app " + appName, e));
        }
    }

    /**
     * Every event of a session, oldest first, in one response (no next page). Empty for a session
     * that does not exist, as in {@code InMemorySessionService}.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Single<ListEventsResponse> listEvents(String appName, String userId, String sessionId) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        try {
            return Single.just(ListEventsResponse.builder()
                    .events(restore(appName, userId, sessionId).map(found -> found.session().events()).orElse(List.of()))
                    .build());
        } catch (RuntimeException e) {
            return Single.error(failure("list the events of session " + sessionId + " of user " + userId
                    + " in app " + appName, e));
        }
    }

    /**
     * Records an event and applies it to {@code session}. The event (in ADK's JSON form, without its
     * {@code temp:} state keys) is appended to the segment {@code session} was read from, only if no
     * other writer appended there since; otherwise the session forks and the event goes to the fork.
     * Its {@code user:} and {@code app:} state keys are then recorded in the user's and the app's
     * shared state. Finally {@code session} is updated as {@link BaseSessionService#appendEvent}
     * does: the event is added and its non-{@code temp:} delta applied. A partial event is returned
     * as is, and neither recorded nor applied.
     *
     * <p>A {@code session} this service did not hand out is looked up by its app, user and id, and
     * its writer starts from what the store holds now.
     *
     * @return the event; fails with a {@link SessionNotFoundException} when the session does not
     *         exist (any more), with a {@link SessionException} when the store fails
     * @throws NullPointerException if an argument, or the session's app, user or id, is null
     */
    @Override
    public Single<Event> appendEvent(Session session, Event event) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(event, "event");
        String appName = Objects.requireNonNull(session.appName(), "session.appName");
        String userId = Objects.requireNonNull(session.userId(), "session.userId");
        String sessionId = Objects.requireNonNull(session.id(), "session.id");
        if (event.partial().orElse(false)) {
            return Single.just(event);
        }
        try {
            LiveSession writer = writers.get(session);
            if (writer == null) {
                Optional<Restored> stored = restore(appName, userId, sessionId);
                if (stored.isEmpty()) {
                    return Single.error(new SessionNotFoundException("session " + sessionId + " of user " + userId
                            + " in app " + appName + " does not exist"));
                }
                LiveSession earlier = writers.putIfAbsent(session, stored.get().writer());
                writer = earlier != null ? earlier : stored.get().writer();
            }
            writer.append(event);
            Map<String, Object> delta = event.actions() == null ? Map.of() : event.actions().stateDelta();
            shared(SharedSegment.userSegment(appName, userId)).appendState(withPrefix(delta, State.USER_PREFIX));
            shared(SharedSegment.appSegment(appName)).appendState(withPrefix(delta, State.APP_PREFIX));
        } catch (RuntimeException e) {
            return Single.error(failure("append event " + event.id() + " to session " + sessionId + " of user "
                    + userId + " in app " + appName, e));
        }
        BaseSessionService.super.appendEvent(session, event);
        session.lastUpdateTime(Instant.ofEpochMilli(event.timestamp()));
        return Single.just(event);
    }

    /**
     * The segmentlog session that holds an ADK session: its segments are the session's head and,
     * after concurrent writers, the older branches ({@link SegmentStore#listSegments(SessionId, PageRequest)},
     * or {@code segmentlog ls} and {@code segmentlog show}).
     *
     * @param appName   the ADK app name
     * @param userId    the ADK user id
     * @param sessionId the ADK session id
     * @return empty when there is no session of that id for this app and user
     * @throws NullPointerException if an argument is null
     * @throws StoreException       what the store throws
     */
    public Optional<SessionId> storeSessionId(String appName, String userId, String sessionId) {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        return shared(SharedSegment.userSegment(appName, userId)).session(sessionId);
    }

    /** A session rebuilt from the store, and the writer that continues from what it read. */
    private record Restored(Session session, LiveSession writer) {}

    private Optional<Restored> restore(String appName, String userId, String sessionId) {
        SharedSegment user = shared(SharedSegment.userSegment(appName, userId));
        Optional<StoredSession> found = user.session(sessionId).flatMap(session -> StoredSession.load(log, session));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredSession stored = found.get();
        List<Event> events = new ArrayList<>(stored.events().size());
        Map<String, Object> state = new HashMap<>(stored.record().state());
        for (LogEntry.Extension entry : stored.events()) {
            Event event = AdkJson.event(entry.payload());
            events.add(event);
            if (event.actions() != null) {
                sessionScoped(event.actions().stateDelta()).forEach((key, value) -> {
                    if (value == State.REMOVED) {
                        state.remove(key);
                    } else {
                        state.put(key, value);
                    }
                });
            }
        }
        long lastUpdate = events.isEmpty() ? stored.createdAt() : events.get(events.size() - 1).timestamp();
        Session session = Session.builder(sessionId).appName(appName).userId(userId)
                .state(withShared(state, appName, userId)).events(events)
                .lastUpdateTime(Instant.ofEpochMilli(lastUpdate)).build();
        return Optional.of(new Restored(session, new LiveSession(stored.writer(), events.size())));
    }

    /** The time of a session's last write, or empty when it was deleted meanwhile. */
    private Optional<Long> lastWrite(SessionId session) {
        List<SegmentId> head = store.listSegments(session, PageRequest.first(1)).items();
        try {
            return head.isEmpty() ? Optional.empty() : Optional.of(store.info(head.get(0)).lastEntryTs());
        } catch (SegmentNotFoundException deletedMeanwhile) {
            return Optional.empty();
        }
    }

    /** {@code sessionState} with the app's {@code app:} and the user's {@code user:} state added. */
    private ConcurrentMap<String, Object> withShared(Map<String, Object> sessionState, String appName, String userId) {
        ConcurrentMap<String, Object> state = new ConcurrentHashMap<>(sessionState);
        state.putAll(shared(SharedSegment.appSegment(appName)).state());
        state.putAll(shared(SharedSegment.userSegment(appName, userId)).state());
        return state;
    }

    private SharedSegment shared(SegmentId id) {
        return shared.computeIfAbsent(id, segment -> new SharedSegment(store, segment, log::now));
    }

    /** The keys of {@code state} that belong to the session alone: no {@code app:}, {@code user:} or {@code temp:} prefix. */
    private static Map<String, Object> sessionScoped(Map<String, Object> state) {
        Map<String, Object> scoped = new HashMap<>();
        state.forEach((key, value) -> {
            if (!key.startsWith(State.APP_PREFIX) && !key.startsWith(State.USER_PREFIX)
                    && !key.startsWith(State.TEMP_PREFIX)) {
                scoped.put(key, value);
            }
        });
        return scoped;
    }

    /** The keys of {@code state} with {@code prefix}, prefix kept. */
    private static Map<String, Object> withPrefix(Map<String, Object> state, String prefix) {
        Map<String, Object> scoped = new HashMap<>();
        state.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                scoped.put(key, value);
            }
        });
        return scoped;
    }

    private static SessionException alreadyExists(String appName, String userId, String sessionId) {
        return new SessionException("session " + sessionId + " of user " + userId + " in app " + appName
                + " already exists: get it with getSession, or create the new one with another id");
    }

    private static SessionException failure(String what, RuntimeException cause) {
        return cause instanceof SessionException session ? session
                : new SessionException("could not " + what + ": " + cause.getMessage(), cause);
    }
}
