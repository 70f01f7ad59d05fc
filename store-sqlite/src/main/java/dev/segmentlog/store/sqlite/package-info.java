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
 * the entries), one row per entry in {@code entries} keyed by (segment, position) holding the entry's
 * canonical JSON (readable with the {@code sqlite3} shell and its JSON functions), and the debug trace
 * in {@code trace}. The schema version is kept in {@code PRAGMA user_version}; a file written by an
 * older release is migrated in place on open, a file from a newer release is refused.
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
 * {@code SELECT seq, json_extract(json, '$.hash') FROM entries WHERE segment_id = ? ORDER BY seq}.
 *
 * <h2>What a page costs</h2>
 * Every page is one statement over an index range, so its cost grows with the page, not with the
 * store or the segment (B-tree descents are logarithmic in the table's size):
 * <ul>
 *   <li>{@code read(segment, position, limit)}: one lookup of the segment's row, then at most
 *       {@code limit} rows of the entries' primary key (segment, seq) from {@code position} on
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
 */
package dev.segmentlog.store.sqlite;
