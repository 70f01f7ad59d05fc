package dev.segmentlog.store.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.segmentlog.core.EntryHash;
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
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.store.s3.Bodies.Batch;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A {@link SegmentStore} on Amazon S3 or an S3-compatible server (MinIO, R2, S3Mock): each append
 * is one new immutable object written with {@code If-None-Match: *} at the key of its first
 * position, so the object store itself arbitrates concurrent writers. The layout, the way the tail
 * is found, packing and caching are described in the {@linkplain dev.segmentlog.store.s3 package
 * documentation}.
 *
 * <p>Open one with {@link #open(S3StoreOptions)} or through
 * {@code SegmentStores.open("s3://bucket/prefix?region=…")}. Thread-safe; one S3 client per store,
 * closed with it.
 */
public final class S3SegmentStore implements SegmentStore {
    private static final System.Logger LOG = System.getLogger(S3SegmentStore.class.getName());

    static final String META_WRITER = "segmentlog-writer";
    static final String META_ENTRIES = "segmentlog-entries";
    static final String META_LAST_TS = "segmentlog-last-ts";
    static final String META_SESSION = "segmentlog-session";
    /** How many packs of one level are merged into one pack of the next level. */
    static final int PACK_FANOUT = 4;
    /** Packs are merged only up to this many entries, so that a small page never fetches a large part of a segment. */
    static final int MAX_MERGED_ENTRIES = 2048;
    private static final int MAX_APPEND_ATTEMPTS = 100;
    private static final int MAX_STATES = 10_000;
    /** Bytes a decoded entry costs beyond its JSON: the {@link StoredEntry} wrapper and its list slot. */
    private static final int ENTRY_OVERHEAD = 32;

    private final S3StoreOptions options;
    private final S3Access s3;
    private final Keys keys;
    private final Index index;
    private final Bodies bodies = new Bodies();
    private final Supplier<String> tokens;
    private final Cache<String, Chunk> chunks;
    private final Cache<SegmentId, SegmentState> states;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The decoded items of one immutable object, weighed by the size of its body: {@link StoredEntry}
     * values for commits and packs, {@link TraceEntry} values for traces (their keys never meet).
     */
    private record Chunk(List<?> items, int weight) {
        @SuppressWarnings("unchecked")
        List<StoredEntry> entries() {
            return (List<StoredEntry>) items;
        }
    }

    private S3SegmentStore(S3StoreOptions options, S3Access s3, Supplier<String> tokens) {
        this.options = options;
        this.s3 = s3;
        this.keys = new Keys(options.prefix());
        this.index = new Index(s3, keys);
        this.tokens = tokens;
        this.chunks = Caffeine.newBuilder()
                .maximumWeight(options.cacheBytes())
                .weigher((String key, Chunk chunk) -> chunk.weight())
                .build();
        this.states = Caffeine.newBuilder().maximumSize(MAX_STATES).build();
    }

    /**
     * Opens a store: builds its S3 client and checks that the bucket can be reached.
     *
     * @throws BackendException     if the bucket does not exist, access is denied or the endpoint cannot be
     *                              reached
     * @throws IllegalArgumentException if no region is given and none can be found, for the AWS endpoint
     * @throws NullPointerException if {@code options} is null
     */
    public static S3SegmentStore open(S3StoreOptions options) {
        return open(options, List.of(), () -> UUID.randomUUID().toString());
    }

    /** Opens a store with extra SDK interceptors and a writer-token source (tests count and steer requests). */
    static S3SegmentStore open(S3StoreOptions options, List<ExecutionInterceptor> interceptors,
            Supplier<String> tokens) {
        Objects.requireNonNull(options, "options");
        AwsCredentialsProvider credentials = options.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(options.accessKeyId(), options.secretAccessKey()));
        S3Client client;
        try {
            client = buildClient(options, credentials, interceptors);
        } catch (RuntimeException e) {
            closeQuietly(credentials);
            throw e;
        }
        S3Access access = new S3Access(client, options, () -> closeQuietly(credentials));
        try {
            access.checkBucket();
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        return new S3SegmentStore(options, access, tokens);
    }

    private static void closeQuietly(AwsCredentialsProvider credentials) {
        if (credentials instanceof AutoCloseable) {
            try {
                ((AutoCloseable) credentials).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the credentials provider failed", e);
            }
        }
    }

    private static S3Client buildClient(S3StoreOptions options, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(options.apiCallTimeout())
                .apiCallAttemptTimeout(options.apiCallAttemptTimeout())
                .retryStrategy(RetryMode.STANDARD);
        interceptors.forEach(override::addExecutionInterceptor);
        S3ClientBuilder builder = S3Client.builder()
                .region(region(options))
                .credentialsProvider(credentials)
                .forcePathStyle(options.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(override.build());
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new BackendException("S3 store " + options.location() + ": could not build the S3 client: "
                    + e.getMessage(), e);
        }
    }

    private static Region region(S3StoreOptions options) {
        if (options.region() != null) {
            return Region.of(options.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            if (options.endpoint() != null) {
                return Region.US_EAST_1; // S3-compatible servers mostly ignore the signing region
            }
            throw new IllegalArgumentException("no region for " + options.location()
                    + ": give the region option (e.g. region=us-east-1) or set AWS_REGION", e);
        }
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
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec; nothing is written
     * @throws SegmentAlreadyExistsException if the segment exists (it is never overwritten)
     * @throws BackendException              if S3 fails
     */
    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        Batch batch = bodies.encode(entries);
        // The index entries go first: a crash after them leaves entries that listings check against the
        // segment's objects, whereas the other order could hide a segment.
        index.add(info.sessionId(), segment);
        SegmentState state = new SegmentState(segment);
        state.lock.lock();
        try {
            String token = tokens.get();
            String key = keys.commit(segment, 0);
            Map<String, String> metadata = commitMetadata(token, batch);
            metadata.put(META_SESSION, info.sessionId().toString());
            if (!s3.putIfAbsent(key, batch.body(), metadata)) {
                Optional<Map<String, String>> existing = s3.head(key);
                if (existing.isEmpty() || !token.equals(existing.get().get(META_WRITER))) {
                    if (existing.isPresent()
                            && !info.sessionId().toString().equals(existing.get().get(META_SESSION))) {
                        forgetSessionEntry(info.sessionId(), segment); // ours names the wrong session
                    }
                    throw new SegmentAlreadyExistsException(segment);
                }
                // our own write, answered 412 after an SDK retry: it is stored
            }
            cacheEntries(key, bodies.decodeEntries(segment, 0, batch.body(), key), batch.body().length);
            state.loaded = true;
            state.addCommit(0, batch.size(), batch.lastTs(), key);
            states.put(segment, state);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Appends entries as one commit object at the tail: one {@code PUT} when uncontended, with their
     * chain fields stored on their lines exactly as given.
     *
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
        Batch batch = bodies.encode(entries);
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            knowTail(state);
            if (!expected.matches(state.tail)) {
                probe(state, Long.MAX_VALUE, false); // the cached tail may be stale: never report a conflict on it
            }
            for (int attempt = 1; ; attempt++) {
                if (expected instanceof ExpectedCount.Exactly exactly && !exactly.matches(state.tail)) {
                    throw new ConflictException(segment, exactly.count(), state.tail);
                }
                if (batch.size() == 0) {
                    return;
                }
                // the tail is a known boundary: the object store arbitrates this key
                if (tryCommit(state, state.tail, batch)) {
                    packIfDue(state);
                    return;
                }
                probe(state, Long.MAX_VALUE, false); // another writer appended: find the new tail and check again
                if (attempt == MAX_APPEND_ATTEMPTS) {
                    throw new BackendException("S3 store " + s3.location() + ": gave up appending to segment "
                            + segment + " after " + attempt + " attempts lost to other writers; nothing was written",
                            null);
                }
            }
        } finally {
            state.lock.unlock();
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
        if (!s3.putIfAbsent(key, batch.body(), commitMetadata(token, batch))) {
            Optional<Map<String, String>> existing = s3.head(key);
            if (existing.isEmpty() || !token.equals(existing.get().get(META_WRITER))) {
                return false;
            }
            // a 412 for our own write: an SDK retry of a request that had in fact succeeded
        }
        cacheEntries(key, bodies.decodeEntries(state.id, position, batch.body(), key), batch.body().length);
        state.addCommit(position, batch.size(), batch.lastTs(), key);
        return true;
    }

    private static Map<String, String> commitMetadata(String token, Batch batch) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(META_WRITER, token);
        metadata.put(META_ENTRIES, Integer.toString(batch.size()));
        metadata.put(META_LAST_TS, Long.toString(batch.lastTs()));
        return metadata;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Reads a page with its chain fields: only the packs and commit objects that overlap
     * {@code [position, position + limit)}, from the cache when this instance has them, probing for
     * commit objects past the known tail only when the page reaches beyond it.
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
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            load(state, end, true);
            List<StoredEntry> page = new ArrayList<>((int) Math.max(0, Math.min(limit, state.tail - position)));
            for (Piece piece : state.pieces()) {
                if (piece.end() > position && piece.start() < end) {
                    List<StoredEntry> entries = entriesOf(state, piece);
                    page.addAll(entries.subList((int) (Math.max(position, piece.start()) - piece.start()),
                            (int) (Math.min(end, piece.end()) - piece.start())));
                }
            }
            return Collections.unmodifiableList(page);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public long count(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            load(state, Long.MAX_VALUE, false);
            return state.tail;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public boolean exists(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return s3.head(keys.commit(segment, 0)).isPresent();
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            load(state, Long.MAX_VALUE, false);
            String key = keys.commit(segment, 0);
            LogEntry first = commitEntries(segment, 0, key)
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
        return index.segments(session, page, segment -> belongsTo(segment, session));
    }

    /**
     * Whether an index entry is backed by the segment's first object, of that session: an entry left by a
     * create that crashed before its first object, or that lost to an existing segment, is not.
     */
    private boolean belongsTo(SegmentId segment, SessionId session) {
        SegmentState known = states.getIfPresent(segment);
        Chunk first = known != null && known.tail > 0 ? chunks.getIfPresent(keys.commit(segment, 0)) : null;
        if (first != null) {
            return opensSession(first.entries(), session);
        }
        Optional<Map<String, String>> metadata = s3.head(keys.commit(segment, 0));
        return metadata.isPresent() && belongsTo(segment, session, metadata.get());
    }

    private boolean belongsTo(SegmentId segment, SessionId session, Map<String, String> firstMetadata) {
        String recorded = firstMetadata.get(META_SESSION);
        if (recorded != null) {
            return recorded.equals(session.toString());
        }
        return commitEntries(segment, 0, keys.commit(segment, 0))
                .map(first -> opensSession(first, session))
                .orElse(false);
    }

    private static boolean opensSession(List<StoredEntry> first, SessionId session) {
        return first.get(0).entry() instanceof LogEntry.SegmentStart start && start.sessionId().equals(session);
    }

    // ---------------------------------------------------------------- retention

    @Override
    public int deleteSession(SessionId session) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        List<SegmentId> listed = index.allOf(session);
        List<SegmentId> removed = new ArrayList<>();
        int deleted = 0;
        for (SegmentId segment : listed) {
            Optional<Map<String, String>> first = s3.head(keys.commit(segment, 0));
            boolean ours = first.isPresent() && belongsTo(segment, session, first.get());
            if (first.isPresent() && !ours) {
                continue; // a stale entry pointing at another session's segment: only the entry goes
            }
            deleteSegmentObjects(segment);
            removed.add(segment);
            if (ours) {
                deleted++;
            }
        }
        index.removeSession(session, listed, removed); // last, so that a crashed deletion can be run again
        return deleted;
    }

    /**
     * Deletes every object of a segment so that a crash at any point leaves a readable prefix of the log
     * or nothing: the hint first (no reader trusts packs any more), then packs and traces, then the
     * commits from the last to the second, and the first commit (the segment's existence) last.
     */
    private void deleteSegmentObjects(SegmentId segment) {
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            String root = keys.segment(segment);
            List<String> all = s3.list(root);
            List<String> others = new ArrayList<>();
            List<String> commits = new ArrayList<>();
            String hint = keys.hint(segment);
            String first = keys.commit(segment, 0);
            for (String key : all) {
                if (key.startsWith(root + Keys.LOG)) {
                    if (!key.equals(first)) {
                        commits.add(key);
                    }
                } else if (!key.equals(hint)) {
                    others.add(key);
                }
            }
            commits.sort(Comparator.reverseOrder());
            if (all.contains(hint)) {
                s3.delete(hint);
            }
            s3.deleteAll(others);
            s3.deleteAll(commits);
            s3.delete(first);
        } finally {
            states.invalidate(segment);
            chunks.asMap().keySet().removeIf(key -> key.startsWith(keys.segment(segment)));
            state.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- trace

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        byte[] body = bodies.encodeTrace(entry);
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            requireExists(state);
            for (int attempt = 1; ; attempt++) {
                if (state.traceTail < 0) {
                    state.traceTail = traceKeys(segment).size();
                }
                String token = tokens.get();
                String key = keys.trace(segment, state.traceTail);
                boolean stored = s3.putIfAbsent(key, body, Map.of(META_WRITER, token, META_ENTRIES, "1"));
                if (!stored) {
                    Optional<Map<String, String>> existing = s3.head(key);
                    stored = existing.isPresent() && token.equals(existing.get().get(META_WRITER));
                }
                if (stored) {
                    state.traceTail++;
                    return;
                }
                state.traceTail = -1;
                if (attempt == MAX_APPEND_ATTEMPTS) {
                    throw new BackendException("S3 store " + s3.location() + ": gave up tracing segment " + segment
                            + " after " + attempt + " attempts lost to other writers; nothing was written", null);
                }
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            requireExists(state);
            List<TraceEntry> trace = new ArrayList<>();
            long position = 0;
            for (String key : traceKeys(segment)) {
                trace.addAll(traceEntriesOf(segment, position, key));
                position++;
            }
            return Collections.unmodifiableList(trace);
        } finally {
            state.lock.unlock();
        }
    }

    /** The trace object keys in position order (sorted here: listing order is not relied upon). */
    private List<String> traceKeys(SegmentId segment) {
        String root = keys.traces(segment);
        List<String> traceKeys = new ArrayList<>();
        for (String key : s3.list(root)) {
            if (Keys.position(key.substring(root.length())).isPresent()) {
                traceKeys.add(key);
            }
        }
        traceKeys.sort(Comparator.naturalOrder());
        return traceKeys;
    }

    @SuppressWarnings("unchecked")
    private List<TraceEntry> traceEntriesOf(SegmentId segment, long position, String key) {
        Chunk cached = chunks.getIfPresent(key);
        if (cached != null) {
            return (List<TraceEntry>) cached.items();
        }
        byte[] body = s3.get(key).orElseThrow(() -> new CorruptDataException(segment, position,
                "trace object " + key + " vanished while it was read")).body();
        List<TraceEntry> entries = bodies.decodeTraces(segment, position, body, key);
        chunks.put(key, new Chunk(entries, weight(body.length, entries.size())));
        return entries;
    }

    private void requireExists(SegmentState state) {
        if (state.tail > 0) {
            return;
        }
        if (s3.head(keys.commit(state.id, 0)).isEmpty()) {
            states.invalidate(state.id);
            throw new SegmentNotFoundException(state.id);
        }
    }

    // ---------------------------------------------------------------- finding the tail

    private SegmentState state(SegmentId segment) {
        return states.get(segment, SegmentState::new);
    }

    /**
     * Brings the state up to position {@code until} (the true tail for {@link Long#MAX_VALUE}): the hint on
     * first use, then probing commit objects from the known tail until one is missing or the tail reaches
     * {@code until}. With data, probing GETs (and caches) each object; without, it HEADs and learns the
     * entry count from the object's metadata.
     *
     * @throws SegmentNotFoundException if the segment has no first object
     */
    private void load(SegmentState state, long until, boolean withData) {
        if (!state.loaded) {
            s3.get(keys.hint(state.id))
                    .flatMap(hint -> Hint.decode(hint.body(), state.id, keys))
                    .ifPresent(hint -> state.adoptPacks(hint.packs(), hint.lastTs()));
            state.loaded = true;
        }
        probe(state, until, withData);
        if (state.tail == 0) {
            states.invalidate(state.id);
            throw new SegmentNotFoundException(state.id);
        }
    }

    /**
     * Makes sure the state has a tail to write at, without a request when it has one: an uncontended
     * append is then exactly its PUT. A stale tail is harmless, the conditional PUT reports it.
     */
    private void knowTail(SegmentState state) {
        if (!state.loaded || state.tail == 0) {
            load(state, Long.MAX_VALUE, false);
        }
    }

    private void probe(SegmentState state, long until, boolean withData) {
        while (state.tail < until) {
            long position = state.tail;
            String key = keys.commit(state.id, position);
            Chunk cached = chunks.getIfPresent(key);
            if (cached != null) { // immutable: if this instance has seen it, it is there
                addCommit(state, position, cached.entries(), key);
                continue;
            }
            if (!withData) {
                Optional<Map<String, String>> metadata = s3.head(key);
                if (metadata.isEmpty()) {
                    return;
                }
                long entries = parseLong(metadata.get().get(META_ENTRIES));
                long lastTs = parseLong(metadata.get().get(META_LAST_TS));
                if (entries > 0 && lastTs != Long.MIN_VALUE) {
                    state.addCommit(position, entries, lastTs, key);
                    continue;
                }
                // metadata missing or foreign: read the object itself
            }
            Optional<List<StoredEntry>> entries = commitEntries(state.id, position, key);
            if (entries.isEmpty()) {
                return;
            }
            addCommit(state, position, entries.get(), key);
        }
    }

    private static void addCommit(SegmentState state, long position, List<StoredEntry> entries, String key) {
        state.addCommit(position, entries.size(), entries.get(entries.size() - 1).entry().ts(), key);
    }

    /** A commit object's entries, from the cache or S3; empty when it does not exist. */
    private Optional<List<StoredEntry>> commitEntries(SegmentId segment, long position, String key) {
        Chunk cached = chunks.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached.entries());
        }
        Optional<S3Access.Fetched> fetched = s3.get(key);
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = fetched.get().body();
        List<StoredEntry> entries = bodies.decodeEntries(segment, position, body, key);
        String declared = fetched.get().metadata().get(META_ENTRIES);
        if (declared != null && parseLong(declared) != entries.size()) {
            throw new CorruptDataException(segment, position, "object " + key + " holds " + entries.size()
                    + " entries but its metadata declares " + declared);
        }
        cacheEntries(key, entries, body.length);
        return Optional.of(entries);
    }

    /** The entries of a pack or commit the state lists, exactly {@code piece.count()} of them. */
    private List<StoredEntry> entriesOf(SegmentState state, Piece piece) {
        Chunk cached = chunks.getIfPresent(piece.key());
        List<StoredEntry> entries;
        if (cached != null) {
            entries = cached.entries();
        } else if (piece.level() < 0) {
            entries = commitEntries(state.id, piece.start(), piece.key()).orElseThrow(() -> new CorruptDataException(
                    state.id, piece.start(), "object " + piece.key() + " vanished (was the segment deleted?)"));
        } else {
            Optional<S3Access.Fetched> fetched = s3.get(piece.key());
            if (fetched.isPresent()) {
                entries = bodies.decodeEntries(state.id, piece.start(), fetched.get().body(), piece.key());
                cacheEntries(piece.key(), entries, fetched.get().body().length);
            } else {
                // a pack named by a hint is gone: the commit objects still hold the same range
                entries = entriesViaCommits(state.id, piece.start(), piece.end());
            }
        }
        if (entries.size() != piece.count()) {
            throw new CorruptDataException(state.id, piece.start(), "object " + piece.key() + " holds "
                    + entries.size() + " entries where " + piece.count() + " were expected");
        }
        return entries;
    }

    private List<StoredEntry> entriesViaCommits(SegmentId segment, long start, long end) {
        List<StoredEntry> entries = new ArrayList<>();
        long position = start;
        while (position < end) {
            final long at = position;
            List<StoredEntry> commit = commitEntries(segment, at, keys.commit(segment, at)).orElseThrow(
                    () -> new CorruptDataException(segment, at, "no object starts at this position"));
            entries.addAll(commit);
            position += commit.size();
        }
        return entries;
    }

    // ---------------------------------------------------------------- packing

    private void packIfDue(SegmentState state) {
        if (state.commits.size() < options.packEvery()) {
            return;
        }
        try {
            pack(state);
        } catch (StoreException e) {
            // The append is stored and acknowledged; packing only saves readers requests and is tried
            // again by the next append.
            LOG.log(System.Logger.Level.WARNING, "S3 store " + s3.location() + ": packing segment " + state.id
                    + " failed; the append is stored, packing will be retried", e);
        }
    }

    /**
     * Packs the commits after the last pack into one level-0 pack, merges the last {@link #PACK_FANOUT} packs
     * of one level into one of the next level (repeatedly, while the merged pack holds at most
     * {@link #MAX_MERGED_ENTRIES} entries), then writes the hint. Pack objects are written
     * unconditionally: their content is fixed by their range, so concurrent packers write the same bytes.
     */
    private void pack(SegmentState state) {
        List<Piece> packs = new ArrayList<>(state.packs);
        packs.add(writePack(state, state.commits, 0));
        while (packs.size() >= PACK_FANOUT) {
            List<Piece> last = packs.subList(packs.size() - PACK_FANOUT, packs.size());
            int level = last.get(0).level();
            if (!last.stream().allMatch(piece -> piece.level() == level)
                    || last.get(PACK_FANOUT - 1).end() - last.get(0).start() > MAX_MERGED_ENTRIES) {
                break;
            }
            Piece merged = writePack(state, new ArrayList<>(last), level + 1);
            last.clear();
            packs.add(merged);
        }
        long lastTs = state.lastTs;
        s3.put(keys.hint(state.id), new Hint(packs, lastTs).encode(), Map.of());
        state.packs.clear();
        state.packs.addAll(packs);
        state.commits.clear();
    }

    /**
     * Writes one pack of the entries the pieces hold. A pack is the concatenation of their lines: each
     * entry is encoded again with its chain fields, and since encoding is deterministic that is the line as
     * it was stored, {@code prev_hash} and {@code hash} included.
     */
    private Piece writePack(SegmentState state, List<Piece> pieces, int level) {
        long start = pieces.get(0).start();
        long end = pieces.get(pieces.size() - 1).end();
        List<StoredEntry> entries = new ArrayList<>((int) (end - start));
        for (Piece piece : pieces) {
            entries.addAll(entriesOf(state, piece));
        }
        Batch batch = bodies.encode(entries);
        String key = keys.pack(state.id, start, end);
        s3.put(key, batch.body(), Map.of(META_ENTRIES, Integer.toString(batch.size())));
        cacheEntries(key, entries, batch.body().length);
        return new Piece(start, end, level, key);
    }

    // ---------------------------------------------------------------- cache

    private void cacheEntries(String key, List<StoredEntry> entries, int bodyLength) {
        chunks.put(key, new Chunk(entries, weight(bodyLength, entries.size())));
    }

    /**
     * The cache weight of a decoded object: the length of its JSON, plus the per-entry wrapper that carries
     * the chain fields. A chained line's hash text (about 150 bytes for both fields) covers the one
     * {@link EntryHash} it costs once {@code prev_hash} shares the previous entry's instance.
     */
    private static int weight(int bodyLength, int items) {
        return (int) Math.min(Integer.MAX_VALUE, bodyLength + (long) ENTRY_OVERHEAD * items);
    }

    // ---------------------------------------------------------------- misc

    private void forgetSessionEntry(SessionId session, SegmentId segment) {
        try {
            index.removeFromSession(session, segment);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "S3 store " + s3.location() + ": could not remove the index entry of "
                    + "segment " + segment + " in session " + session + "; listings leave it out", e);
        }
    }

    private static long parseLong(String text) {
        if (text == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new BackendException("S3 store " + s3.location() + " is closed", null);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                s3.close();
            } catch (RuntimeException e) {
                throw new BackendException("S3 store " + s3.location() + ": closing the S3 client failed", e);
            } finally {
                chunks.invalidateAll();
                states.invalidateAll();
            }
        }
    }

    @Override
    public String toString() {
        return "S3SegmentStore[" + s3.location() + "]";
    }
}
