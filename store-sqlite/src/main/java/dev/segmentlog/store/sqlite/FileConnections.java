package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.BackendException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections of a store to its file, and the transactions it runs on them: one write
 * connection used under a JVM lock, each write one {@code BEGIN IMMEDIATE} transaction; read
 * connections of their own, as many as there are concurrent readers. Opening checks that the file
 * is a store before anything is written to it, brings its schema up to date and switches it to WAL
 * mode; opened read-only, it only checks that the file holds this release's schema. Every SQLite and
 * Jdbi failure leaves here as a {@link BackendException} naming the file.
 */
final class FileConnections {

    private static final int MAX_IDLE_READERS = 4;

    /** How long to wait before switching a new file to WAL again while another connection locks it. */
    private static final long WAL_SWITCH_RETRY_MS = 5;

    private final String fileName;
    private final Durability durability;
    private final long busyTimeoutMs;
    private final Jdbi jdbi;
    /**
     * The one write connection and its statements, used only while holding {@link #writeLock}; both
     * null when the file is opened read-only.
     */
    private final Handle writer;
    private final WriteStatements writes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReadHandles readers;
    private volatile boolean closed;

    /**
     * Opens the connections to {@code file} for {@code access}: read-write, creating the file or
     * migrating its schema; else read-only, refusing a file that does not hold the current schema.
     *
     * @throws BackendException if the file cannot be opened, is not a store, or (read-only) holds no
     *                          schema or an older one
     */
    FileConnections(Path file, Access access, Durability durability, long busyTimeoutMs) {
        this.fileName = file.toString();
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
     * Runs {@code work} on a read connection: one statement sees one committed snapshot.
     *
     * @throws BackendException if the store is closed or the read fails
     */
    <T> T read(String operation, Function<Handle, T> work) {
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

    /**
     * Runs {@code work} in one IMMEDIATE transaction on the write connection, under the JVM's write
     * lock; a failure rolls it back. Only for a store opened read-write.
     *
     * @throws BackendException if the store is closed or the write fails; the store's own exceptions
     *                          thrown by {@code work} pass through after the rollback
     */
    <T> T write(String operation, Function<WriteStatements, T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(writes, operation, () -> work.apply(writes));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the connections; the last connection to the file checkpoints the WAL. Reads still
     * running finish first on their own connection.
     *
     * @throws BackendException if a connection fails to close
     */
    void close() {
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
}
