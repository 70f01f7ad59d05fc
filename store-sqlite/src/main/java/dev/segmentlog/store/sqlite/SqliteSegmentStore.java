package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.EntryHash;
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
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link SegmentStore} in one SQLite file: the embedded default store ({@code sqlite:FILE}).
 *
 * <p>One row per segment (session, creation time, lineage, entry count, last entry time) and one row
 * per entry keyed by (segment, position), holding the entry's canonical JSON. The file is in WAL
 * mode: readers never wait for the writer. Writes are serialised inside the JVM and run as
 * {@code BEGIN IMMEDIATE} transactions, which take the file's write lock up front (waiting up to the
 * busy timeout for another process), so several threads and several processes can append to one
 * file. The primary key (segment, position) is what rejects a stale conditional append.
 *
 * <p>It keeps hash-chained segments: an entry written with its chain fields is stored as the codec's
 * hashed line ({@link EntryCodec#encode(StoredEntry)}: the canonical JSON with {@code prev_hash} and
 * {@code hash} last) in the same {@code json} column, and the segment's row keeps its head hash, so
 * {@link #headHash} reads one row. The store keeps the chain fields as given and does not check
 * them; {@link dev.segmentlog.log.SegmentLog#verify} does.
 *
 * <p>A page is an index range: {@link #read} a range of the entries' key from the position on, each
 * listing a range of the segments' key or of the index on (session, segment) from the cursor on. A
 * page costs about what it returns, whatever the size of the store or the segment (the package
 * documentation gives the costs).
 *
 * <p>{@link #open} writes nothing to a file before it knows the file is a store: an existing file
 * that is not (another application's database, a newer schema) is refused exactly as it was, its
 * journal mode included. {@link #openReadOnly} opens a store only to read it, on read-only
 * connections, never creating or initialising anything; every write is refused with a
 * {@link ReadOnlyStoreException} (after the null checks, before any other check). The package
 * documentation says what a read-only reader sees while another process writes.
 *
 * <p>Instances are thread-safe. Open one per file and process, and close it when done.
 *
 * <pre>{@code
 * try (SqliteSegmentStore store = SqliteSegmentStore.open(Path.of("agent.db"))) { ... }
 * }</pre>
 */
public final class SqliteSegmentStore implements SegmentStore {

    /** The busy timeout when none is given: how long a write waits for another process's lock. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final String fileName;
    private final Access access;
    private final Durability durability;
    private final EntryCodec codec = EntryCodec.standard();
    private final FileConnections connections;

    private SqliteSegmentStore(Path file, Access access, Durability durability, long busyTimeoutMs) {
        this.file = file;
        this.fileName = file.toString();
        this.access = access;
        this.durability = durability;
        this.connections = new FileConnections(file, access, durability, busyTimeoutMs);
    }

    /**
     * Opens (creating if needed) a store file with {@link Durability#NORMAL} and the
     * {@link #DEFAULT_BUSY_TIMEOUT}.
     *
     * @throws BackendException     if the file cannot be opened, is not a SQLite database, belongs to
     *                              another application or has a schema newer than this release
     * @throws NullPointerException if {@code file} is null
     */
    public static SqliteSegmentStore open(Path file) {
        return open(file, Durability.NORMAL, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens (creating if needed) a store file with the {@link #DEFAULT_BUSY_TIMEOUT}.
     *
     * @throws BackendException     as {@link #open(Path)}
     * @throws NullPointerException if an argument is null
     */
    public static SqliteSegmentStore open(Path file, Durability durability) {
        return open(file, durability, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens (creating if needed) a store file, creating its parent directories, and brings its schema
     * up to date. An existing file that is not a store is refused and left exactly as it was.
     *
     * @param file        the database file
     * @param durability  how hard commits are pressed to disk
     * @param busyTimeout how long a write waits for a lock held by another process before it fails
     * @throws IllegalArgumentException if {@code busyTimeout} is negative or over {@code Integer.MAX_VALUE} ms
     * @throws BackendException         as {@link #open(Path)}
     * @throws NullPointerException     if an argument is null
     */
    public static SqliteSegmentStore open(Path file, Durability durability, Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        requireValid(busyTimeout);
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new BackendException("cannot create directory " + parent + " for SQLite database file "
                        + absolute + ": " + e, e);
            }
        }
        requireNotADirectory(absolute);
        return new SqliteSegmentStore(absolute, Access.READ_WRITE, durability, busyTimeout.toMillis());
    }

    /**
     * Opens an existing store file only to read it, with the {@link #DEFAULT_BUSY_TIMEOUT}.
     *
     * @throws BackendException     as {@link #openReadOnly(Path, Duration)}
     * @throws NullPointerException if {@code file} is null
     */
    public static SqliteSegmentStore openReadOnly(Path file) {
        return openReadOnly(file, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens an existing store file only to read it: for inspecting a backup, a snapshot or a
     * read-only mount, or a live store without any risk of changing it. Nothing is created or
     * initialised: not a missing file or directory, not a schema, not a migration. The connections
     * are read-only and take part in SQLite's WAL locking, so each read sees a committed snapshot
     * while another process writes; SQLite keeps its {@code -wal} and {@code -shm} files beside the
     * file for that, creating them if they are missing, as any reader of a WAL file does. Where they
     * are missing and cannot be created (a directory that is not writable), the file is read with
     * SQLite's {@code immutable=1}: no locks, so such a reader must not be used while another process
     * writes. Every write is refused with a {@link ReadOnlyStoreException}.
     *
     * @param file        the database file, written by {@link #open} with this release's schema
     * @param busyTimeout how long a read waits for a lock another process holds (rare in WAL mode: while
     *                    another connection recovers the file after a crash, for instance)
     * @throws IllegalArgumentException if {@code busyTimeout} is negative or over {@code Integer.MAX_VALUE} ms
     * @throws BackendException         if the file does not exist, cannot be opened, is not a SQLite
     *                                  database, is empty, belongs to another application, has a
     *                                  schema older or newer than this release's, or cannot be read in
     *                                  place (a directory that is not writable beside a {@code -wal}
     *                                  file holding commits but no {@code -shm} file)
     * @throws NullPointerException     if an argument is null
     */
    public static SqliteSegmentStore openReadOnly(Path file, Duration busyTimeout) {
        return openReadOnly(file, busyTimeout, Files::isWritable);
    }

    /** {@link #openReadOnly(Path, Duration)}, asking {@code writable} whether a path is writable. */
    static SqliteSegmentStore openReadOnly(Path file, Duration busyTimeout, Predicate<Path> writable) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        requireValid(busyTimeout);
        Path absolute = file.toAbsolutePath().normalize();
        requireNotADirectory(absolute);
        if (!Files.exists(absolute)) {
            throw new BackendException("SQLite database file " + absolute + " does not exist; a store opened "
                    + "read-only is never created (open it read-write to start a new store). Nothing was created",
                    null);
        }
        Access access = Access.forReading(absolute, writable);
        return new SqliteSegmentStore(absolute, access, Durability.NORMAL, busyTimeout.toMillis());
    }

    private static void requireValid(Duration busyTimeout) {
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout must be between 0 and " + Integer.MAX_VALUE
                    + " ms, not " + busyTimeout.toMillis() + " ms");
        }
    }

    private static void requireNotADirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new BackendException("cannot open SQLite database file " + file
                    + ": it is a directory; name a file", null);
        }
    }

    /** The database file, absolute. */
    public Path file() {
        return file;
    }

    /** The durability this store writes with; {@link Durability#NORMAL} for a read-only store, which never writes. */
    public Durability durability() {
        return durability;
    }

    /** Whether the store was opened with {@link #openReadOnly}: it refuses every write. */
    public boolean readOnly() {
        return access != Access.READ_WRITE;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the segment's row and one row per entry, each row's JSON holding the
     * entry's chain fields when it has them.
     *
     * @throws NullPointerException if an argument is or holds null
     */
    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entries, "entries");
        requireWritable("create segment " + segment);
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries));
        EntryRows.Batch batch = EntryRows.encode(entries);
        connections.write("creating segment " + segment, w -> {
            if (SegmentRows.count(w, segment).isPresent()) {
                throw new SegmentAlreadyExistsException(segment);
            }
            SegmentRows.insert(w, info, batch.lastHash());
            EntryRows.insert(w, segment, 0, batch);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the rows after the segment's last entry, then the segment's count, last
     * entry time and head hash. The store does not check the chain: a plain append may follow a
     * chained one (the head hash is then null).
     *
     * @throws NullPointerException if an argument is or holds null
     */
    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(entries, "entries");
        requireWritable("append to segment " + segment);
        OptionalLong exactly = expected instanceof ExpectedCount.Exactly count
                ? OptionalLong.of(count.count()) : OptionalLong.empty();
        if (entries.isEmpty()) {
            long actual = count(segment);
            if (exactly.isPresent() && exactly.getAsLong() != actual) {
                throw new ConflictException(segment, exactly.getAsLong(), actual);
            }
            return;
        }
        EntryRows.Batch batch = EntryRows.encode(entries);
        String operation = "appending to segment " + segment + (exactly.isPresent() ? " at " + exactly.getAsLong() : "");
        connections.write(operation, w -> {
            long start = exactly.isPresent() ? exactly.getAsLong()
                    : SegmentRows.count(w, segment).orElseThrow(() -> new SegmentNotFoundException(segment));
            // The primary key rejects an entry at a position already taken: a stale writer.
            try {
                EntryRows.insert(w, segment, start, batch);
            } catch (WriteStatements.WriteFailed e) {
                if (SqliteErrors.isConstraintViolation(e)) {
                    throw SegmentRows.conflictOrMissing(w, segment, start, e);
                }
                throw e;
            }
            // The guarded update rejects a writer that expects more entries than there are (a gap),
            // and a segment that does not exist.
            if (!SegmentRows.advanceCount(w, segment, start, batch)) {
                throw SegmentRows.conflictOrMissing(w, segment, start, null);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, so one snapshot: the segment's row by its key and at most {@code limit}
     * entries from the key range {@code (segment, position)} on; the entries before {@code position}
     * are never touched.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("a page limit must be at least 1, not " + limit);
        }
        List<EntryRows.StoredRow> rows = connections.read("reading segment " + segment,
                handle -> EntryRows.page(handle, segment, position, limit));
        return EntryRows.decode(segment, position, rows);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row: the head hash kept in the segment's row by every write. An edit of the entries
     * behind the store's back does not change it; {@link dev.segmentlog.log.SegmentLog#verify} reads
     * the entries themselves.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return connections.read("reading the head hash of segment " + segment,
                handle -> SegmentRows.headHash(handle, segment));
    }

    @Override
    public long count(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return connections.read("counting segment " + segment, handle -> SegmentRows.count(handle, segment))
                .orElseThrow(() -> new SegmentNotFoundException(segment));
    }

    @Override
    public boolean exists(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return connections.read("looking up segment " + segment, handle -> SegmentRows.count(handle, segment))
                .isPresent();
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return connections.read("reading the info of segment " + segment, handle -> SegmentRows.info(handle, segment))
                .orElseThrow(() -> new SegmentNotFoundException(segment));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A range of the segments table's primary key, read backwards from the cursor.
     *
     * @throws NullPointerException if {@code page} is null
     */
    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        return list("listing segments", Listing.SEGMENTS, List.of(), page, SegmentId::parse);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A range of the index on (session, segment), read backwards from the cursor; a session is
     * one run of that index, so a page visits the index entries of its own sessions' segments.
     *
     * @throws NullPointerException if {@code page} is null
     */
    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        return list("listing sessions", Listing.SESSIONS, List.of(), page, SessionId::parse);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A range of the index on (session, segment), read backwards from the cursor.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        Objects.requireNonNull(session, "session");
        return list("listing the segments of session " + session, Listing.SESSION_SEGMENTS,
                List.of(session.toString()), page, SegmentId::parse);
    }

    private <T extends Comparable<? super T>> Page<T> list(String operation, Listing listing, List<String> keys,
                                                           PageRequest<T> page, Function<String, T> parse) {
        Objects.requireNonNull(page, "page");
        return connections.read(operation, handle -> listing.page(handle, keys, page, parse));
    }

    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        requireWritable("delete session " + session);
        String id = session.toString();
        return connections.write("deleting session " + session, w -> {
            w.update("DELETE FROM entries WHERE segment_key IN (SELECT segment_key FROM segments WHERE session_id = ?)", id);
            w.update("DELETE FROM trace WHERE segment_key IN (SELECT segment_key FROM segments WHERE session_id = ?)", id);
            return w.update("DELETE FROM segments WHERE session_id = ?", id);
        });
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        requireWritable("append to the trace of segment " + segment);
        String json = new String(codec.encodeTrace(entry), StandardCharsets.UTF_8);
        connections.write("tracing segment " + segment, w -> {
            long key = SegmentRows.key(w, segment).orElseThrow(() -> new SegmentNotFoundException(segment));
            w.update("INSERT INTO trace (segment_key, seq, json) VALUES (?, "
                    + "(SELECT coalesce(max(seq) + 1, 0) FROM trace WHERE segment_key = ?), ?)", key, key, json);
            return null;
        });
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        List<EntryRows.StoredRow> rows = connections.read("reading the trace of segment " + segment,
                handle -> handle.createQuery("SELECT t.seq, t.json FROM segments s LEFT JOIN trace t "
                                + "ON t.segment_key = s.segment_key WHERE s.segment_id = ? ORDER BY t.seq")
                        .bind(0, segment.toString())
                        .map((rs, ctx) -> EntryRows.storedRow(rs))
                        .list());
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<TraceEntry> trace = new ArrayList<>(rows.size());
        for (EntryRows.StoredRow row : rows) {
            if (row.json() != null) {
                trace.add(codec.decodeTrace(row.json(), segment, row.seq()));
            }
        }
        return List.copyOf(trace);
    }

    /**
     * Closes the store's connections; the last connection to the file checkpoints the WAL. Reads
     * still running finish first on their own connection.
     */
    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        String mode = switch (access) {
            case READ_WRITE -> "durability=" + durability.name().toLowerCase(Locale.ROOT);
            case READ_ONLY -> "read-only";
            case IMMUTABLE -> "read-only, immutable";
        };
        return "SqliteSegmentStore[sqlite:" + fileName + ", " + mode + "]";
    }

    private void requireWritable(String operation) {
        if (access != Access.READ_WRITE) {
            throw new ReadOnlyStoreException("sqlite:" + fileName, operation);
        }
    }
}
