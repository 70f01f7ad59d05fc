package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.store.s3.Bodies.Batch;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a create and an append become objects: one {@code PUT} with {@code If-None-Match: *} of the
 * commit key at the position the batch starts, so the object store arbitrates concurrent writers. A
 * 412 is another writer's object, or this writer's own behind an SDK retry of a request that had in fact
 * succeeded: the object's writer token tells which. Callers hold the segment's lock.
 */
final class CommitProtocol {
    private static final System.Logger LOG = System.getLogger(CommitProtocol.class.getName());
    private static final int MAX_APPEND_ATTEMPTS = 100;

    private final S3Access s3;
    private final Keys keys;
    private final Index index;
    private final Bodies bodies;
    private final DecodedObjects objects;
    private final TailFinder tails;
    private final Supplier<String> tokens;

    CommitProtocol(S3Access s3, Keys keys, Index index, Bodies bodies, DecodedObjects objects, TailFinder tails,
            Supplier<String> tokens) {
        this.s3 = s3;
        this.keys = keys;
        this.index = index;
        this.bodies = bodies;
        this.objects = objects;
        this.tails = tails;
        this.tokens = tokens;
    }

    /**
     * Creates a segment: its index entries first (a crash after them leaves entries that listings check
     * against the segment's objects, whereas the other order could hide a segment), then {@code log/0}
     * with {@code If-None-Match: *}. {@code state} is new and locked; it is kept once the segment exists.
     *
     * @throws SegmentAlreadyExistsException if the segment exists (it is never overwritten)
     */
    void create(SegmentState state, SessionId session, Batch batch) {
        index.add(session, state.id);
        String token = tokens.get();
        String key = keys.commit(state.id, 0);
        Map<String, String> metadata = CommitMetadata.of(token, batch);
        metadata.put(CommitMetadata.SESSION, session.toString());
        if (!s3.putIfAbsent(key, batch.body(), metadata)) {
            Optional<Map<String, String>> existing = s3.head(key);
            if (existing.isEmpty() || !CommitMetadata.writtenBy(existing.get(), token)) {
                if (existing.isPresent() && !session.toString().equals(existing.get().get(CommitMetadata.SESSION))) {
                    forgetSessionEntry(session, state.id); // ours names the wrong session
                }
                throw new SegmentAlreadyExistsException(state.id);
            }
            // our own write, answered 412 after an SDK retry: it is stored
        }
        objects.remember(key, bodies.decodeEntries(state.id, 0, batch.body(), key), batch.body().length);
        state.loaded = true;
        state.addCommit(0, batch.size(), batch.lastTs(), key);
        tails.confirm(state);
        tails.adopt(state);
    }

    /**
     * Appends a batch as one commit object at the tail if {@code expected} holds: one {@code PUT} when
     * uncontended. The tail it writes at is always the end of an object it has seen, a real boundary, and
     * an expected count that differs from it is checked against the true tail first, so a write never
     * lands inside another writer's batch.
     *
     * @return whether a commit was written (false for an empty batch)
     * @throws ConflictException if the segment holds another number of entries than an exact {@code expected}
     * @throws BackendException  if the tail stayed contended for 100 attempts
     */
    boolean append(SegmentState state, ExpectedCount expected, Batch batch) {
        tails.knowTail(state);
        if (!expected.matches(state.tail)) {
            tails.probe(state, Long.MAX_VALUE, false); // the cached tail may be stale: never report a conflict on it
        }
        for (int attempt = 1; ; attempt++) {
            if (expected instanceof ExpectedCount.Exactly exactly && !exactly.matches(state.tail)) {
                throw new ConflictException(state.id, exactly.count(), state.tail);
            }
            if (batch.size() == 0) {
                return false;
            }
            if (tryCommit(state, state.tail, batch)) {
                return true;
            }
            tails.probe(state, Long.MAX_VALUE, false); // another writer appended: find the new tail and check again
            if (attempt == MAX_APPEND_ATTEMPTS) {
                throw new BackendException("S3 store " + s3.location() + ": gave up appending to segment " + state.id
                        + " after " + attempt + " attempts lost to other writers; nothing was written", null);
            }
        }
    }

    /**
     * Writes the commit object at {@code position} with {@code If-None-Match: *}.
     *
     * @return false if another writer holds the position (the state is then left for a probe to advance)
     */
    private boolean tryCommit(SegmentState state, long position, Batch batch) {
        String token = tokens.get();
        String key = keys.commit(state.id, position);
        if (!s3.putIfAbsent(key, batch.body(), CommitMetadata.of(token, batch))) {
            Optional<Map<String, String>> existing = s3.head(key);
            if (existing.isEmpty() || !CommitMetadata.writtenBy(existing.get(), token)) {
                return false;
            }
            // a 412 for our own write: an SDK retry of a request that had in fact succeeded
        }
        objects.remember(key, bodies.decodeEntries(state.id, position, batch.body(), key), batch.body().length);
        state.addCommit(position, batch.size(), batch.lastTs(), key);
        tails.confirm(state);
        return true;
    }

    private void forgetSessionEntry(SessionId session, SegmentId segment) {
        try {
            index.removeFromSession(session, segment);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "S3 store " + s3.location() + ": could not remove the index entry of "
                    + "segment " + segment + " in session " + session + "; listings leave it out", e);
        }
    }
}
