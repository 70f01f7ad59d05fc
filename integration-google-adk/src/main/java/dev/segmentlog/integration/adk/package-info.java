/**
 * Google's Agent Development Kit for Java on segmentlog:
 * {@link dev.segmentlog.integration.adk.SegmentlogSessionService} is a persistent
 * {@code BaseSessionService} on any {@link dev.segmentlog.spi.SegmentStore} (SQLite and JSONL
 * embedded, S3 or PostgreSQL shared), with segmentlog's forks and concurrent-writer detection. It
 * is the only public type of this package.
 *
 * <h2>How ids map</h2>
 * <ul>
 *   <li>An ADK session (app name, user id, session id) is a segmentlog <em>session</em> with a
 *       minted, time-ordered {@link dev.segmentlog.core.SessionId}; its first segment is created
 *       with it. ADK session ids are free text (given, or a random UUID), so each user has a
 *       directory that maps them to segmentlog sessions (below).</li>
 *   <li>Each user of an app has a <em>user segment</em>, and each app an <em>app segment</em>,
 *       whose ids every process derives alike: a name-based (version 3) UUID of the JSON array
 *       {@code ["adk-user", appName, userId]} or {@code ["adk-app", appName]}. Each is its own
 *       segmentlog session of that same id, so {@code segmentlog ls} lists them next to the
 *       conversations.</li>
 * </ul>
 *
 * <h2>What the entries hold</h2>
 * Every record is an {@code extension} entry, whose domain says what it is:
 * <ul>
 *   <li>A session's first segment: {@code segment_start}, then {@code adk.session}
 *       {@code {"appName", "userId", "id", "state"}}, the owner and the initial session state.</li>
 *   <li>Each event: {@code adk.event} holding the event exactly as ADK's {@code Event.toJson()}
 *       writes it, less the {@code temp:} keys of its state delta, followed in the same atomic
 *       append by a {@code turn_end} whose count is the number of events of the session so far.
 *       Each event is one turn of the log, so a fork's {@code forked_from.at_turn_index} is the
 *       number of events its writer had seen, and {@code segmentlog fork --at-turn N} cuts after
 *       the N-th event.</li>
 *   <li>A user segment: {@code adk.session_created} {@code {"id", "session"}} and
 *       {@code adk.session_deleted} (the same fields: only that pairing is removed, so a late delete
 *       never removes a session created again under the same id), and {@code adk.state}, a delta of
 *       {@code user:} state. An app segment: {@code adk.state}, deltas of {@code app:} state. Keys
 *       keep their prefix; a removed key holds ADK's mark for {@code State.REMOVED}.</li>
 * </ul>
 *
 * <h2>How a session is rebuilt</h2>
 * {@code getSession} looks the id up in the user's directory, takes the session's newest segment
 * (its <em>head</em>) and reads it. When the head is a fork, its history starts with its source's
 * history up to the cut ({@code at_entry} entries when recorded, else the source's first
 * {@code at_turn_index} events), the source's own history rebuilt the same way, down to the first
 * segment. The events are the {@code adk.event} entries of that history in order, read back with
 * {@code Event.fromJson}. The session state is the initial state with every event's state delta
 * applied in order, {@code app:}, {@code user:} and {@code temp:} keys left out, and then the
 * current {@code app:} state of the app segment and {@code user:} state of the user segment added.
 * {@code numRecentEvents} and {@code afterTimestamp} trim the events returned, not what is read:
 * the state needs every event. State values come back as JSON types (maps, lists, strings,
 * numbers, booleans), as from any store that persists ADK state.
 *
 * <h2>State scopes</h2>
 * Session keys live in the session's own events. {@code app:} and {@code user:} keys are shared:
 * an event's delta of them is appended to the app or user segment right after the event, with no
 * expected count, because ADK state is last-writer-wins per key; every delta stays in the log.
 * A process that dies between the two appends keeps the event (whose JSON still holds the delta)
 * without the shared update. {@code temp:} keys are never stored: they live only in the
 * {@code Session} object of the running invocation, as in ADK's in-memory service, which also
 * ignores them in the session state. Initial state given to {@code createSession} is split the
 * same way. The shared segments are folded incrementally: each call reads only what was appended
 * since this service last read them, so another process's updates are seen at the next call.
 *
 * <h2>Concurrent writers and forks</h2>
 * Every {@code Session} object that {@code createSession} or {@code getSession} returns has its own
 * {@link dev.segmentlog.log.SegmentWriter}, positioned at what that object read. Its
 * {@code appendEvent} appends only if the head still holds exactly that many entries. When another
 * writer (another process, or another {@code Session} object of the same session) appended
 * meanwhile, the writer forks instead: a new segment of the same segmentlog session, recording
 * {@code forked_from} at the events it had seen, receives this event and the object's later ones.
 * Nothing is interleaved and nothing is lost:
 * <ul>
 *   <li>After a fork, {@code getSession} returns the history of the <em>newest</em> segment: the
 *       events the forking writer had seen, then its own. The events the other writer appended
 *       after the cut stay in the older segment, which is never changed nor deleted; a writer still
 *       holding a {@code Session} of that older segment keeps appending there without conflict.</li>
 *   <li>Those branches are reachable: {@link dev.segmentlog.integration.adk.SegmentlogSessionService#storeSessionId}
 *       names the segmentlog session, whose segments {@code SegmentStore.listSegments(session, page)}
 *       or {@code segmentlog ls}/{@code show} list and read.</li>
 * </ul>
 * Creating a session under an id that the user already has fails, also when two processes race
 * for it: the directory is appended with an expected count.
 *
 * <h2>What a crash leaves</h2>
 * An event and its {@code turn_end} are one append: both or neither are stored. A process that
 * dies inside {@code createSession} after creating the segment but before registering its id
 * leaves a segmentlog session that no ADK id names (visible to {@code segmentlog ls}, never to
 * ADK); one that dies inside {@code deleteSession} after removing the id leaves the data of a
 * session ADK no longer sees. Both can be deleted with the store's {@code deleteSession}.
 *
 * <h2>What a call costs</h2>
 * {@code createSession}: one create, a directory read of what is new and one conditional append.
 * {@code appendEvent}: one conditional append (two entries), plus one append per shared scope the
 * delta touches. {@code getSession} and {@code listEvents}: the head and each source segment read
 * once, plus the new part of the user and app segments. {@code listSessions}: the new part of the
 * directory, then one listing and one info call per session. {@code deleteSession}: one append and
 * one {@code deleteSession} of the store.
 */
package dev.segmentlog.integration.adk;
