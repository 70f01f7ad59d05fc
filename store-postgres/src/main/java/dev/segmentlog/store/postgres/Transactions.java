package dev.segmentlog.store.postgres;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs a store's work on a connection borrowed from its DataSource: a read as one statement in
 * auto-commit (one statement, one snapshot), a write as one transaction at READ COMMITTED. For a
 * store opened read-only, every read runs in a READ ONLY transaction instead, so not even a
 * statement the store did not mean to write with could change the database. Every failure of the
 * driver, the pool or Jdbi leaves here as a translated {@link dev.segmentlog.spi.StoreException};
 * the store's own exceptions pass through after the rollback.
 */
final class Transactions {
    private final Jdbi jdbi;
    private final PostgresErrors errors;
    private final boolean setReadCommitted;
    private final boolean readOnly;

    /**
     * @param setReadCommitted whether the connections' default isolation is another than READ
     *                         COMMITTED, so each transaction must set it: the append protocol relies
     *                         on a statement that waited for a row lock seeing the row as committed,
     *                         where a stricter level fails with a serialization error instead
     * @param readOnly         whether every {@link #read} runs in a READ ONLY transaction
     */
    Transactions(Jdbi jdbi, PostgresErrors errors, boolean setReadCommitted, boolean readOnly) {
        this.jdbi = jdbi;
        this.errors = errors;
        this.setReadCommitted = setReadCommitted;
        this.readOnly = readOnly;
    }

    /**
     * Runs a read: in auto-commit mode, or for a read-only store in a READ ONLY transaction, which
     * the server refuses any write in.
     */
    <T> T read(String operation, Function<Handle, T> work) {
        return readOnly ? transaction(operation, "SET TRANSACTION READ ONLY", work) : inAutoCommit(operation, work);
    }

    /** Runs {@code work} on a connection in auto-commit mode: one statement is one transaction. */
    <T> T inAutoCommit(String operation, Function<Handle, T> work) {
        Handle handle = open(operation);
        RuntimeException thrown = null;
        try {
            return work.apply(handle);
        } catch (JdbiException e) {
            thrown = errors.translate(e, operation);
            throw thrown;
        } catch (RuntimeException e) {
            thrown = e;
            throw e;
        } finally {
            close(handle, operation, thrown, true);
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls it back when {@code work} throws.
     * A failure of the commit itself says so: a connection lost then leaves the outcome unknown.
     */
    <T> T inTransaction(String operation, Function<Handle, T> work) {
        return transaction(operation, setReadCommitted ? "SET TRANSACTION ISOLATION LEVEL READ COMMITTED" : null, work);
    }

    /** {@code work} in one transaction whose first statement is {@code characteristics}, if any. */
    private <T> T transaction(String operation, String characteristics, Function<Handle, T> work) {
        Handle handle = open(operation);
        RuntimeException thrown = null;
        boolean committing = false;
        boolean committed = false;
        try {
            handle.begin();
            if (characteristics != null) {
                handle.execute(characteristics);
            }
            T result = work.apply(handle);
            committing = true;
            handle.commit();
            committed = true;
            return result;
        } catch (RuntimeException e) {
            thrown = e instanceof JdbiException ? errors.translate(e, operation, committing) : e;
            try {
                handle.rollback();
            } catch (RuntimeException rollbackFailure) {
                thrown.addSuppressed(rollbackFailure);
            }
            throw thrown;
        } finally {
            // Once committed the write is acknowledged: failing to give the connection back must not
            // turn it into an error, after which a caller would write it again.
            close(handle, operation, thrown, !committed);
        }
    }

    private Handle open(String operation) {
        try {
            return jdbi.open();
        } catch (JdbiException e) {
            throw errors.translate(e, operation);
        }
    }

    /**
     * Gives the connection back. A failure to do so is kept with the failure already thrown, else
     * reported when {@code mayThrow}; the pool drops a connection that fails.
     */
    private void close(Handle handle, String operation, RuntimeException thrown, boolean mayThrow) {
        try {
            handle.close();
        } catch (RuntimeException e) {
            if (thrown != null) {
                thrown.addSuppressed(e);
            } else if (mayThrow) {
                throw errors.translate(e, "releasing the connection after " + operation);
            }
        }
    }
}
