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
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final Path directory;
    private final Durability durability;
    private final EntryCodec codec;
    private final boolean readOnly;
    private final StoreDirectory paths;
    private final DirectoryLocks locks;
    private final OpenFiles openFiles;
    private final SegmentStates states;
    private final TailRecovery recovery;
    private final LineWriter writer;
    private final SegmentLifecycle lifecycle;
    private final Listings listings;
    private final TraceFiles traces;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JsonlSegmentStore(Path directory, Durability durability, EntryCodec codec, DirectoryLocks locks,
            boolean readOnly) {
        this.directory = directory;
        this.durability = durability;
        this.codec = codec;
        this.readOnly = readOnly;
        this.paths = new StoreDirectory(directory);
        this.locks = locks;
        this.openFiles = new OpenFiles(readOnly);
        this.states = new SegmentStates(paths, locks, openFiles);
        this.recovery = new TailRecovery(directory, durability);
        this.writer = new LineWriter(durability);
        this.lifecycle = new SegmentLifecycle(paths, durability, locks, states, openFiles, recovery, writer);
        this.listings = new Listings(paths, locks, readOnly);
        this.traces = new TraceFiles(codec, writer, durability);
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
            Files.createDirectories(real.resolve(StoreDirectory.POINTER_DIR));
            return new JsonlSegmentStore(real, durability, codec, DirectoryLocks.acquire(real), false);
        } catch (IOException e) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + IoFailures.describe(e), e);
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
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + IoFailures.describe(e), e);
        }
        if (!Files.isDirectory(real)) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": it is not a directory", null);
        }
        try {
            return new JsonlSegmentStore(real, Durability.BUFFERED, codec, DirectoryLocks.forReading(real), true);
        } catch (IOException e) {
            throw new BackendException("cannot open the JSONL store in " + directory + ": " + IoFailures.describe(e), e);
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
        refuseIfReadOnly("create segment", segment);
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        EncodedLines encoded = EncodedLines.encode(codec, entries);
        SegmentFile location = SegmentFile.inSession(info.sessionId(), segment);
        io("create segment", segment, location.log(directory), () -> {
            lifecycle.create(location, encoded, (LogEntry.SegmentStart) entries.get(0).entry());
            return null;
        });
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
        refuseIfReadOnly("append to segment", segment);
        EncodedLines encoded = EncodedLines.encode(codec, entries);
        io("append to segment", segment, null, () -> states.withState(segment, state ->
                locks.withStripe(segment, true, stripe -> {
                    appendHolding(stripe, state, expected, encoded);
                    return null;
                })));
    }

    /** Holding the segment's stripe: compares the expected count, then writes the lines after the committed ones. */
    private void appendHolding(DirectoryLocks.Stripe stripe, SegmentState state, ExpectedCount expected,
            EncodedLines encoded) throws IOException {
        recovery.recover(stripe);
        FileChannel channel = openFiles.look(state, stripe, null);
        SegmentStates.requireEntries(state);
        if (expected instanceof ExpectedCount.Exactly exactly && exactly.count() != state.count) {
            throw new ConflictException(state.segment, exactly.count(), state.count);
        }
        if (encoded.lines() == 0) {
            return;
        }
        long start = state.committedSize;
        if (state.fileSize > start) {
            channel.truncate(start); // a torn tail left by a crash mid-write
        }
        writer.writeLines(channel, stripe, state, start, encoded, "append to segment");
        state.committed(start, encoded);
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
        return io("read segment", segment, null, () -> states.withState(segment, state -> {
            FileChannel[] own = new FileChannel[1];
            SegmentReads.Span span = locks.withStripe(segment, false, stripe -> {
                own[0] = openFiles.observe(state, stripe, true);
                try {
                    SegmentStates.requireEntries(state);
                } catch (RuntimeException e) {
                    own[0].close();
                    throw e;
                }
                return SegmentReads.Span.of(state, position, limit);
            });
            // Committed lines never change once written, so they are read outside the lock.
            try (FileChannel channel = own[0]) {
                return SegmentReads.readPage(state, channel, position, span, codec::decodeHashed);
            }
        }));
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
        return io("read the head hash of segment", segment, null, () -> states.withState(segment, state ->
                locks.withStripe(segment, false, stripe -> {
                    FileChannel channel = openFiles.observe(state, stripe, false);
                    SegmentStates.requireEntries(state);
                    if (!state.lastHashKnown) {
                        state.knowLastHash(SegmentReads.readLine(state, channel, state.lastLineStart, state.count - 1,
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
        return io("count entries of segment", segment, null, () -> states.withState(segment, state -> {
            long count = states.committedCount(state);
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
        return io("look up segment", segment, null, () -> {
            try {
                return states.withState(segment, state -> states.committedCount(state) > 0);
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
        return io("read the info of segment", segment, null, () -> states.withState(segment, state ->
                locks.withStripe(segment, false, stripe -> {
                    FileChannel channel = openFiles.observe(state, stripe, false);
                    SegmentStates.requireEntries(state);
                    if (state.start == null) {
                        LogEntry first = SegmentReads.readLine(state, channel, 0, 0, codec::decode);
                        if (!(first instanceof LogEntry.SegmentStart)) {
                            throw new CorruptDataException(segment, 0, "the first entry is a "
                                    + first.kind().wireName() + ", not a segment_start (the first entry of "
                                    + state.file + ")");
                        }
                        state.start = (LogEntry.SegmentStart) first;
                    }
                    if (state.lastTs == SegmentState.UNKNOWN_TS) {
                        state.lastTs = SegmentReads.readLine(state, channel, state.lastLineStart, state.count - 1,
                                codec::decode).ts();
                    }
                    LogEntry.SegmentStart start = state.start;
                    return new SegmentInfo(segment, start.sessionId(), start.ts(), start.forkedFrom(),
                            start.compactedFrom(), state.count, state.lastTs);
                })));
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
        return io("list segments", null, directory, () -> listings.segments(page));
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
        return io("list sessions", null, directory, () -> listings.sessions(page));
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
        return io("list the segments of session", session, paths.sessionDirectory(session),
                () -> listings.segmentsOf(session, page));
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
        refuseIfReadOnly("delete session", session);
        return io("delete session", session, paths.sessionDirectory(session), () -> lifecycle.deleteSession(session));
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        refuseIfReadOnly("append to the trace of segment", segment);
        byte[] line = traces.encode(entry);
        io("append to the trace of segment", segment, null, () -> states.withState(segment, state ->
                locks.withStripe(segment, true, stripe -> {
                    recovery.recover(stripe);
                    openFiles.look(state, stripe, null);
                    SegmentStates.requireEntries(state);
                    traces.append(state.location.trace(directory), line);
                    return null;
                })));
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        ensureOpen();
        Objects.requireNonNull(segment, "segment");
        return io("read the trace of segment", segment, null, () -> states.withState(segment, state -> {
            if (states.committedCount(state) == 0) {
                throw new SegmentNotFoundException(segment);
            }
            return traces.read(state.location.trace(directory), segment);
        }));
    }

    /** Closes the store; closing twice is harmless. @throws BackendException if the lock file cannot be closed */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        states.clear();
        try {
            try {
                openFiles.closeAll();
            } finally {
                locks.release();
            }
        } catch (IOException e) {
            throw new BackendException("cannot close the JSONL store in " + directory + ": "
                    + IoFailures.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "JsonlSegmentStore[" + directory
                + (readOnly ? ", read-only" : ", durability=" + durability.optionValue()) + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Plumbing

    private void ensureOpen() {
        if (closed.get()) {
            throw new BackendException("the JSONL store in " + directory + " is closed", null);
        }
    }

    /** Refuses a write of a read-only store, before anything else is checked. */
    private void refuseIfReadOnly(String action, Object subject) {
        if (readOnly) {
            throw new ReadOnlyStoreException("jsonl:" + directory, IoFailures.what(action, subject));
        }
    }

    private <T> T io(String action, Object subject, Path file, IoFailures.IoWork<T> work) {
        return IoFailures.io(directory, action, subject, file, work);
    }
}
