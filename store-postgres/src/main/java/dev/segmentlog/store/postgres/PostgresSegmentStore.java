package dev.segmentlog.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
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
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link SegmentStore} in a PostgreSQL database: the store many processes share
 * ({@code postgresql://host/db}).
 *
 * <p>One row per segment (session, creation time, lineage, entry count, last entry time, head hash)
 * and one row per entry keyed by (segment, position) holding the entry's canonical JSON, in tables of
 * their own schema ({@link PostgresOptions#schema()}). Any number of threads and processes may
 * share a schema: each call borrows a connection, and an append is one statement that first moves
 * the segment's row on, locking it, so appends to one segment queue there while appends to
 * different segments run side by side; the primary key (segment, position) rejects any second
 * entry at a position.
 *
 * <p>It keeps hash-chained segments: an entry with chain fields is stored as the codec's hashed line
 * ({@link EntryCodec#encode(StoredEntry)}) in the same {@code text} column, exactly as written, and
 * the segment's row keeps its head hash, so {@link #headHash} reads one row.
 *
 * <p>A page is an index range: {@link #read} a range of the entries' key from the position on, each
 * listing a range of the segments' key or of the index on (session, segment) from the cursor on
 * (the package documentation gives the costs).
 *
 * <p>Open one by URI ({@code SegmentStores.open("postgresql://…")}, see {@link PostgresStoreProvider}),
 * which pools its own connections, or on an application's {@link DataSource} with
 * {@link #open(DataSource, PostgresOptions)}. {@link #openReadOnly} (or the URI option
 * {@code mode=ro}) opens an existing store only to read it: no schema is created or migrated, every
 * read runs in a READ ONLY transaction, and every write is refused with a
 * {@link ReadOnlyStoreException} (after the null checks, before any other check). Instances are
 * thread-safe; close them when done.
 */
public final class PostgresSegmentStore implements SegmentStore {

    private final String where;
    private final PostgresOptions options;
    private final Statements sql;
    private final SegmentRows segments;
    private final EntryRows entryRows;
    private final Transactions transactions;
    private final Closeable ownedPool;
    private final boolean readOnly;
    private final EntryCodec codec = EntryCodec.standard();
    private volatile boolean closed;

    private PostgresSegmentStore(String where, PostgresOptions options, Transactions transactions,
                                 Closeable ownedPool, boolean readOnly) {
        this.where = where;
        this.options = options;
        this.sql = new Statements(options.schema());
        this.segments = new SegmentRows(sql);
        this.entryRows = new EntryRows(sql);
        this.transactions = transactions;
        this.ownedPool = ownedPool;
        this.readOnly = readOnly;
    }

    /**
     * Opens a store in the {@link PostgresOptions#DEFAULT_SCHEMA} of the database {@code dataSource}
     * connects to; see {@link #open(DataSource, PostgresOptions)}.
     *
     * @throws BackendException     as {@link #open(DataSource, PostgresOptions)}
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static PostgresSegmentStore open(DataSource dataSource) {
        return open(dataSource, PostgresOptions.defaults());
    }

    /**
     * Opens a store on an application's {@link DataSource} (usually its connection pool), creating
     * the schema and its tables or migrating them from an older release first. The store borrows a
     * connection per call and gives it back; closing the store leaves the DataSource open. Its
     * connections need no particular settings: the store names its tables with their schema, and
     * sets READ COMMITTED on its transactions when the connections default to another isolation.
     *
     * @throws BackendException     if the database cannot be reached or refuses the credentials, is
     *                              not in UTF-8, or the schema holds tables that are not a store's or
     *                              were written by a newer release
     * @throws NullPointerException if an argument is null
     */
    public static PostgresSegmentStore open(DataSource dataSource, PostgresOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        return open(dataSource, options, "PostgreSQL store on the given DataSource", "the statement_timeout of its "
                + "connections", "the limits of the given DataSource", null, Schema.MIGRATIONS, false);
    }

    /**
     * Opens an existing store on an application's {@link DataSource} only to read it: for inspecting
     * a store, a standby or a restored backup without any risk of changing it. Nothing is created or
     * migrated; every read runs in a READ ONLY transaction, and every write is refused with a
     * {@link ReadOnlyStoreException}. Closing the store leaves the DataSource open.
     *
     * @throws BackendException     if the database cannot be reached or refuses the credentials, is
     *                              not in UTF-8, or the schema does not exist, holds no store, holds
     *                              tables that are not a store's, or has a schema version older or
     *                              newer than this release's
     * @throws NullPointerException if an argument is null
     */
    public static PostgresSegmentStore openReadOnly(DataSource dataSource, PostgresOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        return open(dataSource, options, "PostgreSQL store on the given DataSource", "the statement_timeout of its "
                + "connections", "the limits of the given DataSource", null, Schema.MIGRATIONS, true);
    }

    /** A store on a pool opened from a URI: it closes the pool when it closes, or fails to open. */
    static PostgresSegmentStore openPooled(ConnectionSettings settings, boolean readOnly) {
        HikariDataSource pool = settings.openPool();
        return open(pool, new PostgresOptions(settings.schema()), settings.where(), settings.statementTimeoutNote(),
                settings.poolLimits(), pool, Schema.MIGRATIONS, readOnly);
    }

    /**
     * Opens a store whose schema's history is {@code migrations} (tests give another): read-write,
     * creating or migrating the schema, or read-only, requiring the last version.
     *
     * @param place what the store is, before its database is known
     */
    static PostgresSegmentStore open(DataSource dataSource, PostgresOptions options, String place,
                                     String statementTimeout, String poolLimits, Closeable ownedPool,
                                     List<Schema.Migration> migrations, boolean readOnly) {
        try {
            Transactions opening = new Transactions(dataSource, new PostgresErrors(place, statementTimeout,
                    poolLimits), false, readOnly);
            Session session = opening.read("opening the store", connection -> {
                try (Statement query = connection.createStatement();
                     ResultSet rs = query.executeQuery("SELECT current_database(), "
                             + "current_setting('server_encoding'), current_setting('transaction_isolation')")) {
                    rs.next();
                    return new Session(rs.getString(1), rs.getString(2), rs.getString(3));
                }
            });
            String where = place + (ownedPool == null ? " (database " + session.database() + ", schema "
                    + options.schema() + ")" : " (schema " + options.schema() + ")");
            if (!session.encoding().equalsIgnoreCase("UTF8")) {
                throw new BackendException(where + ": the database uses the encoding " + session.encoding()
                        + "; this store needs UTF8, which holds every text an entry may carry "
                        + "(CREATE DATABASE … ENCODING 'UTF8')", null);
            }
            Transactions transactions = new Transactions(dataSource, new PostgresErrors(where, statementTimeout, poolLimits),
                    !session.isolation().equalsIgnoreCase("read committed"), readOnly);
            if (readOnly) {
                requireLatest(transactions.read("opening the store",
                        connection -> Schema.inspect(connection, options.schema(), migrations.size(), where)),
                        migrations.size(), options.schema(), where);
            } else {
                transactions.inTransaction("creating or migrating the schema",
                        connection -> Schema.migrate(connection, options.schema(), migrations, where));
            }
            return new PostgresSegmentStore(where, options, transactions, ownedPool, readOnly);
        } catch (RuntimeException e) {
            if (ownedPool != null) {
                try {
                    ownedPool.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** A read-only store reads the schema this release writes, and changes nothing to get it. */
    private static void requireLatest(int version, int latest, String schema, String where) {
        if (version == 0) {
            throw new BackendException(where + ": schema " + schema + " holds no segmentlog store, and a store opened "
                    + "read-only creates none (open it read-write to create one). Nothing was changed", null);
        }
        if (version < latest) {
            throw new BackendException(where + ": schema " + schema + " has segmentlog schema version " + version
                    + ", older than this release reads (" + latest + "), and a store opened read-only does not "
                    + "migrate it; open it read-write once to migrate it. Nothing was changed", null);
        }
    }

    private record Session(String database, String encoding, String isolation) {}

    /** The options this store was opened with. */
    public PostgresOptions options() {
        return options;
    }

    /** Whether the store was opened read-only: it refuses every write. */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the segment's row (refused if the id is taken, also by a create still in
     * flight, whose outcome it waits for) and one row per entry.
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
        ensureOpen();
        transactions.inTransaction("creating segment " + segment, connection -> {
            if (!segments.insert(connection, info, batch.lastHash())) {
                throw new SegmentAlreadyExistsException(segment);
            }
            if (batch.size() > 0) {
                entryRows.insert(connection, segment, batch);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement in auto-commit, one round trip: the segment's count moved on only if it is
     * the expected one (which locks its row until the statement commits, so the count cannot change
     * under this append), and one row per entry after the old count. When it writes nothing (the
     * segment is missing or holds another count), one more read of the count tells which, and gives
     * the {@link ConflictException} the count the winner left. The store does not check the chain: a
     * plain append may follow a chained one (the head hash is then empty).
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
        ensureOpen();
        String operation = "appending to segment " + segment + (exactly.isPresent() ? " at " + exactly.getAsLong() : "");
        while (true) {
            try {
                if (transactions.writeOneStatement(operation,
                        connection -> entryRows.append(connection, segment, exactly, batch))) {
                    return;
                }
            } catch (EntryRows.PositionTaken taken) {
                // The whole statement was undone; the count it appended after is read again.
                long start = exactly.isPresent() ? exactly.getAsLong() : count(segment);
                throw EntryRows.positionTaken(segment, start, taken.getCause());
            }
            // Nothing was written: the segment is missing or held another count. Counts only grow,
            // so a count read now that equals the expected one was reached after the statement ran
            // (it is tried again); any other is the conflict.
            long actual = count(segment);
            if (exactly.isPresent() && exactly.getAsLong() != actual) {
                throw new ConflictException(segment, exactly.getAsLong(), actual);
            }
        }
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
        List<EntryRows.StoredRow> rows = query("reading segment " + segment,
                connection -> entryRows.page(connection, segment, position, limit));
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
        return query("reading the head hash of segment " + segment, connection -> segments.headHash(connection, segment));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row by key: the count kept in the segment's row.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public long count(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return query("counting segment " + segment, connection -> segments.count(connection, segment))
                .orElseThrow(() -> new SegmentNotFoundException(segment));
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public boolean exists(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return query("looking up segment " + segment, connection -> segments.count(connection, segment)).isPresent();
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row by key.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public SegmentInfo info(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        return query("reading the info of segment " + segment, connection -> segments.info(connection, segment))
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
        Objects.requireNonNull(page, "page");
        return list("listing segments", page.after().isEmpty() ? sql.listSegments : sql.listSegmentsAfter,
                List.of(), page, SegmentId::new, SegmentId::value);
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
        Objects.requireNonNull(page, "page");
        return list("listing sessions", page.after().isEmpty() ? sql.listSessions : sql.listSessionsAfter,
                List.of(), page, SessionId::new, SessionId::value);
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
        Objects.requireNonNull(page, "page");
        return list("listing the segments of session " + session,
                page.after().isEmpty() ? sql.listSessionSegments : sql.listSessionSegmentsAfter,
                List.of(session.value()), page, SegmentId::new, SegmentId::value);
    }

    /**
     * A page of a listing: the ids after the cursor, newest first, asking for one more than the
     * limit to learn whether a next page exists.
     */
    private <T extends Comparable<? super T>> Page<T> list(String operation, String statement, List<UUID> keys,
                                                           PageRequest<T> page, Function<UUID, T> id,
                                                           Function<T, UUID> uuid) {
        List<Object> args = new ArrayList<>(keys);
        page.after().ifPresent(after -> args.add(uuid.apply(after)));
        args.add(page.limit() + 1L);
        List<UUID> ids = query(operation, connection -> {
            try (PreparedStatement query = connection.prepareStatement(statement)) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                return ids(query);
            }
        });
        List<T> newestFirst = new ArrayList<>(ids.size());
        for (UUID value : ids) {
            newestFirst.add(id.apply(value));
        }
        return Page.fromNewestFirst(newestFirst, page);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the session's segment rows are locked first (waiting for appends in flight
     * to commit), then the entries and traces of exactly those segments are deleted, then their rows.
     * A segment of the session created meanwhile is not among them and stays whole.
     *
     * @throws NullPointerException if {@code session} is null
     */
    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        requireWritable("delete session " + session);
        ensureOpen();
        return transactions.inTransaction("deleting session " + session, connection -> {
            List<UUID> ids;
            try (PreparedStatement lock = connection.prepareStatement(sql.lockSession)) {
                lock.setObject(1, session.value());
                ids = ids(lock);
            }
            if (ids.isEmpty()) {
                return 0;
            }
            Array keys = connection.createArrayOf("uuid", ids.toArray());
            for (String delete : List.of(sql.deleteEntries, sql.deleteTrace, sql.deleteSegments)) {
                try (PreparedStatement statement = connection.prepareStatement(delete)) {
                    statement.setArray(1, keys);
                    statement.executeUpdate();
                }
            }
            return ids.size();
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: the trace row is inserted only if the segment's row exists.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        requireWritable("append to the trace of segment " + segment);
        byte[] line = codec.encodeTrace(entry);
        ensureOpen();
        int inserted = transactions.writeOneStatement("tracing segment " + segment, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql.insertTrace)) {
                insert.setLong(1, entry.ts());
                insert.setBytes(2, line);
                insert.setObject(3, segment.value());
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new SegmentNotFoundException(segment);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code segment} is null
     */
    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        List<EntryRows.StoredRow> rows = query("reading the trace of segment " + segment,
                connection -> {
                    try (PreparedStatement query = connection.prepareStatement(sql.readTrace)) {
                        query.setObject(1, segment.value());
                        return EntryRows.rows(query);
                    }
                });
        if (rows.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        List<TraceEntry> trace = new ArrayList<>(rows.size());
        for (EntryRows.StoredRow row : rows) {
            if (row.line() != null) {
                trace.add(codec.decodeTrace(row.line(), segment, trace.size()));
            }
        }
        return List.copyOf(trace);
    }

    /**
     * Closes the store; when it was opened by URI, also its connection pool (calls still running
     * then fail). A DataSource given to {@link #open(DataSource, PostgresOptions)} stays open.
     *
     * @throws BackendException if the pool fails to close
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (IOException | RuntimeException e) {
                throw new BackendException(where + " failed while closing its connection pool: " + e, e);
            }
        }
    }

    /** The store's database and schema, without credentials. */
    @Override
    public String toString() {
        return "PostgresSegmentStore[" + where + (readOnly ? ", read-only" : "") + "]";
    }

    /** Runs a read: one statement in auto-commit, or in a READ ONLY transaction for a read-only store. */
    private <T> T query(String operation, Transactions.Work<T> work) {
        ensureOpen();
        return transactions.read(operation, work);
    }

    /** The ids in the first column of what {@code query} returns. */
    private static List<UUID> ids(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        }
    }

    private void requireWritable(String operation) {
        if (readOnly) {
            throw new ReadOnlyStoreException(where, operation);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new BackendException(where + " is closed", null);
        }
    }
}
