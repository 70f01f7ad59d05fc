package dev.segmentlog.store.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
    private static final int MAX_APPEND_ATTEMPTS = 100;
    private static final int MAX_STATES = 10_000;
    /** The expected count of an unconditional append. */
    private static final long ANY_COUNT = -1;
    /** Bytes a decoded entry costs beyond its JSON: the {@link StoredEntry} wrapper and its list slot. */
    private static final int ENTRY_OVERHEAD = 32;

    private final S3StoreOptions options;
    private final S3Access s3;
    private final Keys keys;
    private final EntryCodec codec = EntryCodec.standard();
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
    //
    // One write path: create/createHashed encode their entries into a Batch and call createObject;
    // appendAll/appendIfCount/appendHashedIfCount encode theirs and call appendObject. Plain entries are
    // encoded as unchained StoredEntry values, whose line is exactly the plain codec line.

    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        createObject(segment, SegmentInfo.ofNewSegment(segment, entries), encode(StoredEntry.plain(entries)));
    }

    /**
     * Creates a hash-chained segment: as {@link #create}, the entries' {@code prev_hash} and {@code hash}
     * stored on their lines exactly as given.
     *
     * @throws IllegalArgumentException      if {@code entries} does not open with a {@code segment_start}
     * @throws SegmentAlreadyExistsException if the segment exists
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec; nothing is written
     * @throws BackendException              if S3 fails
     */
    @Override
    public void createHashed(SegmentId segment, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entries, "entries");
        createObject(segment, SegmentInfo.ofNewSegment(segment, plain(entries)), encode(entries));
    }

    private void createObject(SegmentId segment, SegmentInfo info, Batch batch) {
        // The session index goes first: a crash after it leaves an index entry that readers check
        // against the segment's first object, whereas the other order could hide a segment.
        String index = keys.sessionIndex(info.sessionId(), segment);
        s3.put(index, new byte[0], Map.of());
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
                        deleteQuietly(index); // the index entry we wrote names the wrong session
                    }
                    throw new SegmentAlreadyExistsException(segment);
                }
                // our own write, answered 412 after an SDK retry: it is stored
            }
            cacheEntries(key, decodeEntries(segment, 0, batch.body(), key), batch.body().length);
            state.loaded = true;
            state.addCommit(0, batch.size(), batch.lastTs(), key);
            states.put(segment, state);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void appendAll(SegmentId segment, List<LogEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        appendObject(segment, ANY_COUNT, encode(StoredEntry.plain(entries)));
    }

    @Override
    public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        requireCount(expectedCount);
        appendObject(segment, expectedCount, encode(StoredEntry.plain(entries)));
    }

    /**
     * Appends entries with their chain fields if the segment holds exactly {@code expectedCount} entries:
     * as {@link #appendIfCount}, one {@code PUT} when uncontended, the entries' {@code prev_hash} and
     * {@code hash} stored on their lines exactly as given.
     *
     * @throws ConflictException                if the segment holds another number of entries; nothing is written
     * @throws IllegalArgumentException         if {@code expectedCount} is negative
     * @throws SegmentNotFoundException         if the segment does not exist
     * @throws dev.segmentlog.spi.InvalidEntryException if an entry is refused by the codec; nothing is written
     * @throws BackendException                 if S3 fails
     */
    @Override
    public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        requireCount(expectedCount);
        appendObject(segment, expectedCount, encode(entries));
    }

    private static void requireCount(long expectedCount) {
        if (expectedCount < 0) {
            throw new IllegalArgumentException("expected count must not be negative: " + expectedCount);
        }
    }

    /**
     * Appends a batch as one commit object at the tail: anywhere the tail is ({@link #ANY_COUNT}), or only
     * at {@code expectedCount}. An empty batch writes nothing (the segment must exist, and for a
     * conditional append hold {@code expectedCount} entries).
     */
    private void appendObject(SegmentId segment, long expectedCount, Batch batch) {
        boolean conditional = expectedCount != ANY_COUNT;
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            if (!conditional && batch.size() == 0) {
                load(state, false);
                return;
            }
            knowTail(state);
            if (conditional && expectedCount != state.tail) {
                probe(state, false); // the cached tail may be stale: never report a conflict on it
            }
            for (int attempt = 1; ; attempt++) {
                if (conditional && expectedCount != state.tail) {
                    throw new ConflictException(segment, expectedCount, state.tail);
                }
                if (batch.size() == 0) {
                    return;
                }
                // the tail is a known boundary: the object store arbitrates this key
                if (tryCommit(state, state.tail, batch)) {
                    packIfDue(state);
                    return;
                }
                probe(state, false); // another writer appended: find the new tail (and go again, unless conditional)
                if (attempt == MAX_APPEND_ATTEMPTS) {
                    throw new BackendException("S3 store " + s3.location() + ": gave up appending to segment "
                            + segment + " after " + attempt + (conditional
                                    ? " attempts: the position stayed contended"
                                    : " attempts lost to other writers; nothing was written"), null);
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
        cacheEntries(key, decodeEntries(state.id, position, batch.body(), key), batch.body().length);
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

    @Override
    public List<LogEntry> readFrom(SegmentId segment, long position) {
        return read(segment, position, StoredEntry::entry);
    }

    /**
     * Reads entries from {@code position} on with their chain fields, exactly as they were stored: null
     * hashes for entries written without a chain. Same requests as {@link #readFrom}.
     *
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry or a chain field cannot be decoded
     * @throws BackendException         if S3 fails
     */
    @Override
    public List<StoredEntry> readHashed(SegmentId segment, long position) {
        return read(segment, position, Function.identity());
    }

    /**
     * The hash of the segment's last entry, empty when it is not chained: one probe at the tail when
     * this instance knows the segment (the last object is then usually cached), the hint and the objects
     * after the last pack when it does not.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if the last object cannot be decoded
     * @throws BackendException         if S3 fails
     */
    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            load(state, true); // probing with data caches a new last object on the way
            List<Piece> pieces = state.pieces();
            List<StoredEntry> last = entriesOf(state, pieces.get(pieces.size() - 1));
            return Optional.ofNullable(last.get(last.size() - 1).hash());
        } finally {
            state.lock.unlock();
        }
    }

    /** The one read path: entries from {@code position} on, each seen through {@code view}. */
    private <T> List<T> read(SegmentId segment, long position, Function<StoredEntry, T> view) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        SegmentState state = state(segment);
        state.lock.lock();
        try {
            load(state, true);
            if (position >= state.tail) {
                return List.of();
            }
            List<T> result = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, state.tail - position));
            for (Piece piece : state.pieces()) {
                if (piece.end() <= position) {
                    continue;
                }
                List<StoredEntry> entries = entriesOf(state, piece);
                for (int i = (int) Math.max(0, position - piece.start()); i < entries.size(); i++) {
                    result.add(view.apply(entries.get(i)));
                }
            }
            return Collections.unmodifiableList(result);
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
            load(state, false);
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
            load(state, false);
            String key = keys.commit(segment, 0);
            LogEntry first = commitEntries(segment, 0, key)
                    .orElseThrow(() -> new SegmentNotFoundException(segment)).get(0).entry();
            if (!(first instanceof LogEntry.SegmentStart)) {
                throw new CorruptDataException(segment, 0, "the first entry is " + first.kind().wireName()
                        + ", not segment_start");
            }
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) first;
            return new SegmentInfo(segment, start.sessionId(), start.ts(), start.forkedFrom(), start.compactedFrom(),
                    state.tail, state.lastTs);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public List<SegmentId> listSegments() {
        ensureOpen();
        List<SegmentId> segments = new ArrayList<>();
        String root = keys.segments();
        for (String prefix : s3.list(root, true).prefixes()) {
            parseSegment(prefix.substring(root.length(), prefix.length() - 1)).ifPresent(segments::add);
        }
        segments.sort(Comparator.reverseOrder());
        return List.copyOf(segments);
    }

    @Override
    public List<SessionId> listSessions() {
        ensureOpen();
        List<SessionId> sessions = new ArrayList<>();
        String root = keys.sessions();
        for (String prefix : s3.list(root, true).prefixes()) {
            parseSession(prefix.substring(root.length(), prefix.length() - 1)).ifPresent(sessions::add);
        }
        sessions.sort(Comparator.reverseOrder());
        return List.copyOf(sessions);
    }

    @Override
    public List<SegmentId> listSegments(SessionId session) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        List<SegmentId> segments = new ArrayList<>();
        for (SegmentId segment : indexedSegments(session)) {
            if (belongsTo(segment, session)) {
                segments.add(segment);
            }
        }
        segments.sort(Comparator.reverseOrder());
        return List.copyOf(segments);
    }

    private List<SegmentId> indexedSegments(SessionId session) {
        String root = keys.session(session);
        List<SegmentId> segments = new ArrayList<>();
        for (String key : s3.list(root, false).keys()) {
            parseSegment(key.substring(root.length())).ifPresent(segments::add);
        }
        return segments;
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
        return first.get(0).entry() instanceof LogEntry.SegmentStart
                && ((LogEntry.SegmentStart) first.get(0).entry()).sessionId().equals(session);
    }

    // ---------------------------------------------------------------- retention

    @Override
    public int deleteSession(SessionId session) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        int deleted = 0;
        List<SegmentId> indexed = indexedSegments(session);
        for (SegmentId segment : indexed) {
            Optional<Map<String, String>> first = s3.head(keys.commit(segment, 0));
            boolean ours = first.isPresent() && belongsTo(segment, session, first.get());
            if (first.isPresent() && !ours) {
                continue; // a stale index entry pointing at another session's segment: only the entry goes
            }
            deleteSegmentObjects(segment);
            if (ours) {
                deleted++;
            }
        }
        // index entries last, so that a crashed deletion can be run again from the session
        List<String> indexKeys = new ArrayList<>();
        for (SegmentId segment : indexed) {
            indexKeys.add(keys.sessionIndex(session, segment));
        }
        s3.deleteAll(indexKeys);
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
            List<String> all = s3.list(root, false).keys();
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
        byte[] line = codec.encodeTrace(entry);
        byte[] body = Arrays.copyOf(line, line.length + 1);
        body[line.length] = '\n';
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
        for (String key : s3.list(root, false).keys()) {
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
        List<TraceEntry> entries = new ArrayList<>();
        forEachLine(segment, position, body, key, (line, at) -> entries.add(codec.decodeTrace(line, segment, at)));
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
     * Brings the state up to the true tail: the hint on first use, then probing commit objects from the
     * known tail until one is missing. With data, probing GETs (and caches) each object; without, it
     * HEADs and learns the entry count from the object's metadata.
     *
     * @throws SegmentNotFoundException if the segment has no first object
     */
    private void load(SegmentState state, boolean withData) {
        if (!state.loaded) {
            s3.get(keys.hint(state.id))
                    .flatMap(hint -> Hint.decode(hint.body(), state.id, keys))
                    .ifPresent(hint -> state.adoptPacks(hint.packs(), hint.lastTs()));
            state.loaded = true;
        }
        probe(state, withData);
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
            load(state, false);
        }
    }

    private void probe(SegmentState state, boolean withData) {
        while (true) {
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
        List<StoredEntry> entries = decodeEntries(segment, position, body, key);
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
                entries = decodeEntries(state.id, piece.start(), fetched.get().body(), piece.key());
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
     * of one level into one of the next level (repeatedly), then writes the hint. Pack objects are written
     * unconditionally: their content is fixed by their range, so concurrent packers write the same bytes.
     */
    private void pack(SegmentState state) {
        List<Piece> packs = new ArrayList<>(state.packs);
        packs.add(writePack(state, state.commits, 0));
        while (packs.size() >= PACK_FANOUT) {
            List<Piece> last = packs.subList(packs.size() - PACK_FANOUT, packs.size());
            int level = last.get(0).level();
            if (!last.stream().allMatch(piece -> piece.level() == level)) {
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
        Batch batch = encode(entries);
        String key = keys.pack(state.id, start, end);
        s3.put(key, batch.body(), Map.of(META_ENTRIES, Integer.toString(batch.size())));
        cacheEntries(key, entries, batch.body().length);
        return new Piece(start, end, level, key);
    }

    // ---------------------------------------------------------------- codec

    /**
     * Entries encoded as the body of one object: one codec line each, newline-terminated.
     *
     * @param lastTs the ts of the last entry; {@code Long.MIN_VALUE} for an empty batch
     */
    private record Batch(byte[] body, int size, long lastTs) {}

    private static List<LogEntry> plain(List<StoredEntry> entries) {
        List<LogEntry> plain = new ArrayList<>(entries.size());
        for (StoredEntry entry : entries) {
            plain.add(Objects.requireNonNull(entry, "entry").entry());
        }
        return plain;
    }

    /** The one encoder of object bodies: an unchained entry's line is exactly its plain codec line. */
    private Batch encode(List<StoredEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, entries.size()));
        for (StoredEntry entry : entries) {
            out.writeBytes(codec.encode(Objects.requireNonNull(entry, "entry")));
            out.write('\n');
        }
        long lastTs = entries.isEmpty() ? Long.MIN_VALUE : entries.get(entries.size() - 1).entry().ts();
        return new Batch(out.toByteArray(), entries.size(), lastTs);
    }

    private interface LineConsumer {
        void accept(byte[] line, long position);
    }

    private static void forEachLine(SegmentId segment, long start, byte[] body, String key, LineConsumer consumer) {
        long position = start;
        int from = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                if (i == from) {
                    throw new CorruptDataException(segment, position, "empty line in object " + key);
                }
                consumer.accept(Arrays.copyOfRange(body, from, i), position++);
                from = i + 1;
            }
        }
        if (from < body.length) {
            throw new CorruptDataException(segment, position, "object " + key + " ends without a newline");
        }
        if (position == start) {
            throw new CorruptDataException(segment, start, "object " + key + " is empty");
        }
    }

    /**
     * The one decoder of object bodies: every line with its chain fields (null when it has none). A
     * {@code prev_hash} equal to the previous line's {@code hash} shares that instance, so a chained entry
     * costs one hash in memory, not two.
     */
    private List<StoredEntry> decodeEntries(SegmentId segment, long start, byte[] body, String key) {
        List<StoredEntry> entries = new ArrayList<>();
        forEachLine(segment, start, body, key, (line, position) -> {
            StoredEntry entry = codec.decodeHashed(line, segment, position);
            if (!entries.isEmpty() && entry.prevHash() != null) {
                EntryHash previous = entries.get(entries.size() - 1).hash();
                if (entry.prevHash().equals(previous) && entry.prevHash() != previous) {
                    entry = new StoredEntry(entry.entry(), previous, entry.hash());
                }
            }
            entries.add(entry);
        });
        return Collections.unmodifiableList(entries);
    }

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

    private void deleteQuietly(String key) {
        try {
            s3.delete(key);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "S3 store " + s3.location() + ": could not remove the index entry "
                    + key + "; readers ignore it", e);
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

    private static Optional<SegmentId> parseSegment(String text) {
        try {
            return Optional.of(SegmentId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a foreign object under the prefix: not a segment of this store
        }
    }

    private static Optional<SessionId> parseSession(String text) {
        try {
            return Optional.of(SessionId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
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
