package dev.segmentlog.store.s3;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.s3.Bodies.Batch;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A {@link SegmentStore} on Amazon S3 or an S3-compatible server (MinIO, R2, S3Proxy, Ceph): each append
 * is one new immutable object written with {@code If-None-Match: *} at the key of its first
 * position, so the object store itself arbitrates concurrent writers. The layout, the way the tail
 * is found, packing and caching are described in the {@linkplain dev.segmentlog.store.s3 package
 * documentation}.
 *
 * <p>Open one with {@link #open(S3StoreOptions)} or through
 * {@code SegmentStores.open("s3://bucket/prefix?region=…")}. Thread-safe: operations on one segment are
 * serialised within an instance (a lock per segment), different segments and instances run in parallel.
 * One S3 client per store, closed with it.
 */
public final class S3SegmentStore implements SegmentStore {
    private final S3StoreOptions options;
    private final S3Access s3;
    private final Keys keys;
    private final Index index;
    private final Bodies bodies = new Bodies();
    private final DecodedObjects objects;
    private final TailFinder tails;
    private final CommitProtocol commits;
    private final Packer packer;
    private final Retention retention;
    private final Traces traces;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3SegmentStore(S3StoreOptions options, S3Access s3, Supplier<String> tokens, LongSupplier clock) {
        this.options = options;
        this.s3 = s3;
        this.keys = new Keys(options.prefix());
        this.index = new Index(s3, keys);
        this.objects = new DecodedObjects(s3, keys, bodies, options.cacheBytes());
        this.tails = new TailFinder(s3, keys, objects, options.maxStaleness(), clock);
        this.commits = new CommitProtocol(s3, keys, index, bodies, objects, tails, tokens);
        this.packer = new Packer(s3, keys, bodies, objects, options.packEvery());
        this.retention = new Retention(s3, keys, index, objects, tails);
        this.traces = new Traces(s3, keys, objects, tokens);
    }

    /**
     * Opens a store: builds its S3 client, checks that the bucket can be reached and, with
     * {@code verifyConditionalWrites}, that the server's conditional writes are atomic. A read-only store
     * writes nothing while opening.
     *
     * @throws BackendException         if the bucket does not exist, access is denied, the endpoint cannot be
     *                                  reached, or the conditional-write check refuses the server
     * @throws IllegalArgumentException if no region is given and none can be found, for the AWS endpoint
     * @throws NullPointerException     if {@code options} is null
     */
    public static S3SegmentStore open(S3StoreOptions options) {
        return open(options, List.of(), () -> UUID.randomUUID().toString());
    }

    /** Opens a store with extra SDK interceptors and a writer-token source (tests count and steer requests). */
    static S3SegmentStore open(S3StoreOptions options, List<ExecutionInterceptor> interceptors,
            Supplier<String> tokens) {
        return open(options, interceptors, tokens, System::nanoTime);
    }

    /** As {@link #open(S3StoreOptions, List, Supplier)}, with the clock {@code max_staleness} is measured by. */
    static S3SegmentStore open(S3StoreOptions options, List<ExecutionInterceptor> interceptors,
            Supplier<String> tokens, LongSupplier clock) {
        Objects.requireNonNull(options, "options");
        S3Access access = S3Clients.connect(options, interceptors);
        try {
            if (options.verifyConditionalWrites()) {
                ConditionalWriteCheck.run(access, new Keys(options.prefix()));
            }
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        return new S3SegmentStore(options, access, tokens, clock);
    }

    /** The options this store was opened with. */
    public S3StoreOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates a segment: its index entries, then its first object with {@code If-None-Match: *}; three
     * {@code PUT}s. The entries' chain fields are stored on their lines exactly as given.
     *
     * @throws IllegalArgumentException      if {@code entries} does not open with a {@code segment_start}
     * @throws ReadOnlyStoreException        if the store is read-only
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec; nothing is written
     * @throws SegmentAlreadyExistsException if the segment exists (it is never overwritten)
     * @throws BackendException              if S3 fails
     */
    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        ensureWritable("create segment " + segment);
        Batch batch = bodies.encode(entries);
        SegmentState state = new SegmentState(segment);
        state.lock.lock();
        try {
            commits.create(state, info.sessionId(), batch);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Appends entries as one commit object at the tail: one {@code PUT} when uncontended, with their
     * chain fields stored on their lines exactly as given; every {@code pack_every} commits the append
     * also packs them.
     *
     * @throws ReadOnlyStoreException   if the store is read-only
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec; nothing is written
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws ConflictException        if the segment holds another number of entries than {@code expected}
     * @throws BackendException         if S3 fails, or the tail stayed contended for 100 attempts
     */
    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(entries, "entries");
        ensureWritable("append to segment " + segment);
        Batch batch = bodies.encode(entries);
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            if (commits.append(state, expected, batch)) {
                packer.packIfDue(state);
            }
        } finally {
            state.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * Reads a page with its chain fields: only the packs and commit objects that overlap
     * {@code [position, position + limit)}, from the cache when this instance has them. A page that
     * reaches the known tail probes it (the freshness probe), unless the tail was confirmed within
     * {@code max_staleness}.
     *
     * @throws IllegalArgumentException if {@code position} is negative or {@code limit} less than 1
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry or a chain field cannot be decoded
     * @throws BackendException         if S3 fails
     */
    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        long end = position > Long.MAX_VALUE - limit ? Long.MAX_VALUE : position + limit;
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            tails.load(state, end, true);
            List<StoredEntry> page = new ArrayList<>((int) Math.max(0, Math.min(limit, state.tail - position)));
            for (Piece piece : state.pieces()) {
                if (piece.end() > position && piece.start() < end) {
                    List<StoredEntry> entries = objects.piece(segment, piece);
                    page.addAll(entries.subList((int) (Math.max(position, piece.start()) - piece.start()),
                            (int) (Math.min(end, piece.end()) - piece.start())));
                }
            }
            return Collections.unmodifiableList(page);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * The count: one {@code HEAD} at the known tail when warm (none within {@code max_staleness}), the hint
     * and a bounded probe when cold.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if S3 fails
     */
    @Override
    public long count(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            tails.load(state, Long.MAX_VALUE, false);
            return state.tail;
        } finally {
            state.lock.unlock();
        }
    }

    /** One {@code HEAD} of the segment's first object. @throws BackendException if S3 fails */
    @Override
    public boolean exists(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return s3.head(keys.commit(segment, 0)).isPresent();
    }

    /**
     * The count (as {@link #count}) and the first entry: from whichever object holding it this instance
     * has cached, else one {@code GET} of the first commit (small, unlike a pack).
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if the first entry is not a {@code segment_start}
     * @throws BackendException         if S3 fails
     */
    @Override
    public SegmentInfo info(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            tails.load(state, Long.MAX_VALUE, false);
            List<StoredEntry> cached = objects.cached(state.pieces().get(0).key());
            LogEntry first = (cached != null ? Optional.of(cached) : objects.commit(segment, 0, keys.commit(segment, 0)))
                    .orElseThrow(() -> new SegmentNotFoundException(segment)).get(0).entry();
            if (!(first instanceof LogEntry.SegmentStart start)) {
                throw new CorruptDataException(segment, 0, "the first entry is " + first.kind().wireName()
                        + ", not segment_start");
            }
            return new SegmentInfo(segment, start.sessionId(), start.ts(), start.forkedFrom(), start.compactedFrom(),
                    state.tail, state.lastTs);
        } finally {
            state.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- listings

    /**
     * A page of every segment, newest first: one {@code LIST} of the index, and one delimited {@code LIST}
     * of the segments' objects over the same range of ids, which leaves out index entries whose segment
     * has no object (a create that crashed before its first object).
     *
     * @throws BackendException if S3 fails
     */
    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        ensureOpen();
        Objects.requireNonNull(page, "page");
        return index.segments(page);
    }

    /**
     * A page of every session, newest first: one delimited {@code LIST} of the index. A session whose only
     * create crashed between its index entries and its first object is listed (with no segments) until it
     * is deleted.
     *
     * @throws BackendException if S3 fails
     */
    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        ensureOpen();
        Objects.requireNonNull(page, "page");
        return index.sessions(page);
    }

    /**
     * A page of a session's segments, newest first: one {@code LIST} of the session's index entries, and
     * one {@code HEAD} of the first object of each listed segment this instance does not hold in its
     * cache, which leaves out entries of a create that crashed or lost to an existing segment.
     *
     * @throws BackendException if S3 fails
     */
    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(page, "page");
        return index.segments(session, page, segment -> retention.belongsTo(segment, session));
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes a session: per segment the hint, packs and traces, commits from the last down, the first
     * commit last; then the index entries.
     *
     * @throws ReadOnlyStoreException if the store is read-only
     * @throws BackendException       if S3 fails (running the deletion again finishes it)
     */
    @Override
    public int deleteSession(SessionId session) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        ensureWritable("delete session " + session);
        return retention.deleteSession(session);
    }

    // ---------------------------------------------------------------- trace

    /**
     * @throws ReadOnlyStoreException   if the store is read-only
     * @throws dev.segmentlog.spi.InvalidEntryException if the entry is refused by the codec
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if S3 fails
     */
    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        ensureWritable("append to the trace of segment " + segment);
        byte[] body = bodies.encodeTrace(entry);
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            tails.requireExists(state);
            traces.append(state, body);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if a trace entry cannot be decoded
     * @throws BackendException         if S3 fails
     */
    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            tails.requireExists(state);
            return traces.read(segment);
        } finally {
            state.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private void ensureOpen() {
        if (closed.get()) {
            throw new BackendException("S3 store " + s3.location() + " is closed", null);
        }
    }

    private void ensureWritable(String operation) {
        if (options.readOnly()) {
            throw new ReadOnlyStoreException("S3 store " + s3.location(), operation);
        }
    }

    /** Closes the S3 client. @throws BackendException if closing it fails */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                s3.close();
            } catch (RuntimeException e) {
                throw new BackendException("S3 store " + s3.location() + ": closing the S3 client failed", e);
            } finally {
                objects.clear();
                tails.clear();
            }
        }
    }

    @Override
    public String toString() {
        return "S3SegmentStore[" + s3.location() + (options.readOnly() ? ", read-only" : "") + "]";
    }
}
