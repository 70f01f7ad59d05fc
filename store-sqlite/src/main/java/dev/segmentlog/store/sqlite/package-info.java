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
 * time: what {@code count}, {@code exists} and {@code info} read, never the entries), one row per
 * entry in {@code entries} keyed by (segment, position) holding the entry's canonical JSON (readable
 * with the {@code sqlite3} shell and its JSON functions), and the debug trace in {@code trace}. The
 * schema version is kept in {@code PRAGMA user_version}; a file written by an older release is
 * migrated in place on open, a file from a newer release is refused.
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
