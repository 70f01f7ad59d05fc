package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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

    private static final int MAX_IDLE_READERS = 4;

    /** How long to wait before switching a new file to WAL again while another connection locks it. */
    private static final long WAL_SWITCH_RETRY_MS = 5;

    /**
     * A page of a segment: its row by key, and its entries from a position on as a range of the
     * entries' primary key (segment, seq), in key order. The LEFT JOIN yields one row with a null seq
     * for a segment with nothing past the position, so an unknown segment is told apart in the same
     * statement (one snapshot).
     */
    static final String READ_PAGE = "SELECT e.seq, e.json FROM segments s LEFT JOIN entries e "
            + "ON e.segment_id = s.segment_id AND e.seq >= ? WHERE s.segment_id = ? ORDER BY e.seq LIMIT ?";

    /**
     * The newest-first listings, each as two statements: the first page, and the page after a
     * cursor id. Both read an index backwards in order and stop at the limit, so a page costs the
     * index entries of its ids (ids are time-ordered UUIDs whose text sorts as they do).
     */
    enum Listing {
        /** Every segment: the segments table's primary key. */
        SEGMENTS("SELECT segment_id FROM segments ORDER BY segment_id DESC LIMIT ?",
                "SELECT segment_id FROM segments WHERE segment_id < ? ORDER BY segment_id DESC LIMIT ?"),
        /** Every session: the index on (session, segment), one run per session. */
        SESSIONS("SELECT DISTINCT session_id FROM segments ORDER BY session_id DESC LIMIT ?",
                "SELECT DISTINCT session_id FROM segments WHERE session_id < ? ORDER BY session_id DESC LIMIT ?"),
        /** The segments of one session: the index on (session, segment). */
        SESSION_SEGMENTS("SELECT segment_id FROM segments WHERE session_id = ? ORDER BY segment_id DESC LIMIT ?",
                "SELECT segment_id FROM segments WHERE session_id = ? AND segment_id < ? "
                        + "ORDER BY segment_id DESC LIMIT ?");

        final String firstPage;
        final String nextPage;

        Listing(String firstPage, String nextPage) {
            this.firstPage = firstPage;
            this.nextPage = nextPage;
        }
    }

    private final Path file;
    private final String fileName;
    private final Access access;
    private final Durability durability;
    private final long busyTimeoutMs;
    private final EntryCodec codec = EntryCodec.standard();
    private final Jdbi jdbi;
    /**
     * The one write connection and its statements, used only while holding {@link #writeLock}; both
     * null when the store is read-only.
     */
    private final Handle writer;
    private final WriteStatements writes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReadHandles readers;
    private volatile boolean closed;

    private SqliteSegmentStore(Path file, Access access, Durability durability, long busyTimeoutMs) {
        this.file = file;
        this.fileName = file.toString();
        this.access = access;
        this.durability = durability;
        this.busyTimeoutMs = busyTimeoutMs;
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeoutMs);
        // Nothing here reads generated keys; with them on, the driver prepares and runs
        // "SELECT last_insert_rowid()" after every INSERT.
        config.setGetGeneratedKeys(false);
        // Read-only connections: SQLite opens the file without write access and never creates it.
        config.setReadOnly(access != Access.READ_WRITE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(access.url(file));
        this.jdbi = Jdbi.create(dataSource).setStatementBuilderFactory(CachingStatementBuilder.FACTORY);
        this.readers = new ReadHandles(this::openReader, MAX_IDLE_READERS);
        if (access == Access.READ_WRITE) {
            this.writer = openWriter();
            this.writes = new WriteStatements(writer.getConnection());
        } else {
            this.writer = null;
            this.writes = null;
            requireCurrentSchema();
        }
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
        Rows rows = encode(entries);
        write("creating segment " + segment, w -> {
            if (countIn(w, segment).isPresent()) {
                throw new SegmentAlreadyExistsException(segment);
            }
            SegmentOrigin forked = info.forkedFrom();
            SegmentOrigin compacted = info.compactedFrom();
            w.update("INSERT INTO segments (segment_id, session_id, created_at, forked_from_segment, forked_from_turn, "
                            + "forked_from_entry, forked_from_hash, compacted_from_segment, compacted_from_turn, "
                            + "compacted_from_entry, compacted_from_hash, entry_count, last_ts, head_hash) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    segment.toString(), info.sessionId().toString(), info.createdAt(),
                    originSegment(forked), originTurn(forked), originEntry(forked), originHash(forked),
                    originSegment(compacted), originTurn(compacted), originEntry(compacted), originHash(compacted),
                    info.entryCount(), info.lastEntryTs(), rows.lastHash());
            insertEntries(w, segment, 0, rows);
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
        Rows rows = encode(entries);
        String operation = "appending to segment " + segment + (exactly.isPresent() ? " at " + exactly.getAsLong() : "");
        write(operation, w -> {
            long start = exactly.isPresent() ? exactly.getAsLong()
                    : countIn(w, segment).orElseThrow(() -> new SegmentNotFoundException(segment));
            // The primary key rejects an entry at a position already taken: a stale writer.
            try {
                insertEntries(w, segment, start, rows);
            } catch (WriteStatements.WriteFailed e) {
                if (SqliteErrors.isConstraintViolation(e)) {
                    throw conflictOrMissing(w, segment, start, e);
                }
                throw e;
            }
            // The guarded update rejects a writer that expects more entries than there are (a gap),
            // and a segment that does not exist.
            if (!advanceCount(w, segment, start, rows)) {
                throw conflictOrMissing(w, segment, start, null);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement, so one snapshot: the segment's row by its key and at most {@code limit}
     * entries from the key range {@code (segment, position)} on ({@link #READ_PAGE}); the entries
     * before {@code position} are never touched.
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
        List<StoredRow> rows = read("reading segment " + segment, handle -> handle.createQuery(READ_PAGE)
                .bind(0, position)
                .bind(1, segment.toString())
                .bind(2, limit)
                .map(SqliteSegmentStore::storedRow)
                .list());
        return decodeRows(segment, position, rows);
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
        HeadRow head = read("reading the head hash of segment " + segment, handle -> handle.createQuery(
                        "SELECT entry_count, head_hash FROM segments WHERE segment_id = ?")
                .bind(0, segment.toString())
                .map((rs, ctx) -> new HeadRow(rs.getLong(1), rs.getString(2)))
                .findOne())
                .orElseThrow(() -> new SegmentNotFoundException(segment));
        if (head.hash() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EntryHash.parse(head.hash()));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, head.count() - 1, "the segment's row holds an invalid head hash: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long count(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return read("counting segment " + segment, handle -> countIn(handle, segment))
                .orElseThrow(() -> new SegmentNotFoundException(segment));
    }

    @Override
    public boolean exists(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return read("looking up segment " + segment, handle -> countIn(handle, segment)).isPresent();
    }

    @Override
    public SegmentInfo info(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return read("reading the info of segment " + segment, handle -> handle.createQuery(
                        "SELECT session_id, created_at, forked_from_segment, forked_from_turn, forked_from_entry, "
                                + "forked_from_hash, compacted_from_segment, compacted_from_turn, compacted_from_entry, "
                                + "compacted_from_hash, entry_count, last_ts FROM segments WHERE segment_id = ?")
                .bind(0, segment.toString())
                .map((rs, ctx) -> infoRow(segment, rs))
                .findOne())
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

    /**
     * A page of {@code listing}: the ids after the cursor, newest first, asking for one more than the
     * limit to learn whether a next page exists.
     */
    private <T extends Comparable<? super T>> Page<T> list(String operation, Listing listing, List<String> keys,
                                                           PageRequest<T> page, Function<String, T> parse) {
        Objects.requireNonNull(page, "page");
        List<Object> args = new ArrayList<>(keys);
        page.after().ifPresent(after -> args.add(after.toString()));
        args.add(page.limit() + 1L);
        String sql = page.after().isEmpty() ? listing.firstPage : listing.nextPage;
        List<String> ids = read(operation, handle -> {
            Query query = handle.createQuery(sql);
            for (int i = 0; i < args.size(); i++) {
                query.bind(i, args.get(i));
            }
            return query.mapTo(String.class).list();
        });
        List<T> newestFirst = new ArrayList<>(ids.size());
        for (String id : ids) {
            newestFirst.add(parseStored(parse, id));
        }
        return Page.fromNewestFirst(newestFirst, page);
    }

    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        requireWritable("delete session " + session);
        String id = session.toString();
        return write("deleting session " + session, w -> {
            w.update("DELETE FROM entries WHERE segment_id IN (SELECT segment_id FROM segments WHERE session_id = ?)", id);
            w.update("DELETE FROM trace WHERE segment_id IN (SELECT segment_id FROM segments WHERE session_id = ?)", id);
            return w.update("DELETE FROM segments WHERE session_id = ?", id);
        });
    }

    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        requireWritable("append to the trace of segment " + segment);
        String json = new String(codec.encodeTrace(entry), StandardCharsets.UTF_8);
        write("tracing segment " + segment, w -> {
            if (countIn(w, segment).isEmpty()) {
                throw new SegmentNotFoundException(segment);
            }
            String id = segment.toString();
            w.update("INSERT INTO trace (segment_id, seq, ts, json) VALUES (?, "
                    + "(SELECT coalesce(max(seq) + 1, 0) FROM trace WHERE segment_id = ?), ?, ?)", id, id, entry.ts(), json);
            return null;
        });
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        List<StoredRow> rows = read("reading the trace of segment " + segment, handle -> handle.createQuery(
                        "SELECT t.seq, t.json FROM segments s LEFT JOIN trace t ON t.segment_id = s.segment_id "
                                + "WHERE s.segment_id = ? ORDER BY t.seq")
                .bind(0, segment.toString())
                .map(SqliteSegmentStore::storedRow)
                .list());
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<TraceEntry> trace = new ArrayList<>(rows.size());
        for (StoredRow row : rows) {
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
        if (closed) {
            return;
        }
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                readers.close();
            } finally {
                if (writer != null) {
                    writes.close();
                    writer.close();
                }
            }
        } catch (JdbiException e) {
            throw SqliteErrors.translate(e, fileName, "closing the store", busyTimeoutMs);
        } finally {
            writeLock.unlock();
        }
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

    // --- connections and transactions

    private Handle openWriter() {
        Handle handle = null;
        try {
            handle = jdbi.open();
            // Nothing is written to a file before it is known to be a store. A read first refuses
            // another application's file without even taking its write lock; the transaction checks
            // again, as another process may have changed the file in between.
            Schema.inspect(handle, fileName);
            Handle migrating = handle;
            WriteStatements control = new WriteStatements(handle.getConnection());
            try {
                inTransaction(control, "creating or migrating the schema", () -> Schema.migrate(migrating, fileName));
            } finally {
                control.close();
            }
            // WAL is a property of the file: set once, it stays. Readers then never block the writer.
            // A new file got its schema in SQLite's default rollback-journal mode and switches now.
            String mode = switchToWal(handle);
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new BackendException("SQLite database file " + fileName + " cannot be switched to WAL mode "
                        + "(journal_mode is " + mode + "); is it on a file system without shared memory?", null);
            }
            handle.execute("PRAGMA synchronous = " + durability.pragmaValue());
            return handle;
        } catch (RuntimeException e) {
            if (handle != null) {
                try {
                    handle.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof JdbiException) {
                throw SqliteErrors.translate(e, fileName, "opening the store", busyTimeoutMs);
            }
            throw e;
        }
    }

    /**
     * {@code PRAGMA journal_mode = WAL}, retried while the file is busy, up to the busy timeout. The
     * switch of a file still in rollback-journal mode takes a read lock, then upgrades it to a write
     * lock; SQLite does not wait for that upgrade (two connections doing it would wait for each
     * other), so another process opening the same new file at that moment makes it fail at once.
     * Once the file is in WAL mode the pragma changes nothing and takes no lock.
     */
    private String switchToWal(Handle handle) {
        long deadline = System.nanoTime() + busyTimeoutMs * 1_000_000;
        while (true) {
            try {
                return handle.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one();
            } catch (JdbiException e) {
                if (!SqliteErrors.isBusy(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(WAL_SWITCH_RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while switching SQLite database file " + fileName
                        + " to WAL mode", e);
            }
        }
    }

    private Handle openReader() {
        try {
            Handle handle = jdbi.open();
            try {
                // A guard: the read connections never change the file.
                handle.execute("PRAGMA query_only = 1");
            } catch (RuntimeException e) {
                handle.close();
                throw e;
            }
            return handle;
        } catch (JdbiException e) {
            throw SqliteErrors.translate(e, fileName, "opening a read connection", busyTimeoutMs);
        }
    }

    /** A read-only store reads the schema this release writes, and changes no file to get it. */
    private void requireCurrentSchema() {
        try {
            int version = read("opening the store", handle -> Schema.inspect(handle, fileName));
            if (version == 0) {
                throw new BackendException("SQLite database file " + fileName + " holds no segmentlog store (it is "
                        + "empty), and a store opened read-only creates none. Nothing was changed", null);
            }
            if (version < Schema.LATEST) {
                throw new BackendException("SQLite database file " + fileName + " has segmentlog schema version "
                        + version + ", older than this release reads (" + Schema.LATEST + "), and a store opened "
                        + "read-only does not migrate it; open it read-write once to migrate it in place. "
                        + "Nothing was changed", null);
            }
        } catch (RuntimeException e) {
            try {
                readers.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void requireWritable(String operation) {
        if (access != Access.READ_WRITE) {
            throw new ReadOnlyStoreException("sqlite:" + fileName, operation);
        }
    }

    private <T> T read(String operation, Function<Handle, T> work) {
        ensureOpen();
        Handle handle;
        try {
            handle = readers.acquire();
        } catch (IllegalStateException e) {
            throw closedError();
        }
        try {
            return work.apply(handle);
        } catch (JdbiException e) {
            throw SqliteErrors.translate(e, fileName, operation, busyTimeoutMs);
        } finally {
            readers.release(handle);
        }
    }

    /** Runs {@code work} in one IMMEDIATE transaction on the write connection, under the JVM's write lock. */
    private <T> T write(String operation, Function<WriteStatements, T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(writes, operation, () -> work.apply(writes));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * BEGIN IMMEDIATE takes the write lock up front, so the busy handler waits for another process's
     * lock. A deferred transaction that reads and then writes would fail with SQLITE_BUSY at the upgrade
     * without waiting. The transaction is run by hand on a connection in auto-commit mode: the driver's
     * own transaction mode starts the next transaction right after each commit, which with IMMEDIATE
     * would hold the file's write lock between appends.
     */
    private <T> T inTransaction(WriteStatements w, String operation, Supplier<T> work) {
        boolean begun = false;
        try {
            w.update("BEGIN IMMEDIATE");
            begun = true;
            T result = work.get();
            w.update("COMMIT");
            begun = false;
            return result;
        } catch (RuntimeException e) {
            if (begun) {
                try {
                    w.update("ROLLBACK");
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            if (e instanceof JdbiException || e instanceof WriteStatements.WriteFailed) {
                throw SqliteErrors.translate(e, fileName, operation, busyTimeoutMs);
            }
            throw e;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private BackendException closedError() {
        return new BackendException("SQLite store " + fileName + " is closed", null);
    }

    // --- statements

    private static Optional<Long> countIn(Handle handle, SegmentId segment) {
        return handle.createQuery("SELECT entry_count FROM segments WHERE segment_id = ?")
                .bind(0, segment.toString())
                .mapTo(Long.class)
                .findOne();
    }

    private static Optional<Long> countIn(WriteStatements w, SegmentId segment) {
        OptionalLong count = w.queryLong("SELECT entry_count FROM segments WHERE segment_id = ?", segment.toString());
        return count.isPresent() ? Optional.of(count.getAsLong()) : Optional.empty();
    }

    /**
     * The JSON is bound as the codec's UTF-8 bytes (a blob) and cast to TEXT by SQLite, which takes
     * the bytes as they are in the database's UTF-8: the column holds the same TEXT value as binding a
     * {@code String}, without decoding the bytes to a {@code String} for the driver to encode again.
     * Without the cast the value would be stored as a BLOB, which the JSON functions read as JSONB.
     */
    private static void insertEntries(WriteStatements w, SegmentId segment, long start, Rows rows) {
        String sql = "INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, CAST(? AS TEXT))";
        String id = segment.toString();
        List<LogEntry> entries = rows.entries();
        if (entries.size() == 1) {
            LogEntry entry = entries.get(0);
            w.update(sql, id, start, entry.wireKind(), entry.ts(), rows.json().get(0));
            return;
        }
        List<Object[]> batch = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            batch.add(new Object[] {id, start + i, entry.wireKind(), entry.ts(), rows.json().get(i)});
        }
        w.batch(sql, batch);
    }

    /**
     * Moves the segment's count from {@code from} on by the appended rows, and its last ts and head
     * hash to theirs; false if the count was not {@code from}.
     */
    private static boolean advanceCount(WriteStatements w, SegmentId segment, long from, Rows appended) {
        List<LogEntry> entries = appended.entries();
        return w.update("UPDATE segments SET entry_count = ?, last_ts = ?, head_hash = ? "
                        + "WHERE segment_id = ? AND entry_count = ?",
                from + entries.size(), entries.get(entries.size() - 1).ts(), appended.lastHash(),
                segment.toString(), from) == 1;
    }

    /** The count says position {@code position} is free but an entry holds it. */
    private static CorruptDataException tablesDisagree(SegmentId segment, long position, RuntimeException keyViolation) {
        return new CorruptDataException(segment, position, "an entry is stored at position " + position
                + " but the segment's entry count is " + position, keyViolation);
    }

    private static StoreException conflictOrMissing(WriteStatements w, SegmentId segment, long expected,
                                                    RuntimeException keyViolation) {
        Optional<Long> actual = countIn(w, segment);
        if (actual.isEmpty()) {
            return new SegmentNotFoundException(segment);
        }
        if (actual.get() == expected) {
            return tablesDisagree(segment, expected, keyViolation);
        }
        return new ConflictException(segment, expected, actual.get());
    }

    // --- rows

    /** A row's JSON as the bytes the file holds: read as text, the driver would turn ill-formed UTF-8 into U+FFFD. */
    private record StoredRow(long seq, byte[] json) {}

    private static StoredRow storedRow(ResultSet rs, StatementContext ctx)
            throws SQLException {
        long seq = rs.getLong(1);
        boolean none = rs.wasNull();
        return new StoredRow(none ? -1 : seq, none ? null : rs.getBytes(2));
    }

    private record HeadRow(long count, String hash) {}

    private List<StoredEntry> decodeRows(SegmentId segment, long position, List<StoredRow> rows) {
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<StoredEntry> entries = new ArrayList<>(rows.size());
        long expected = position;
        for (StoredRow row : rows) {
            if (row.json() == null) {
                continue;
            }
            if (row.seq() != expected) {
                throw new CorruptDataException(segment, expected, "the entry at position " + expected
                        + " is missing (the next stored entry is at " + row.seq() + ")");
            }
            entries.add(decode(row, segment));
            expected++;
        }
        return List.copyOf(entries);
    }

    /**
     * A row's entry with its chain fields. Reading the chain fields parses the JSON a second time
     * (about half again the cost of decoding it), which every plain read and {@link #readAll} would
     * pay; a row without the text {@code hash"}, which ends the names of both chain fields, has none
     * and is parsed once.
     */
    private StoredEntry decode(StoredRow row, SegmentId segment) {
        return codec.decodeHashed(row.json(), segment, row.seq());
    }

    private static SegmentInfo infoRow(SegmentId segment, ResultSet rs) throws SQLException {
        String session = rs.getString(1);
        long createdAt = rs.getLong(2);
        SegmentOrigin forkedFrom = origin(rs.getString(3), rs, 4);
        SegmentOrigin compactedFrom = origin(rs.getString(7), rs, 8);
        long entryCount = rs.getLong(11);
        long lastTs = rs.getLong(12);
        try {
            return new SegmentInfo(segment, SessionId.parse(session), createdAt, forkedFrom, compactedFrom,
                    entryCount, lastTs);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(segment, 0, "the segment's row is invalid: " + e.getMessage(), e);
        }
    }

    /** An origin from its columns: segment, then turn, entry and hash from {@code turnColumn} on. */
    private static SegmentOrigin origin(String segment, ResultSet rs, int turnColumn) throws SQLException {
        if (segment == null) {
            return null;
        }
        int turn = rs.getInt(turnColumn);
        long entry = rs.getLong(turnColumn + 1);
        Long atEntry = rs.wasNull() ? null : entry;
        String hash = rs.getString(turnColumn + 2);
        try {
            return new SegmentOrigin(SegmentId.parse(segment), turn, atEntry, hash == null ? null : EntryHash.parse(hash));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(null, 0, "invalid lineage origin '" + segment + "' at turn " + turn
                    + ": " + e.getMessage(), e);
        }
    }

    private static String originSegment(SegmentOrigin origin) {
        return origin == null ? null : origin.segmentId().toString();
    }

    private static Integer originTurn(SegmentOrigin origin) {
        return origin == null ? null : origin.atTurnIndex();
    }

    private static Long originEntry(SegmentOrigin origin) {
        return origin == null ? null : origin.atEntry();
    }

    private static String originHash(SegmentOrigin origin) {
        return origin == null || origin.atHash() == null ? null : origin.atHash().hex();
    }

    /**
     * A batch as rows: the entries and their JSON as the codec's UTF-8 bytes (bound as they are, see
     * {@link #insertEntries}), and the last entry's hash (null when it has none). An unchained entry's
     * JSON is exactly {@link EntryCodec#encode(LogEntry)}'s.
     */
    private record Rows(List<LogEntry> entries, List<byte[]> json, String lastHash) {}

    private Rows encode(List<StoredEntry> hashed) {
        List<LogEntry> entries = new ArrayList<>(hashed.size());
        List<byte[]> json = new ArrayList<>(hashed.size());
        for (StoredEntry entry : hashed) {
            entries.add(entry.entry());
            json.add(codec.encode(entry));
        }
        EntryHash last = hashed.isEmpty() ? null : hashed.get(hashed.size() - 1).hash();
        return new Rows(entries, json, last == null ? null : last.hex());
    }

    private static <T> T parseStored(Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(null, 0, "invalid id '" + text + "' stored in the database", e);
        }
    }
}
