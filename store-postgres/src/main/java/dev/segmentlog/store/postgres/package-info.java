/**
 * The PostgreSQL store of segmentlog: {@code postgresql://host/database}, for many processes on many
 * machines sharing one database.
 *
 * <p>{@link dev.segmentlog.store.postgres.PostgresSegmentStore} keeps segments in tables of their own
 * schema (through the PostgreSQL JDBC driver, in plain JDBC). Open it by URI,
 * {@code SegmentStores.open("postgresql://agent@db.internal:5432/agents?schema=support_bot")} (see
 * {@link dev.segmentlog.store.postgres.PostgresStoreProvider}; the store then pools its own
 * connections with HikariCP), or on the application's own pool with
 * {@link dev.segmentlog.store.postgres.PostgresSegmentStore#open(javax.sql.DataSource,
 * dev.segmentlog.store.postgres.PostgresOptions)}. It needs a database in UTF-8; it was tested against
 * PostgreSQL 18.
 *
 * <h2>URI</h2>
 * {@code postgresql://[user[:password]@][host][:port][/database][?option=value&…]}, the form libpq
 * and {@code psql} take (a JDBC URL, {@code jdbc:postgresql://…}, is not a store URI: the scheme
 * picks the store). What the URI leaves out comes from {@code PGHOST}, {@code PGPORT},
 * {@code PGUSER}, {@code PGPASSWORD} and {@code PGDATABASE}, then from libpq's defaults
 * ({@code localhost}, 5432, the operating-system user, a database named as the user). Options:
 * <table>
 *   <caption>URI options</caption>
 *   <tr><th>option</th><th>default</th><th>what it sets</th></tr>
 *   <tr><td>{@code schema}</td><td>{@code segmentlog}</td><td>the schema of the store's tables</td></tr>
 *   <tr><td>{@code sslmode}</td><td>the driver's ({@code prefer})</td><td>{@code disable}, {@code allow},
 *       {@code prefer}, {@code require}, {@code verify-ca} or {@code verify-full}</td></tr>
 *   <tr><td>{@code pool_size}</td><td>10</td><td>the most connections the store opens</td></tr>
 *   <tr><td>{@code pool_timeout_ms}</td><td>10000</td><td>how long a call waits for a free connection
 *       before it fails (at least 250)</td></tr>
 *   <tr><td>{@code statement_timeout_ms}</td><td>0: the server's</td><td>the longest one statement may
 *       run, a wait for a lock included</td></tr>
 *   <tr><td>{@code application_name}</td><td>{@code segmentlog}</td><td>what {@code pg_stat_activity}
 *       shows</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code rw}</td><td>{@code ro}: open an existing store only to read it
 *       (see below)</td></tr>
 * </table>
 * The password never appears in a message or a {@code toString()}: the store is named as
 * {@code postgresql://user@host:port/database}.
 *
 * <h2>Layout</h2>
 * One row per segment in {@code segments} (session, creation time, lineage, entry count, last entry
 * time, head hash: what {@code count}, {@code exists}, {@code info} and {@code headHash} read, never
 * the entries), one row per entry in {@code entries} keyed by (segment, position) holding the entry's
 * JSON, and the debug trace in {@code trace}. Ids are {@code uuid} columns, whose order is the ids'
 * creation order whatever the database's collation. {@code segmentlog_version} records each
 * migration applied. On open the store creates the schema, or migrates one written by an older
 * release, in one transaction under an advisory lock keyed by the schema name ({@code
 * pg_advisory_xact_lock}): processes starting at once migrate it once. Nothing is written to a schema
 * before it is known to be a store's: one that holds the version table, or holds no table or view at
 * all (a missing schema, or an empty one an administrator created). A schema holding another
 * application's tables or views is refused unchanged, as is a schema from a newer release. The application's user needs {@code CREATE} on the database for the first open, and
 * {@code USAGE} on the schema and {@code SELECT, INSERT, UPDATE, DELETE} on its tables after.
 *
 * <h2>Reading only</h2>
 * {@code PostgresSegmentStore.openReadOnly(dataSource, options)}, or the URI option {@code mode=ro}
 * (what {@code SegmentStores.openReadOnly} sets), opens an existing store without writing to the
 * database: a missing or empty schema is reported and not created, a schema of an older release is
 * refused rather than migrated (open it read-write once), every read runs in a {@code READ ONLY}
 * transaction, and every write is refused with a {@link dev.segmentlog.spi.ReadOnlyStoreException}
 * before it reaches the server. It runs only {@code SELECT} and {@code SHOW} statements, so it needs
 * only {@code USAGE} on the schema and {@code SELECT} on its tables. While other processes write, each read (a page, a count, a
 * listing page) is one statement and sees the commits made before it began, never part of a batch;
 * two reads may see different states, so a {@code count} and the pages read after it may disagree
 * about a segment being appended to.
 *
 * <h2>Entries as text, not jsonb</h2>
 * {@code json} is a {@code text} column holding the codec's canonical line exactly as written, chain
 * fields ({@code "prev_hash"}, {@code "hash"}) last, like a line of a JSONL store. {@code jsonb} would
 * not do: it stores parsed JSON and gives back its own rendering, keys sorted by length then bytes,
 * whitespace changed, duplicate keys dropped, so the bytes a hash was computed over would be lost and
 * {@code SegmentLog.verify} would report every chained entry as altered. To query entries anyway, cast
 * on the fly: {@code SELECT seq, json::jsonb ->> 'hash' FROM segmentlog.entries WHERE segment_id = ?}.
 * The lines travel as the codec's UTF-8 bytes both ways, never as Java strings: written as a
 * {@code bytea} array the server converts to text ({@code convert_from(line, 'UTF8')}), read with
 * {@code ResultSet.getBytes}, which for a {@code text} column returns the bytes the server sent, in
 * the UTF-8 the driver always sets as the client encoding.
 *
 * <h2>Concurrency</h2>
 * Every call borrows a connection; a read is one statement (one snapshot), a write one statement
 * in auto-commit or one transaction, at READ COMMITTED. An append is one statement, a
 * data-modifying {@code WITH}: {@code WITH g AS (UPDATE segments SET entry_count = entry_count + n,
 * … WHERE segment_id = ? AND entry_count = ? RETURNING entry_count - n) INSERT INTO entries … SELECT
 * … FROM g, unnest(kinds, timestamps, lines)}. The row lock the update takes queues the appends to
 * one segment, and a waiting update re-checks the count the one before committed, so checking an
 * expected count and writing after it is one atomic step, and appends to different segments do not
 * wait for each other. A segment missing or at another count updates no row, so nothing is
 * inserted; only then does the store read the count (missing: {@code SegmentNotFoundException};
 * another count: {@code ConflictException} with it; the expected count, reached after the
 * statement ran: the statement is tried again). The primary key (segment, position) refuses any
 * second entry at a position besides: an entry already at a position the count calls free fails
 * the key (SQLSTATE {@code 23505}), which undoes the whole statement, reported as corrupt data. This was chosen over the alternatives,
 * measured with eight writers racing on one segment: relying on the key alone (insert at the
 * expected position, no row inserted meaning a conflict) makes the loser wait for the winner's
 * commit anyway, needs one more statement to learn the actual count, and met up to twice as many
 * conflicts; {@code SERIALIZABLE} failed one to two transactions per stored entry with a
 * serialization error, each to be retried, and was the slowest. The row lock's throughput was on par
 * with the key's, and no serialization failure can occur: exactly one of several writers expecting
 * the same count wins, the others get a {@code ConflictException} with the count
 * the winner left. On connections whose default isolation is stricter, each write runs in a
 * transaction that sets READ COMMITTED. {@code deleteSession} locks the session's segment rows in id order, then deletes
 * their entries, traces and rows: appends in flight finish first, appends after it find no segment.
 *
 * <h2>What a call costs</h2>
 * <ul>
 *   <li>{@code append}: one statement in auto-commit, one round trip, whatever the batch's size
 *       (the entries' kinds, timestamps and lines are sent as three arrays); a conflict or a
 *       missing segment costs one more read of the count. Connections whose default isolation is
 *       stricter than READ COMMITTED run it in a transaction that sets READ COMMITTED (two more
 *       round trips).</li>
 *   <li>{@code create}: one transaction: the segment's row (refused when the id exists), then the
 *       entries.</li>
 *   <li>{@code read(segment, position, limit)}: one statement: the segment's row by key and at most
 *       {@code limit} entries from a scan of the entries' key starting at (segment, position),
 *       stopping at the limit; the entries before the position are never read.</li>
 *   <li>{@code count}, {@code exists}, {@code info}, {@code headHash}: one row by key.</li>
 *   <li>a listing page: a backward scan of an index (the segments' key, or (session, segment))
 *       from the cursor, stopping after {@code limit + 1} ids; a page of sessions reads the index
 *       entries of the segments of the sessions it returns.</li>
 *   <li>{@code deleteSession}: one transaction, about the session's rows.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * Every failure is a {@link dev.segmentlog.spi.StoreException} naming the store, with the driver's
 * error as its cause; the SQLSTATE picks the message (and for a read-only server the exception):
 * connection lost or refused ({@code 08}),
 * credentials refused ({@code 28}), database missing ({@code 3D000}), server read-only
 * ({@code 25006}: a {@link dev.segmentlog.spi.ReadOnlyStoreException}, the driver's error kept as its
 * cause), disk full ({@code 53100}), too many connections ({@code 53300}), statement timeout
 * ({@code 57014}), server shutting down or restarting ({@code 57P}), and every connection of the pool
 * busy. An append that returns is as durable as the server makes a commit ({@code fsync},
 * {@code synchronous_commit}, replication). A write that fails has written nothing, except when the connection is lost during the
 * commit itself (for a write that is one statement in auto-commit, during that statement): the
 * message then says the outcome is unknown. After a server restart the pool
 * replaces dead connections by itself. Messages quote only the server's primary message, never row
 * values (the driver's detail is turned off on the store's own pool). The store never prints; the
 * driver and HikariCP log through SLF4J when a binding is present.
 */
package dev.segmentlog.store.postgres;
