/**
 * A framework's chat memory kept as segmentlog sessions: what the Spring AI and LangChain4j
 * integrations share. An integration supplies a {@link dev.segmentlog.integration.chat.MessageCodec}
 * (its message type as history items) and delegates its memory interface to a
 * {@link dev.segmentlog.integration.chat.ConversationLog}; this page describes what the log stores
 * for it, so the integrations' own documentation only says how their messages map.
 *
 * <h2>One conversation, one session</h2>
 * Where a conversation lives is computed from its id alone, so no index is kept, read at start-up
 * or repaired after a crash, and every store works alike:
 * <ul>
 *   <li>the session id is a name-based UUID (version 8) of SHA-256(namespace, NUL, conversation
 *       id): the same id finds the same conversation after a restart, from any process, on any
 *       store; another namespace's conversation of the same id is another session;</li>
 *   <li>the first segment's id (the root) is the session's random bits with a zero timestamp
 *       field, so it sorts before every segment minted later (UUIDv7);</li>
 *   <li>the conversation is the newest segment of its session: the root, or the latest fork. Two
 *       writers that start one conversation at once both try to create the root; the store lets
 *       one win and the other continues in it.</li>
 * </ul>
 *
 * <h2>Entries</h2>
 * <ul>
 *   <li>The root opens with {@code segment_start}, then an extension
 *       {@code <namespace>.conversation} {@code {"id": ...}} that names the conversation (the one
 *       entry {@code conversationIds()} reads per session).</li>
 *   <li>Each new message becomes the history items its codec gives: a user message of one text a
 *       {@code user_input}, a tool result a {@code tool_result}, everything else an
 *       {@code assistant_item}; a message that ends a turn is followed by {@code turn_end}.</li>
 *   <li>A message its items do not give back exactly is preceded by an extension
 *       {@code <namespace>.message} {@code {"item": n, "message": "..."}}: the message in the
 *       framework's own form (its sidecar), which replaces what the items decode to. Sidecars are
 *       carried into a fork only for the messages still in the list, so the history of a fork gives
 *       older messages of that kind back from their items.</li>
 *   <li>An extension {@code <namespace>.window} {@code {"ranges": [[from, to], ...], "end": n}},
 *       whenever a save changed the list otherwise than by appending: which history items (by
 *       index in the replayed history, half-open ranges, in the list's order) the list holds now;
 *       items past {@code end} (written later by another tool) belong to it too.</li>
 * </ul>
 * So {@code segmentlog show}, {@code SegmentLog.restore}, forks and hash-chain verification work on
 * a conversation as on any other session.
 *
 * <h2>Windowed saves</h2>
 * Frameworks save their whole current list each time, and a windowed memory drops old messages
 * from it. A save appends only the messages not in the previous list, in one atomic append; when
 * the list dropped, moved or inserted messages before old ones, the same append carries a window
 * entry, never the messages again. Nothing stored is rewritten or removed (until the conversation
 * is deleted), so the segment keeps the whole conversation behind the window: reading the list
 * applies the latest window to the replayed history, reading the history does not. A message of
 * the saved list is a stored one if it is the very object the previous read returned; when the list
 * holds no such object (the caller rebuilt its messages), if its history items equal those of the
 * next stored message, in order.
 *
 * <h2>Cost</h2>
 * A conversation's writer and list are cached (up to a bound, least recently used first out). With
 * the conversation cached, reading its list is one listing of the session's newest segment and one
 * {@code count}; a save is that listing and one conditional append of the new entries, the same at
 * turn 10 and at turn 10,000. Only a conversation that is not cached (after a restart) is read,
 * once. Listing the conversations walks every session of the store, one small read per session.
 *
 * <h2>Two writers</h2>
 * Appends are conditional on the count the writer last saw. When another process (or another log
 * on the same store) wrote the conversation since this one last read it, this one's save neither
 * interleaves with it nor overwrites it: it forks the segment (same session, {@code forked_from} =
 * the segment and turn it started from) and appends there. The fork is then the newest segment, so
 * every reader gets the list of the writer that forked; the other writer's messages stay, untouched,
 * in the segment it forked from. A writer that finds a newer segment than the one it writes forks
 * from its own view in the same way. Nothing is lost and nothing is interleaved; which branch is
 * current is the later writer's.
 *
 * <h2>Testing an integration</h2>
 * This module's test jar ({@code <type>test-jar</type>}) holds the tests every integration runs
 * with its framework's real classes (package {@code dev.segmentlog.integration.chat.testkit}: saves,
 * two writers, restarts, the cost of a turn) and the harness of the benchmarks against the
 * frameworks' own persistence.
 */
package dev.segmentlog.integration.chat;
