package dev.segmentlog.store.jsonl;

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
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.store.jsonl.DirectoryLocks.PendingWrite;
import dev.segmentlog.store.jsonl.DirectoryLocks.Stripe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link SegmentStore} keeping each segment as a JSONL file: {@code DIR/{session_id}/{segment_id}.jsonl},
 * one line of the canonical codec per entry, and its trace next to it in
 * {@code {segment_id}.trace.jsonl}. Several stores, in this JVM and in other processes, may share a
 * directory. It also reads, in place, segments in the flat layout of older writers,
 * {@code DIR/{segment_id}.jsonl}. See the {@linkplain dev.segmentlog.store.jsonl package overview} for
 * the layouts, what a crash leaves and what a page costs.
 *
 * <p>{@link #openReadOnly} opens a directory only to read it: nothing is created or changed in it,
 * not even the lock files, and every write is refused with a {@link ReadOnlyStoreException} (after
 * the null checks, before any other check).
 *
 * <p>It keeps hash-chained segments: an entry written with its chain fields is the codec line with
 * {@code "prev_hash"} and {@code "hash"} last ({@link EntryCodec#encode(StoredEntry)}), written and
 * read exactly like any other line. The store keeps the chain fields as given and does not check
 * them; {@link dev.segmentlog.log.SegmentLog#verify} does.
 *
 * <pre>{@code
 * try (SegmentStore store = JsonlSegmentStore.open(Path.of("logs"), Durability.FSYNC)) { ... }
 * }</pre>
 */
public final class JsonlSegmentStore implements SegmentStore {
    private static final String POINTER_DIR = ".segments";
    /** The length of an id's text, a UUID's canonical form: other names are passed over without parsing. */
    private static final int ID_LENGTH = 36;

    private final Path directory;
    private final Durability durability;
    private final EntryCodec codec;
    private final DirectoryLocks locks;
    private final boolean readOnly;
    private final Map<SegmentId, SegmentState> states = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Per stripe, the one segment file this store keeps open; touched only holding the stripe. */
    private final OpenFile[] openFiles = new OpenFile[DirectoryLocks.STRIPES];

    private JsonlSegmentStore(Path directory, Durability durability, EntryCodec codec, DirectoryLocks locks,
            boolean readOnly) {
        this.directory = directory;
        this.durability = durability;
        this.codec = codec;
        this.locks = locks;
        this.readOnly = readOnly;
    }

    /**
     * Opens the store in {@code directory} with {@link Durability#BUFFERED} appends, creating the
     * directory when missing.
     *
     * @param directory where the segments are, absolute or relative to the working directory
     * @return the open store
     * @throws BackendException     if the directory cannot be created or opened
     * @throws NullPointerException if {@code directory} is null
     */
    public static JsonlSegmentStore open(Path directory) {
        return open(directory, Durability.BUFFERED);
    }

    /**
     * Opens the store in {@code directory}, creating the directory when missing.
     *
     * @param directory  where the segments are, absolute or relative to the working directory
     * @param durability when an append counts as done
     * @return the open store
     * @throws BackendException     if the directory cannot be created or opened
     * @throws NullPointerException if an argument is null
     */
    public static JsonlSegmentStore open(Path directory, Durability durability) {
        return open(directory, durability, EntryCodec.standard());
    }

    /**
     * Opens the store in {@code directory} with a codec of one's own (other limits), creating the
     * directory when missing.
     *
     * @param directory  where the segments are, absolute or relative to the working directory
     * @param durability when an append counts as done
     * @param codec      the codec of every line
     * @return the open store
     * @throws BackendException     if the directory cannot be created or opened
     * @throws NullPointerException if an argument is null
     */
    public static JsonlSegmentStore open(Path directory, Durability durability, EntryCodec codec) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(codec, "codec");
        try {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            Files.createDirectories(real.resolve(POINTER_DIR));
            return new JsonlSegmentStore(real, durability, codec, DirectoryLocks.acquire(real), false);
        } catch (IOException e) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + describe(e), e);
        }
    }

    /**
     * Opens the store in an existing {@code directory} only to read it; see
     * {@link #openReadOnly(Path, EntryCodec)}.
     *
     * @throws BackendException     if the directory does not exist, is not a directory or cannot be opened
     * @throws NullPointerException if {@code directory} is null
     */
    public static JsonlSegmentStore openReadOnly(Path directory) {
        return openReadOnly(directory, EntryCodec.standard());
    }

    /**
     * Opens the store in an existing {@code directory} only to read it: for inspecting a backup, a
     * snapshot, a read-only mount or the data directory of another program. Nothing is created or
     * changed in the directory: not the directory itself when it is missing, not {@code .lock},
     * {@code .pending} or {@code .segments/}, and no torn tail or unfinished batch is cut off (readers
     * pass over them, and honour the record a writer that died left in {@code .pending}). Every write
     * is refused with a {@link ReadOnlyStoreException}. It takes no lock across processes; the
     * {@linkplain dev.segmentlog.store.jsonl package overview} says what it may see while another
     * process writes.
     *
     * @param directory where the segments are, absolute or relative to the working directory
     * @param codec     the codec of every line
     * @return the open store
     * @throws BackendException     if the directory does not exist, is not a directory or cannot be opened
     * @throws NullPointerException if an argument is null
     */
    public static JsonlSegmentStore openReadOnly(Path directory, EntryCodec codec) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(codec, "codec");
        Path real;
        try {
            real = directory.toRealPath();
        } catch (NoSuchFileException e) {
            throw new BackendException("the JSONL store directory " + directory.toAbsolutePath() + " does not exist; "
                    + "a store opened read-only is never created (open it read-write to start a new store). "
                    + "Nothing was created", e);
        } catch (IOException e) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + describe(e), e);
        }
        if (!Files.isDirectory(real)) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": it is not a directory", null);
        }
        try {
            return new JsonlSegmentStore(real, Durability.BUFFERED, codec, DirectoryLocks.forReading(real), true);
        } catch (IOException e) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + describe(e), e);
        }
    }

    /** The store's directory (its real path). */
    public Path directory() {
        return directory;
    }

    /** When an append counts as done. */
    public Durability durability() {
        return durability;
    }

    /** Whether the store was opened with {@link #openReadOnly}: it refuses every write. */
    public boolean readOnly() {
        return readOnly;
    }

    // ---------------------------------------------------------------------------------------------
    // The port

    /**
     * {@inheritDoc}
     *
     * <p>The segment's file is created with {@code CREATE_NEW} in its session's directory (never in
     * the flat layout) and all entries are written in one write, each line holding the entry's chain
     * fields when it carries them, while holding the directory lock and the segment's lock.
     */
    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entries, "entries");
        refuseIfReadOnly("create segment " + segment);
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        Encoded encoded = encode(entries);
        SessionId session = info.sessionId();
        SegmentFile location = SegmentFile.inSession(session, segment);
        Path sessionDir = location.parent(directory);
        Path file = location.log(directory);
        io("create segment " + segment, file, () -> locks.withDirectory(() -> {
            // Cache, pointer and flat layout only: looking into every session directory for each new id
            // would make create cost as much as the store is big. A file put in another session by hand
            // without its pointer is the one case this does not see.
            SegmentState existing = locate(segment, false);
            if (existing != null && countOrZero(existing) > 0) {
                throw new SegmentAlreadyExistsException(segment);
            }
            boolean newSessionDir = !Files.isDirectory(sessionDir);
            Files.createDirectories(sessionDir);
            SegmentState state = new SegmentState(location, file);
            try {
                writePointer(segment, session);
                locks.withStripe(segment, true, stripe -> {
                    recover(stripe);
                    stripe.replacing();
                    closeOpenFile(segment, file);
                    if (existing != null) {
                        closeOpenFile(segment, existing.file);
                    }
                    if (existing != null && !existing.file.equals(file)) {
                        // what a create that never finished left elsewhere (another session, the flat layout)
                        Files.deleteIfExists(existing.file);
                        if (!existing.location.isFlat()) {
                            deleteIfEmpty(existing.file.getParent());
                        }
                    }
                    try (FileChannel channel = openNew(segment, file)) {
                        writeLines(channel, stripe, state, 0, encoded, "create segment " + segment);
                    } catch (BackendException e) {
                        deleteQuietly(file, e);
                        throw e;
                    }
                    state.fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                    state.fileSize = encoded.bytes().length;
                    committed(state, 0, encoded);
                    state.start = (LogEntry.SegmentStart) entries.get(0).entry();
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                if (newSessionDir) {
                    // a session whose only create failed leaves nothing behind
                    try {
                        deleteIfEmpty(sessionDir);
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
            if (durability == Durability.FSYNC) {
                forceDirectory(sessionDir);
                if (newSessionDir) {
                    forceDirectory(directory);
                }
            }
            states.put(segment, state);
            return null;
        }));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The lines are written with one write at the end of the committed lines (a torn tail left by
     * a crash is cut off first), each holding the entry's chain fields when it carries them, while
     * holding the segment's lock in this JVM and across processes; an expected count is compared with
     * the committed lines under that lock. The store does not check the chain: a plain entry may
     * follow a chained one. A segment in the flat layout is appended to in place.
     */
    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(entries, "entries");
        String what = "append to segment " + segment;
        refuseIfReadOnly(what);
        Encoded encoded = encode(entries);
        io(what, null, () -> withState(segment, state -> locks.withStripe(segment, true, stripe -> {
            recover(stripe);
            FileChannel channel = look(state, stripe, null);
            long size = state.fileSize;
            requireEntries(state);
            if (expected instanceof ExpectedCount.Exactly exactly && exactly.count() != state.count) {
                throw new ConflictException(segment, exactly.count(), state.count);
            }
            if (encoded.lines() == 0) {
                return null;
            }
            long start = state.committedSize;
            if (size > start) {
                channel.truncate(start); // a torn tail left by a crash mid-write
            }
            writeLines(channel, stripe, state, start, encoded, what);
            committed(state, start, encoded);
            return null;
        })));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Seeks to the nearest line at or before {@code position} whose offset the store knows (every
     * 256th line, and the last one), passes over the lines from there to
     * {@code position} without decoding them, and reads the page. See the
     * {@linkplain dev.segmentlog.store.jsonl package overview} for what a page costs.
     */
    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("a page limit must be at least 1, not " + limit);
        }
        return io("read segment " + segment, null, () -> withState(segment, state -> {
            FileChannel[] own = new FileChannel[1];
            Span span = locks.withStripe(segment, false, stripe -> {
                own[0] = observe(state, stripe, true);
                try {
                    requireEntries(state);
                } catch (RuntimeException e) {
                    own[0].close();
                    throw e;
                }
                return Span.of(state, position, limit);
            });
            // Committed lines never change once written, so they are read outside the lock.
            try (FileChannel channel = own[0]) {
                if (span.lines() == 0) {
                    return List.of();
                }
                List<StoredEntry> entries = new ArrayList<>(Math.min(span.lines(), 1 << 16));
                LineDecoder<StoredEntry> decoder = codec::decodeHashed;
                long first = position - span.skip(); // the line at span.from()
                Lines.forEach(channel, span.from(), span.end(), span.skip(), span.lines(),
                        (index, offset, line) -> entries.add(decode(state, line, first + index, offset, decoder)));
                if (entries.size() < span.lines()) {
                    throw new CorruptDataException(segment, position + entries.size(), "line "
                            + (position + entries.size() + 1) + " of " + state.file
                            + " is missing: the file changed under the store");
                }
                return Collections.unmodifiableList(entries);
            }
        }));
    }

    /**
     * What a read of committed lines covers: from offset {@code from}, a known line's start, pass over
     * {@code skip} lines, then take {@code lines} lines, all before {@code end}.
     */
    private record Span(long from, long end, long skip, int lines) {

        /** Holding the segment's stripe: the span of at most {@code limit} lines from {@code position}. */
        static Span of(SegmentState state, long position, int limit) {
            if (position >= state.count) {
                return new Span(0, 0, 0, 0);
            }
            int lines = (int) Math.min(limit, state.count - position);
            if (position == state.count - 1) {
                // a tail read (what a chained writer does to find its head) starts at the last line
                return new Span(state.lastLineStart, state.committedSize, 0, lines);
            }
            long known = state.index.lineAtOrBefore(position);
            return new Span(state.index.offsetOf(known), state.committedSize, position - known, lines);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the cache when this store wrote the last line, else by decoding only the last line.
     */
    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("read the head hash of segment " + segment, null, () -> withState(segment, state ->
                locks.withStripe(segment, false, stripe -> {
                    FileChannel channel = observe(state, stripe, false);
                    requireEntries(state);
                    if (!state.lastHashKnown) {
                        state.knowLastHash(readLine(state, channel, state.lastLineStart, state.count - 1,
                                codec::decodeHashed).hash());
                    }
                    return Optional.ofNullable(state.lastHash);
                })));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from a cache checked against the file's size: only bytes appended since the last
     * look (by another store or process) are read.
     */
    @Override
    public long count(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("count entries of segment " + segment, null, () -> withState(segment, state -> {
            long count = committedCount(state);
            if (count == 0) {
                throw new SegmentNotFoundException(segment);
            }
            return count;
        }));
    }

    @Override
    public boolean exists(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("look up segment " + segment, null, () -> {
            try {
                return withState(segment, state -> committedCount(state) > 0);
            } catch (SegmentNotFoundException e) {
                return false;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads only the first line (once) and the last line (when it changed).
     */
    @Override
    public SegmentInfo info(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("read the info of segment " + segment, null, () -> withState(segment, state -> {
            return locks.withStripe(segment, false, stripe -> {
                    FileChannel channel = observe(state, stripe, false);
                    requireEntries(state);
                    if (state.start == null) {
                        LogEntry first = readLine(state, channel, 0, 0, codec::decode);
                        if (!(first instanceof LogEntry.SegmentStart)) {
                            throw new CorruptDataException(segment, 0, "the first entry is a "
                                    + first.kind().wireName() + ", not a segment_start (the first entry of "
                                    + state.file + ")");
                        }
                        state.start = (LogEntry.SegmentStart) first;
                    }
                    if (state.lastTs == SegmentState.UNKNOWN_TS) {
                        state.lastTs = readLine(state, channel, state.lastLineStart, state.count - 1, codec::decode).ts();
                    }
                    LogEntry.SegmentStart start = state.start;
                    return new SegmentInfo(segment, start.sessionId(), start.ts(), start.forkedFrom(),
                            start.compactedFrom(), state.count, state.lastTs);
            });
        }));
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the names in the store's directory (flat-layout segments) and in each session
     * directory; of the newest names, only as many files as the page needs are looked at, to skip
     * those holding no entry (see the {@linkplain dev.segmentlog.store.jsonl package overview}).
     */
    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        ensureOpen();
        Objects.requireNonNull(page, "page");
        return io("list segments", directory, () -> checkedPage(page, offer -> forEachName(directory, name -> {
            SessionId session = idOf(name, "", SessionId::parse);
            if (session != null) {
                forEachName(directory.resolve(session.toString()), inner -> {
                    SegmentId segment = idOf(inner, SegmentFile.LOG_SUFFIX, SegmentId::parse);
                    if (segment != null) {
                        offer.offer(segment, SegmentFile.inSession(session, segment));
                    }
                    return true;
                });
            }
            SegmentId flat = idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
            if (flat != null) {
                offer.offer(flat, SegmentFile.flat(flat));
            }
            return true;
        }), this::holdsEntry));
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the names in the store's directory: each directory named by a session id, and each
     * flat-layout segment (its own session); of the newest, only as many as the page needs are looked
     * into, to skip those holding no segment with an entry.
     */
    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        ensureOpen();
        Objects.requireNonNull(page, "page");
        return io("list sessions", directory, () -> checkedPage(page, offer -> forEachName(directory, name -> {
            SessionId session = idOf(name, "", SessionId::parse);
            if (session != null) {
                offer.offer(session, session);
            }
            SegmentId flat = idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
            if (flat != null) {
                SessionId own = SessionId.ofLegacySegment(flat);
                offer.offer(own, own);
            }
            return true;
        }), (session, ignored) -> holdsSegment(session)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>From the names in the session's directory, and the flat-layout segment whose own session it
     * is; of the newest, only as many files as the page needs are looked at, to skip those holding
     * no entry.
     */
    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(page, "page");
        Path sessionDir = directory.resolve(session.toString());
        return io("list the segments of session " + session, sessionDir, () -> checkedPage(page, offer -> {
            forEachName(sessionDir, name -> {
                SegmentId segment = idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
                if (segment != null) {
                    offer.offer(segment, SegmentFile.inSession(session, segment));
                }
                return true;
            });
            SegmentFile flat = SegmentFile.flat(new SegmentId(session.value()));
            if (Files.exists(flat.log(directory))) {
                offer.offer(flat.segment(), flat);
            }
        }, this::holdsEntry));
    }

    /**
     * The page {@code request} asks of the ids {@code names} offers, keeping only those that pass
     * {@code check}, which looks at no more of them than the page needs: each round walks the names
     * once, keeping the {@code limit + 1} newest admitted ones older than the last round's, and
     * checks them newest first until {@code limit + 1} have passed (the one past the limit only says
     * there is a next page). A further round is needed only when some of them failed.
     */
    private static <T extends Comparable<? super T>, V> Page<T> checkedPage(PageRequest<T> request, Names<T, V> names,
            Check<T, V> check) throws IOException {
        List<T> passed = new ArrayList<>();
        PageRequest<T> round = request;
        while (true) {
            NewestIds<T, V> newest = new NewestIds<>(round);
            names.walk(newest::offer);
            List<Map.Entry<T, V>> candidates = newest.newestFirst();
            for (Map.Entry<T, V> candidate : candidates) {
                if (!check.passes(candidate.getKey(), candidate.getValue())) {
                    continue;
                }
                passed.add(candidate.getKey());
                if (passed.size() > request.limit()) {
                    return Page.fromNewestFirst(passed, request);
                }
            }
            if (candidates.size() <= request.limit()) {
                return Page.fromNewestFirst(passed, request); // the names are exhausted
            }
            round = round.after(candidates.get(candidates.size() - 1).getKey());
        }
    }

    /** Walks names, offering each id with what locates it. */
    @FunctionalInterface
    private interface Names<T extends Comparable<? super T>, V> {
        void walk(Offer<T, V> offer) throws IOException;
    }

    @FunctionalInterface
    private interface Offer<T, V> {
        void offer(T id, V value);
    }

    @FunctionalInterface
    private interface Check<T, V> {
        boolean passes(T id, V value) throws IOException;
    }

    /**
     * Whether {@code session} holds a segment with an entry: in its directory or, as its own session,
     * in the flat layout.
     */
    private boolean holdsSegment(SessionId session) throws IOException {
        SegmentFile flat = SegmentFile.flat(new SegmentId(session.value()));
        if (Files.exists(flat.log(directory)) && holdsEntry(flat.segment(), flat)) {
            return true;
        }
        boolean[] found = new boolean[1];
        forEachName(directory.resolve(session.toString()), name -> {
            SegmentId segment = idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
            found[0] = segment != null && holdsEntry(segment, SegmentFile.inSession(session, segment));
            return !found[0];
        });
        return found[0];
    }

    /**
     * Whether a segment file holds a committed entry, as {@link #exists} would answer for it, but
     * reading only its end: the stripe's pending write and, from the end of the file (or the start of
     * an unfinished write), back to the first byte of a complete line that is not blank.
     */
    private boolean holdsEntry(SegmentId segment, SegmentFile location) throws IOException {
        Path file = location.log(directory);
        try {
            return locks.withStripe(segment, false, stripe -> {
                Sighting sighting = sight(file, stripe,
                        attributes -> FileChannel.open(file, StandardOpenOption.READ), true);
                try (FileChannel channel = sighting.channel()) {
                    long size = sighting.attributes().size();
                    return sighting.attributes().isRegularFile()
                            && Lines.holdsEntry(channel, countableEnd(location, channel, size, sighting.pending()));
                }
            });
        } catch (NoSuchFileException e) {
            return false; // deleted meanwhile
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes the session's directory with the segments and traces in it, and the flat-layout
     * segment whose own session it is, with its trace.
     */
    @Override
    public int deleteSession(SessionId session) {
        ensureOpen();
        Objects.requireNonNull(session, "session");
        refuseIfReadOnly("delete session " + session);
        Path sessionDir = directory.resolve(session.toString());
        return io("delete session " + session, sessionDir, () -> locks.withDirectory(() -> {
            List<SegmentFile> files = new ArrayList<>();
            forEachName(sessionDir, name -> {
                SegmentId segment = idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
                if (segment != null) {
                    files.add(SegmentFile.inSession(session, segment));
                }
                return true;
            });
            SegmentFile flat = SegmentFile.flat(new SegmentId(session.value()));
            if (Files.exists(flat.log(directory))) {
                files.add(flat);
            }
            int deleted = 0;
            for (SegmentFile location : files) {
                SegmentId segment = location.segment();
                deleted += locks.withStripe(segment, true, stripe -> {
                    recover(stripe);
                    stripe.replacing();
                    Path file = location.log(directory);
                    closeOpenFile(segment, file);
                    boolean held;
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        held = Lines.holdsEntry(channel, channel.size());
                    } catch (NoSuchFileException e) {
                        held = false;
                    }
                    Files.deleteIfExists(location.trace(directory));
                    Files.deleteIfExists(file);
                    if (!location.isFlat() && session.equals(readPointer(segment))) {
                        Files.deleteIfExists(pointerFile(segment));
                    }
                    states.remove(segment);
                    return held ? 1 : 0;
                });
            }
            deleteIfEmpty(sessionDir); // files that are not the store's (it never writes others) are left alone
            if (durability == Durability.FSYNC) {
                forceDirectory(directory);
            }
            return deleted;
        }));
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        refuseIfReadOnly("append to the trace of segment " + segment);
        byte[] json = codec.encodeTrace(entry);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        io("append to the trace of segment " + segment, null, () -> withState(segment, state ->
                locks.withStripe(segment, true, stripe -> {
                    recover(stripe);
                    look(state, stripe, null);
                    requireEntries(state);
                    Path trace = state.location.trace(directory);
                    boolean created = !Files.exists(trace);
                    try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        long size = channel.size();
                        long end = Lines.committedEnd(channel, size);
                        if (end < size) {
                            channel.truncate(end); // a torn tail left by a crash
                        }
                        write(channel, trace, end, line);
                    }
                    if (created && durability == Durability.FSYNC) {
                        forceDirectory(trace.getParent());
                    }
                    return null;
                })));
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("read the trace of segment " + segment, null, () -> withState(segment, state -> {
            if (committedCount(state) == 0) {
                throw new SegmentNotFoundException(segment);
            }
            Path trace = state.location.trace(directory);
            List<TraceEntry> entries = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ)) {
                Lines.forEach(channel, 0, channel.size(), 0, Long.MAX_VALUE, (index, offset, line) -> {
                    try {
                        entries.add(codec.decodeTrace(line, segment, index));
                    } catch (CorruptDataException e) {
                        throw new CorruptDataException(segment, index, e.reason() + " (trace entry " + (index + 1)
                                + ", the line at byte " + offset + " of " + trace + ")", e);
                    }
                });
            } catch (NoSuchFileException e) {
                return List.of();
            }
            return Collections.unmodifiableList(entries);
        }));
    }

    /** Closes the store; closing twice is harmless. @throws BackendException if the lock file cannot be closed */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        states.clear();
        IOException failure = null;
        for (int i = 0; i < openFiles.length; i++) {
            OpenFile open = openFiles[i];
            openFiles[i] = null;
            if (open != null) {
                try {
                    open.channel.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        try {
            locks.release();
            if (failure != null) {
                throw failure;
            }
        } catch (IOException e) {
            throw new BackendException("cannot close the JSONL store in " + directory + ": " + describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "JsonlSegmentStore[" + directory
                + (readOnly ? ", read-only" : ", durability=" + durability.optionValue()) + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Appends

    /**
     * Holding the segment's stripe, after {@code encoded} was written at {@code start} (the end of the
     * committed lines): what the state learns from it, so that nothing of it has to be read back.
     */
    private static void committed(SegmentState state, long start, Encoded encoded) {
        int[] lineStarts = encoded.lineStarts();
        for (int i = 0; i < lineStarts.length; i++) {
            state.index.committed(state.count + i, start + lineStarts[i]);
        }
        state.count += lineStarts.length;
        state.committedSize = start + encoded.bytes().length;
        state.lastLineStart = start + lineStarts[lineStarts.length - 1];
        state.lastTs = encoded.lastTs();
        state.knowLastHash(encoded.lastHash());
    }

    /**
     * Writes whole lines at {@code start} of a segment's file (the end of its committed lines) in one
     * write. Several lines are announced first as the stripe's pending write, so that if the process
     * dies half-way whoever comes next cuts the file back instead of taking the lines written so far
     * for a committed part of the batch. On failure the file is cut back to {@code start}.
     *
     * @throws BackendException if the write fails; the message says whether it was rolled back
     */
    private void writeLines(FileChannel channel, Stripe stripe, SegmentState state, long start, Encoded encoded,
            String what) throws IOException {
        boolean batch = encoded.lines() > 1;
        boolean force = durability == Durability.FSYNC;
        if (batch) {
            stripe.begin(new PendingWrite(state.location, start, start + encoded.bytes().length), force);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(encoded.bytes());
            while (buffer.hasRemaining()) {
                channel.write(buffer, start + buffer.position());
            }
            if (force) {
                channel.force(false);
            }
            if (batch) {
                stripe.clear();
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(state.file, start, what, e);
        }
    }

    /** Appends one line to a file (a trace) in one write; on failure cuts the file back. */
    private void write(FileChannel channel, Path file, long start, byte[] line) throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer, start + buffer.position());
            }
            if (durability == Durability.FSYNC) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(file, start, "append to " + file, e);
        }
    }

    /**
     * Cuts {@code file} back to {@code size} after a failed write. Runs even if the thread was
     * interrupted (an interrupt is what closes a channel mid-write), and keeps the interrupt.
     */
    private BackendException rollBack(Path file, long size, String what, Exception failure) {
        boolean interrupted = Thread.interrupted();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > size) {
                channel.truncate(size);
            }
            if (durability == Durability.FSYNC) {
                channel.force(false);
            }
            return new BackendException(what + " failed on " + file + ": " + describe(failure)
                    + "; it was rolled back, nothing was written", failure);
        } catch (IOException e) {
            failure.addSuppressed(e);
            return new BackendException(what + " failed on " + file + ": " + describe(failure)
                    + "; rolling back failed too (" + describe(e) + "), so whole lines of it may be in the file",
                    failure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Cuts back what a writer that died left half-written in this stripe, then forgets it. Called by
     * every writer right after taking a stripe, so a pending write is only ever seen after a crash.
     */
    private void recover(Stripe stripe) throws IOException {
        PendingWrite pending = stripe.pending();
        if (pending == null) {
            return;
        }
        Path file = pending.file().log(directory);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size > pending.start() && !isComplete(channel, size, pending)) {
                channel.truncate(pending.start());
                if (durability == Durability.FSYNC) {
                    channel.force(false);
                }
            }
        } catch (NoSuchFileException e) {
            // the segment was deleted: nothing to cut back
        }
        stripe.clear();
    }

    /** Whether a pending write reached its last byte, the {@code \n} of its last line. */
    private static boolean isComplete(FileChannel channel, long size, PendingWrite pending) throws IOException {
        if (size < pending.end() || pending.end() < 1) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, pending.end() - 1) == 1 && last.get(0) == '\n';
    }

    // ---------------------------------------------------------------------------------------------
    // The count cache

    /**
     * Brings {@code state} up to date with its file, holding the segment's stripe: when the file is
     * the same and has not grown this is one {@code stat}; otherwise only the new bytes are scanned.
     * Bytes of a write that a dead writer left unfinished ({@code pending}) and a torn last line do
     * not count.
     *
     * @param fileKey the file's identity and {@code size} its size, seen while holding the stripe
     * @return the file's size, which exceeds the committed size when the file has such bytes
     */
    private long refresh(SegmentState state, FileChannel channel, Object fileKey, long size,
            PendingWrite pending) throws IOException {
        state.fileSize = size;
        long end = countableEnd(state.location, channel, size, pending);
        if (!Objects.equals(fileKey, state.fileKey) || end < state.committedSize) {
            state.reset(fileKey); // another file under the same name: deleted and created again
        }
        if (end > state.committedSize) {
            Lines.Scan scan = Lines.scan(channel, state.committedSize, end, state.count, state.index);
            state.committedSize = scan.committedEnd(); // blank lines too: an append never cuts them off
            state.blankLines |= scan.blankLines() > 0;
            if (scan.entries() > 0) {
                state.count += scan.entries();
                state.lastLineStart = scan.lastEntryStart();
                state.lastTs = SegmentState.UNKNOWN_TS;
                state.lastHashKnown = false;
            }
        }
        return size;
    }

    /**
     * Where the bytes that may count end in the file of {@code location}, {@code size} bytes long:
     * its size, or the start of the stripe's pending write when that is this file's and unfinished
     * (a writer died in it, or, seen without the lock, is still in it).
     */
    private static long countableEnd(SegmentFile location, FileChannel channel, long size, PendingWrite pending)
            throws IOException {
        if (pending != null && pending.file().equals(location) && !isComplete(channel, size, pending)) {
            return Math.min(size, pending.start());
        }
        return size;
    }

    /**
     * Holding the segment's stripe: brings {@code state} up to date ({@link #refresh}) through the
     * channel this store keeps open for the stripe, and returns that channel. While the stripe's
     * replacement count is the one seen when that channel was last matched with the path, no segment
     * file of the stripe was deleted or created since, so the path still names the open file and an
     * {@code fstat} of the channel tells its size; otherwise the path is looked up ({@code stat}).
     *
     * @throws NoSuchFileException if the file is gone
     */
    private FileChannel look(SegmentState state, Stripe stripe, PendingWrite pending) throws IOException {
        long replacements = stripe.replacements();
        OpenFile open = openFiles[DirectoryLocks.stripeOf(state.segment)];
        if (open != null && open.replacements == replacements && open.file.equals(state.file)
                && open.channel.isOpen()) {
            refresh(state, open.channel, open.fileKey, open.channel.size(), pending);
            return open.channel;
        }
        BasicFileAttributes attributes = Files.readAttributes(state.file, BasicFileAttributes.class);
        FileChannel channel = channelFor(state, attributes, replacements);
        refresh(state, channel, attributes.fileKey(), attributes.size(), pending);
        return channel;
    }

    /**
     * Holding the segment's stripe to read: brings {@code state} up to date with its file and returns
     * a channel on the file, the one this store keeps open for the stripe, or when {@code own} a new
     * one for the caller to close (to read outside the stripe). A writable store uses {@link #look}
     * for the first; both kinds see the file through {@link #sight}.
     *
     * @throws NoSuchFileException if the file is gone
     */
    private FileChannel observe(SegmentState state, Stripe stripe, boolean own) throws IOException {
        if (!own && !readOnly) {
            return look(state, stripe, stripe.pending());
        }
        // A read-only store's kept channels never take look's fstat shortcut, so no replacement count goes with them.
        Sighting sighting = sight(state.file, stripe,
                own ? attributes -> FileChannel.open(state.file, StandardOpenOption.READ)
                        : attributes -> channelFor(state, attributes, 0), own);
        try {
            refresh(state, sighting.channel(), sighting.attributes().fileKey(), sighting.attributes().size(),
                    sighting.pending());
        } catch (IOException | RuntimeException e) {
            if (own) {
                sighting.channel().close();
            }
            throw e;
        }
        return sighting.channel();
    }

    /**
     * Holding the segment's stripe: the file's attributes and the stripe's pending write, seen at
     * one moment, with a channel on that file from {@code opener} ({@code own}: the caller's to close).
     * A writable store holds the stripe across processes, so one look does; a read-only store looks
     * without that lock ({@link Sighting#unlocked}).
     *
     * @throws NoSuchFileException if the file is gone
     */
    private Sighting sight(Path file, Stripe stripe, Sighting.Opener opener, boolean own) throws IOException {
        return readOnly ? Sighting.unlocked(file, stripe::pending, opener, own)
                : Sighting.locked(file, stripe::pending, opener, own);
    }

    /**
     * Holding the segment's stripe: the channel this store keeps open on the stripe's most recently
     * used file, opened again when that was another file, or the same name now names another file
     * (deleted and created again), or an interrupt closed it. One per stripe bounds the open files;
     * closing one never drops a lock, since locks are taken on {@code .lock} only.
     *
     * @param replacements the stripe's replacement count, under which {@code attributes} were read
     */
    private FileChannel channelFor(SegmentState state, BasicFileAttributes attributes, long replacements)
            throws IOException {
        int stripe = DirectoryLocks.stripeOf(state.segment);
        OpenFile open = openFiles[stripe];
        Object fileKey = attributes.fileKey();
        if (open != null && open.file.equals(state.file) && fileKey != null && fileKey.equals(open.fileKey)
                && open.channel.isOpen()) {
            if (open.replacements != replacements) {
                openFiles[stripe] = new OpenFile(open.file, fileKey, open.channel, replacements);
            }
            return open.channel;
        }
        openFiles[stripe] = null;
        if (open != null) {
            open.channel.close();
        }
        FileChannel channel = readOnly ? FileChannel.open(state.file, StandardOpenOption.READ)
                : FileChannel.open(state.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        openFiles[stripe] = new OpenFile(state.file, fileKey, channel, replacements);
        return channel;
    }

    /** Holding the stripe: closes its open file if it is {@code file}. */
    private void closeOpenFile(SegmentId segment, Path file) throws IOException {
        int stripe = DirectoryLocks.stripeOf(segment);
        OpenFile open = openFiles[stripe];
        if (open != null && open.file.equals(file)) {
            openFiles[stripe] = null;
            open.channel.close();
        }
    }

    /** An open segment file, and the stripe's replacement count when its path was last seen to name it. */
    private record OpenFile(Path file, Object fileKey, FileChannel channel, long replacements) {}

    /** The committed entries of a located segment; 0 when its creation never finished. */
    private long committedCount(SegmentState state) throws IOException {
        return locks.withStripe(state.segment, false, stripe -> {
            observe(state, stripe, false);
            return state.count;
        });
    }

    /** {@link #committedCount}, 0 when the file is gone. */
    private long countOrZero(SegmentState state) throws IOException {
        try {
            return committedCount(state);
        } catch (NoSuchFileException e) {
            states.remove(state.segment, state);
            return 0;
        }
    }

    /** A file without a committed line is what a create that never finished leaves: no segment. */
    private static void requireEntries(SegmentState state) {
        if (state.count == 0) {
            throw new SegmentNotFoundException(state.segment);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Finding segments

    /**
     * Runs {@code action} on the state of a segment; when its file turns out to be gone, looks the
     * segment up once more (it may have been deleted, or deleted and created again elsewhere).
     *
     * @throws SegmentNotFoundException if no file of the segment exists
     */
    private <T> T withState(SegmentId segment, StateAction<T> action) throws IOException {
        for (int attempt = 0; ; attempt++) {
            SegmentState state = locate(segment, true);
            if (state == null) {
                throw new SegmentNotFoundException(segment);
            }
            try {
                return action.run(state);
            } catch (NoSuchFileException e) {
                states.remove(segment, state);
                if (attempt > 0) {
                    throw new SegmentNotFoundException(segment);
                }
            }
        }
    }

    /**
     * The state of a segment whose file was seen, or null: from the cache, else from the segment's
     * pointer file {@code .segments/{segment_id}} (holding its session id, written on create), else
     * from the flat layout ({@code DIR/{segment_id}.jsonl}), else, when {@code scan}, by looking into
     * every session directory (a segment put there by other means).
     */
    private SegmentState locate(SegmentId segment, boolean scan) throws IOException {
        SegmentState cached = states.get(segment);
        if (cached != null) {
            return cached;
        }
        SessionId session = readPointer(segment);
        SegmentFile found = session == null ? null : SegmentFile.inSession(session, segment);
        if (found == null || !Files.exists(found.log(directory))) {
            found = SegmentFile.flat(segment);
        }
        if (!Files.exists(found.log(directory))) {
            found = null;
        }
        if (found == null && scan) {
            SegmentFile[] inSession = new SegmentFile[1];
            forEachName(directory, name -> {
                SessionId candidate = idOf(name, "", SessionId::parse);
                if (candidate != null && Files.exists(SegmentFile.inSession(candidate, segment).log(directory))) {
                    inSession[0] = SegmentFile.inSession(candidate, segment);
                }
                return inSession[0] == null;
            });
            found = inSession[0];
        }
        if (found == null) {
            return null;
        }
        SegmentFile location = found;
        return states.computeIfAbsent(segment, id -> new SegmentState(location, location.log(directory)));
    }

    private SessionId readPointer(SegmentId segment) throws IOException {
        try {
            return SessionId.parse(Files.readString(pointerFile(segment), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return null; // unreadable pointer: it is only a hint, the session directories are the truth
        }
    }

    /** Replaces the pointer file atomically, so that no reader ever sees half of it. */
    private void writePointer(SegmentId segment, SessionId session) throws IOException {
        Path pointer = pointerFile(segment);
        Path temporary = pointer.resolveSibling(segment + ".tmp");
        Files.writeString(temporary, session.toString(), StandardCharsets.US_ASCII);
        Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates the file; an existing one is taken over only if it holds no entry. */
    private FileChannel openNew(SegmentId segment, Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                if (Lines.holdsEntry(channel, channel.size())) {
                    throw new SegmentAlreadyExistsException(segment);
                }
                channel.truncate(0);
                return channel;
            } catch (IOException | RuntimeException failure) {
                channel.close();
                throw failure;
            }
        }
    }

    /**
     * Hands {@code sink} the name of each entry of {@code dir}, until it returns false; nothing else
     * is read. A directory that is gone (deleted meanwhile) or is not one holds nothing.
     */
    private static void forEachName(Path dir, NameSink sink) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!sink.accept(child.getFileName().toString())) {
                    return;
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // nothing in it
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    @FunctionalInterface
    private interface NameSink {
        /** @return whether to go on */
        boolean accept(String name) throws IOException;
    }

    /**
     * The id in a name {@code {id}{suffix}}, or null for any other name (the lock file, the pointer
     * directory, traces, files that are not the store's).
     */
    private static <T> T idOf(String name, String suffix, Function<String, T> parser) {
        // an id's text is a UUID of 36 characters: other names are passed over without parsing
        if (name.length() != ID_LENGTH + suffix.length() || !name.endsWith(suffix)) {
            return null;
        }
        try {
            return parser.apply(name.substring(0, ID_LENGTH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Path pointerFile(SegmentId segment) {
        return directory.resolve(POINTER_DIR).resolve(segment.toString());
    }

    /** Refuses a write of a read-only store, before anything else is checked. */
    private void refuseIfReadOnly(String operation) {
        if (readOnly) {
            throw new ReadOnlyStoreException("jsonl:" + directory, operation);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Codec

    /**
     * The lines of a batch, each ended by {@code \n}, in one array, and what the count cache learns
     * from them.
     *
     * @param lineStarts where each line starts in {@code bytes}
     * @param lastTs     the last entry's ts; meaningless when there are no lines
     * @param lastHash   nullable: the last entry's hash
     */
    private record Encoded(byte[] bytes, int[] lineStarts, long lastTs, EntryHash lastHash) {
        int lines() {
            return lineStarts.length;
        }
    }

    /**
     * Encodes a batch, each entry once: an entry without chain fields is exactly
     * {@link EntryCodec#encode(LogEntry)}'s line, a chained one has them last.
     *
     * @throws NullPointerException  if {@code entries} is or holds null (checked before any encoding)
     * @throws InvalidEntryException if the codec refuses an entry
     */
    private Encoded encode(List<StoredEntry> entries) {
        for (StoredEntry entry : entries) {
            Objects.requireNonNull(entry, "entries holds null");
        }
        byte[][] lines = new byte[entries.size()][];
        int total = 0;
        for (int i = 0; i < lines.length; i++) {
            lines[i] = codec.encode(entries.get(i));
            total = Math.addExact(total, lines[i].length + 1);
        }
        byte[] bytes = new byte[total];
        int[] lineStarts = new int[lines.length];
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            lineStarts[i] = offset;
            System.arraycopy(lines[i], 0, bytes, offset, lines[i].length);
            offset += lines[i].length;
            bytes[offset++] = '\n';
        }
        StoredEntry last = lines.length == 0 ? null : entries.get(lines.length - 1);
        return new Encoded(bytes, lineStarts, last == null ? SegmentState.UNKNOWN_TS : last.entry().ts(),
                last == null ? null : last.hash());
    }

    /** How a read turns a line into an entry: {@link EntryCodec#decode} or {@link EntryCodec#decodeHashed}. */
    @FunctionalInterface
    private interface LineDecoder<T> {
        T decode(byte[] line, SegmentId segment, long position);
    }

    /** Decodes entry {@code position}, the line at {@code offset}; corrupt data names both and the file. */
    private static <T> T decode(SegmentState state, byte[] line, long position, long offset, LineDecoder<T> decoder) {
        try {
            return decoder.decode(line, state.segment, position);
        } catch (CorruptDataException e) {
            // with blank lines in the file, an entry's line number is not its position + 1
            String where = state.blankLines ? "the line at byte " + offset : "line " + (position + 1);
            throw new CorruptDataException(state.segment, position, e.reason() + " (" + where + " of " + state.file
                    + ")", e);
        }
    }

    /** Decodes the first entry from {@code offset} on, entry {@code position}. */
    private static <T> T readLine(SegmentState state, FileChannel channel, long offset, long position,
            LineDecoder<T> decoder) throws IOException {
        List<T> found = new ArrayList<>(1);
        Lines.forEach(channel, offset, state.committedSize, 0, 1,
                (index, at, line) -> found.add(decode(state, line, position, at, decoder)));
        if (found.isEmpty()) {
            throw new CorruptDataException(state.segment, position, "line " + (position + 1) + " of " + state.file
                    + " is missing: the file changed under the store");
        }
        return found.get(0);
    }

    // ---------------------------------------------------------------------------------------------
    // Plumbing

    private void ensureOpen() {
        if (closed.get()) {
            throw new BackendException("the JSONL store in " + directory + " is closed", null);
        }
    }

    private void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Deletes {@code dir} if it is empty. */
    private static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // still holds something: kept
        }
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs file work, turning every {@link IOException} into a {@link BackendException} naming the file. */
    private <T> T io(String what, Path file, IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            Path where = e instanceof FileSystemException && ((FileSystemException) e).getFile() != null
                    ? Path.of(((FileSystemException) e).getFile()) : file;
            throw new BackendException(what + " failed" + (where != null ? " on " + where : " in " + directory)
                    + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof ClosedByInterruptException) {
            return "the thread was interrupted (ClosedByInterruptException)";
        }
        if (e instanceof FileSystemException) {
            FileSystemException fs = (FileSystemException) e;
            String reason = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return reason + (fs.getFile() != null ? " (" + fs.getFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
    }

    @FunctionalInterface
    private interface IoWork<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface StateAction<T> {
        T run(SegmentState state) throws IOException;
    }
}
