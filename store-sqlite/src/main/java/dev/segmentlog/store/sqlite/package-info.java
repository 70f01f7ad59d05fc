/**
 * The SQLite store of segmentlog: {@code sqlite:FILE}, the embedded default.
 *
 * <p>{@link dev.segmentlog.store.sqlite.SqliteSegmentStore} keeps every segment of a conversation
 * store in one SQLite file (through Jdbi and sqlite-jdbc, which bundles the native library);
 * {@link dev.segmentlog.store.sqlite.SqliteStoreProvider} opens it by URI, e.g.
 * {@code SegmentStores.open("sqlite:./agent.db?durability=full")}.
 * {@link dev.segmentlog.spi.SegmentStores#openDefault()} opens {@code sqlite:segmentlog.db}, a file
 * named {@code segmentlog.db} in the working directory, through this provider: putting this jar on
 * the class path is all an application needs for a durable default store.
 *
 * <h2>Layout</h2>
 * One row per segment in {@code segments} (session, creation time, lineage, entry count, last entry
 * time, head hash: what {@code count}, {@code exists}, {@code info} and {@code headHash} read, never
 * the entries; and {@code segment_key}, a small integer given to the segment when it is created),
 * one row per entry in {@code entries} keyed by (segment key, position) holding nothing but the
 * entry's canonical JSON (readable with the {@code sqlite3} shell and its JSON functions), and the
 * debug trace in {@code trace}, keyed the same way. Keying entries by the integer rather than the
 * 36-character id keeps an entry's row and its index entry about 22 bytes beside its JSON (schema
 * version 3; version 2 spent about 115): on a conversation of ~1 KB turns the file is 1.26 times a
 * plain table of the same messages' text, where version 2's was 1.58 times (measured with
 * {@code DiskSize} in the module's tests, which prints where the bytes go). What remains is the JSON
 * itself, whose every byte the hash chain covers, and the room left at the end of each page.
 *
 * <p>The schema version is kept in {@code PRAGMA user_version} and {@code PRAGMA application_id}
 * marks the file as a store; a file written by an older release is migrated in place on open, in one
 * transaction, a file from a newer release is refused. The move to version 3 rewrites the entries
 * once (every entry's bytes kept): the first open of a large file takes a while and needs room for a
 * second copy of the entries, whose old pages then stay in the file, free, and are reused by later
 * writes ({@code VACUUM} in the {@code sqlite3} shell returns them to the file system). Nothing is
 * written to a file before it is known to be a store (an empty or new file, or one carrying the
 * application id): another application's database is refused exactly as it was, its journal mode
 * included, and only a store's file is switched to WAL mode.
 *
 * <h2>Hash-chained segments</h2>
 * An entry of a chained segment is stored like any other, its {@code json} being the codec's hashed
 * line: the canonical JSON with {@code "prev_hash"} and {@code "hash"} last. The chain fields stay
 * inside the JSON rather than in columns of their own: the row is then the very line a JSONL store
 * writes, what the hash covers and what it claims sit in one value that cannot disagree with a
 * second copy, and plain and chained entries share one write and one read path. The segment's row
 * keeps the last entry's hash ({@code head_hash}, schema version 2), written in the same transaction
 * as the entries, so {@code headHash} reads one row. The store keeps the fields as given and never
 * checks the chain; {@code SegmentLog.verify} does, from the entries. To look at a chain by hand:
 * {@code SELECT e.seq, json_extract(e.json, '$.hash') FROM entries e JOIN segments s USING (segment_key)
 * WHERE s.segment_id = ? ORDER BY e.seq}.
 *
 * <h2>What a page costs</h2>
 * Every page is one statement over an index range, so its cost grows with the page, not with the
 * store or the segment (B-tree descents are logarithmic in the table's size):
 * <ul>
 *   <li>{@code read(segment, position, limit)}: one lookup of the segment's row, then at most
 *       {@code limit} rows of the entries' primary key (segment key, seq) from {@code position} on
 *       ({@code seq >= ? ORDER BY seq LIMIT ?}); entries before {@code position} are neither read
 *       nor decoded. {@code readAll} is {@code count / 4096 + 1} such pages.</li>
 *   <li>{@code listSegments(page)}: the segments table's primary key read backwards from the cursor
 *       ({@code segment_id < ? ORDER BY segment_id DESC LIMIT limit + 1}): {@code limit + 1}
 *       rows, the one past the limit telling whether a next page exists.</li>
 *   <li>{@code listSegments(session, page)}: the same on the index {@code segments_by_session}
 *       (session, segment) within the session.</li>
 *   <li>{@code listSessions(page)}: {@code SELECT DISTINCT session_id} on that index, backwards from
 *       the cursor: the index entries of {@code limit + 1} sessions, one per segment of each
 *       (a session has one segment, plus one per fork or compaction).</li>
 * </ul>
 * No page sorts or loads a whole table (the module's tests check each statement's
 * {@code EXPLAIN QUERY PLAN}). Ids are time-ordered UUIDs stored in their canonical lowercase form,
 * whose text sorts as the ids do, which is what makes "newest first" an index order.
 *
 * <h2>Concurrency and durability</h2>
 * The file is in WAL mode, so reads never wait for a write. Writes are serialised inside the JVM and
 * each is one {@code BEGIN IMMEDIATE} transaction, which waits up to the busy timeout for a write in
 * another process: several threads and processes can share one file. {@link
 * dev.segmentlog.store.sqlite.Durability} maps to {@code PRAGMA synchronous}. Every failure reaches the
 * caller as a {@link dev.segmentlog.spi.StoreException} naming the file. The store never prints; the
 * driver and Jdbi log through SLF4J when a binding is present.
 *
 * <h2>Reading only</h2>
 * {@code SqliteSegmentStore.openReadOnly(file)}, or the URI option {@code mode=ro} (what
 * {@code SegmentStores.openReadOnly} sets), opens an existing store without writing to it: a missing
 * file is reported and not created, an empty file or another application's database is refused
 * unchanged, a file of an older release is refused rather than migrated, the connections are opened
 * read-only, and every write is refused with a {@link dev.segmentlog.spi.ReadOnlyStoreException}.
 * The file's bytes are the same after a read-only session as before. What such a reader sees while
 * another process writes depends on how it could open the file:
 * <ul>
 *   <li>Where the file's directory is writable, or its {@code -wal} and {@code -shm} files are already
 *       there, the reader takes part in WAL locking like any SQLite reader. Each read (a page, a
 *       count, a listing page) sees one consistent committed state: never part of a batch, never an
 *       uncommitted write, and every commit made before the read began. Two reads may see different
 *       states (a later read sees later commits), so a {@code count} and the pages read after it may
 *       disagree about a segment being appended to. SQLite creates the {@code -wal} and {@code -shm}
 *       files such a reader needs if they are missing, and a read-only connection may leave them
 *       behind (an empty {@code -wal} and the {@code -shm} index): harmless, the next connection uses
 *       them. The database file itself is not written.</li>
 *   <li>Where it is not (a read-only medium holding only the database file, or an empty {@code -wal}
 *       beside it), the file is read with SQLite's {@code immutable=1}: no locks, no {@code -wal} or
 *       {@code -shm} file read or created. This is only safe on a medium nobody writes, a backup or a
 *       snapshot: a write by another process while it reads can show pages of different states, as
 *       corrupt data or wrong results. A {@code -wal} file holding commits with no {@code -shm} file
 *       beside it is refused, as such a reader would not see those commits; copy the files to a
 *       writable directory.</li>
 * </ul>
 */
package dev.segmentlog.store.sqlite;
