package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
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
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
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
 * them; {@link dev.segmentlog.spi.SegmentLog#verify} does.
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
    /** The expected count of an unconditional append. */
    private static final long ANY_COUNT = -1;

    private final Path file;
    private final String fileName;
    private final Durability durability;
    private final long busyTimeoutMs;
    private final EntryCodec codec = EntryCodec.standard();
    private final Jdbi jdbi;
    /** The one write connection and its statements, used only while holding {@link #writeLock}. */
    private final Handle writer;
    private final WriteStatements writes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReadHandles readers;
    private volatile boolean closed;

    private SqliteSegmentStore(Path file, Durability durability, long busyTimeoutMs) {
        this.file = file;
        this.fileName = file.toString();
        this.durability = durability;
        this.busyTimeoutMs = busyTimeoutMs;
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeoutMs);
        // Nothing here reads generated keys; with them on, the driver prepares and runs
        // "SELECT last_insert_rowid()" after every INSERT.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + fileName);
        this.jdbi = Jdbi.create(dataSource).setStatementBuilderFactory(CachingStatementBuilder.FACTORY);
        this.writer = openWriter();
        this.writes = new WriteStatements(writer.getConnection());
        this.readers = new ReadHandles(this::openReader, MAX_IDLE_READERS);
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
     * up to date.
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
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout must be between 0 and " + Integer.MAX_VALUE
                    + " ms, not " + busyTimeout.toMillis() + " ms");
        }
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
        if (Files.isDirectory(absolute)) {
            throw new BackendException("cannot open SQLite database file " + absolute
                    + ": it is a directory; name a file", null);
        }
        return new SqliteSegmentStore(absolute, durability, busyTimeout.toMillis());
    }

    /** The database file, absolute. */
    public Path file() {
        return file;
    }

    /** The durability this store writes with. */
    public Durability durability() {
        return durability;
    }

    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        createSegment(segment, StoredEntry.plain(entries));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written as {@link #create} writes, each row's JSON holding the entry's chain fields.
     */
    @Override
    public void createHashed(SegmentId segment, List<StoredEntry> entries) {
        createSegment(segment, List.copyOf(entries));
    }

    @Override
    public void appendAll(SegmentId segment, List<LogEntry> entries) {
        append(segment, ANY_COUNT, StoredEntry.plain(entries));
    }

    @Override
    public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        requireCount(expectedCount);
        append(segment, expectedCount, StoredEntry.plain(entries));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written as {@link #appendIfCount} writes, each row's JSON holding the entry's chain fields.
     * The store does not check the chain: a plain append may follow a chained one (the head hash is
     * then null).
     *
     * @throws IllegalArgumentException if {@code expectedCount} is negative
     */
    @Override
    public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        requireCount(expectedCount);
        append(segment, expectedCount, List.copyOf(entries));
    }

    @Override
    public List<LogEntry> readFrom(SegmentId segment, long position) {
        return readRows(segment, position, codec::decode);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read as {@link #readFrom} reads, decoding each row's chain fields too.
     */
    @Override
    public List<StoredEntry> readHashed(SegmentId segment, long position) {
        return readRows(segment, position, codec::decodeHashed);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row: the head hash kept in the segment's row by every write. An edit of the entries
     * behind the store's back does not change it; {@link dev.segmentlog.spi.SegmentLog#verify} reads
     * the entries themselves.
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

    // --- the one write path and the one read path

    /** What {@link #create} and {@link #createHashed} do. */
    private void createSegment(SegmentId segment, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, entries.stream().map(StoredEntry::entry).toList());
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
     * What every append does: inserts the rows after the segment's last entry, if it holds
     * {@code expectedCount} entries ({@link #ANY_COUNT}: whatever it holds).
     */
    private void append(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        if (entries.isEmpty()) {
            long actual = count(segment);
            if (expectedCount != ANY_COUNT && actual != expectedCount) {
                throw new ConflictException(segment, expectedCount, actual);
            }
            return;
        }
        Rows rows = encode(entries);
        String operation = "appending to segment " + segment + (expectedCount == ANY_COUNT ? "" : " at " + expectedCount);
        write(operation, w -> {
            long start = expectedCount != ANY_COUNT ? expectedCount
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

    /** What {@link #readFrom} and {@link #readHashed} do: the rows from {@code position} on, decoded. */
    private <T> List<T> readRows(SegmentId segment, long position, RowDecoder<T> decoder) {
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        // One statement, so one snapshot: the segment's row and its entries from position on. The
        // LEFT JOIN yields one row with a null seq for a segment with nothing past position.
        List<StoredRow> rows = read("reading segment " + segment, handle -> handle.createQuery(
                        "SELECT e.seq, e.json FROM segments s LEFT JOIN entries e "
                                + "ON e.segment_id = s.segment_id AND e.seq >= ? "
                                + "WHERE s.segment_id = ? ORDER BY e.seq")
                .bind(0, position)
                .bind(1, segment.toString())
                .map(SqliteSegmentStore::storedRow)
                .list());
        return decodeRows(segment, position, rows, decoder);
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

    @Override
    public List<SegmentId> listSegments() {
        List<String> ids = read("listing segments", handle -> handle.createQuery(
                        "SELECT segment_id FROM segments ORDER BY segment_id DESC")
                .mapTo(String.class)
                .list());
        return segmentIds(ids);
    }

    @Override
    public List<SessionId> listSessions() {
        List<String> ids = read("listing sessions", handle -> handle.createQuery(
                        "SELECT DISTINCT session_id FROM segments ORDER BY session_id DESC")
                .mapTo(String.class)
                .list());
        List<SessionId> sessions = new ArrayList<>(ids.size());
        for (String id : ids) {
            sessions.add(parseStored(() -> SessionId.parse(id), id));
        }
        return List.copyOf(sessions);
    }

    @Override
    public List<SegmentId> listSegments(SessionId session) {
        Objects.requireNonNull(session, "session");
        List<String> ids = read("listing the segments of session " + session, handle -> handle.createQuery(
                        "SELECT segment_id FROM segments WHERE session_id = ? ORDER BY segment_id DESC")
                .bind(0, session.toString())
                .mapTo(String.class)
                .list());
        return segmentIds(ids);
    }

    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
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
                trace.add(codec.decodeTrace(row.json().getBytes(StandardCharsets.UTF_8), segment, row.seq()));
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
                writes.close();
                writer.close();
            }
        } catch (JdbiException e) {
            throw SqliteErrors.translate(e, fileName, "closing the store", busyTimeoutMs);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqliteSegmentStore[sqlite:" + fileName + ", durability=" + durability.name().toLowerCase(Locale.ROOT)
                + "]";
    }

    // --- connections and transactions

    private Handle openWriter() {
        Handle handle = null;
        try {
            handle = jdbi.open();
            // WAL is a property of the file: set once, it stays. Readers then never block the writer.
            String mode = handle.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one();
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new BackendException("SQLite database file " + fileName + " cannot be switched to WAL mode "
                        + "(journal_mode is " + mode + "); is it on a file system without shared memory?", null);
            }
            handle.execute("PRAGMA synchronous = " + durability.pragmaValue());
            // Entries are bound as UTF-8 bytes cast to TEXT (see insertEntries): the cast takes the bytes
            // in the database's encoding, so a file in UTF-16 (set before its first table) is refused.
            String encoding = handle.createQuery("PRAGMA encoding").mapTo(String.class).one();
            if (!"UTF-8".equalsIgnoreCase(encoding)) {
                throw new BackendException("SQLite database file " + fileName + " uses the text encoding " + encoding
                        + "; this store needs UTF-8 (a file it creates is UTF-8): use another file", null);
            }
            Handle migrating = handle;
            WriteStatements control = new WriteStatements(handle.getConnection());
            try {
                inTransaction(control, "creating or migrating the schema", () -> Schema.migrate(migrating, fileName));
            } finally {
                control.close();
            }
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
            w.update(sql, id, start, entry.kind().wireName(), entry.ts(), rows.json().get(0));
            return;
        }
        List<Object[]> batch = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            batch.add(new Object[] {id, start + i, entry.kind().wireName(), entry.ts(), rows.json().get(i)});
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

    private record StoredRow(long seq, String json) {}

    private static StoredRow storedRow(ResultSet rs, StatementContext ctx)
            throws SQLException {
        long seq = rs.getLong(1);
        boolean none = rs.wasNull();
        return new StoredRow(none ? -1 : seq, none ? null : rs.getString(2));
    }

    /** How a read turns a row's JSON into an entry: {@link EntryCodec#decode} or {@link EntryCodec#decodeHashed}. */
    @FunctionalInterface
    private interface RowDecoder<T> {
        T decode(byte[] json, SegmentId segment, long position);
    }

    private record HeadRow(long count, String hash) {}

    private static <T> List<T> decodeRows(SegmentId segment, long position, List<StoredRow> rows,
                                          RowDecoder<T> decoder) {
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<T> entries = new ArrayList<>(rows.size());
        long expected = position;
        for (StoredRow row : rows) {
            if (row.json() == null) {
                continue;
            }
            if (row.seq() != expected) {
                throw new CorruptDataException(segment, expected, "the entry at position " + expected
                        + " is missing (the next stored entry is at " + row.seq() + ")");
            }
            entries.add(decoder.decode(row.json().getBytes(StandardCharsets.UTF_8), segment, row.seq()));
            expected++;
        }
        return List.copyOf(entries);
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

    private static void requireCount(long expectedCount) {
        if (expectedCount < 0) {
            throw new IllegalArgumentException("expectedCount must not be negative: " + expectedCount);
        }
    }

    private static List<SegmentId> segmentIds(List<String> ids) {
        List<SegmentId> segments = new ArrayList<>(ids.size());
        for (String id : ids) {
            segments.add(parseStored(() -> SegmentId.parse(id), id));
        }
        return List.copyOf(segments);
    }

    private static <T> T parseStored(Supplier<T> parse, String text) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(null, 0, "invalid id '" + text + "' stored in the database", e);
        }
    }
}
