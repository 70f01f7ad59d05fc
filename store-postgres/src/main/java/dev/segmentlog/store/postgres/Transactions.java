package dev.segmentlog.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs a store's work on a connection borrowed from its DataSource, in plain JDBC: a read as one
 * statement in auto-commit (one statement, one snapshot), a write as one statement in auto-commit
 * or as one transaction at READ COMMITTED. For a store opened read-only, every read runs in a READ
 * ONLY transaction instead, so not even a statement the store did not mean to write with could
 * change the database. Every {@link SQLException} of the driver or the pool leaves here as a
 * translated {@link dev.segmentlog.spi.StoreException}; the store's own exceptions pass through
 * after the rollback.
 */
final class Transactions {
    /** Work on a borrowed connection; it closes the statements it opens. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final PostgresErrors errors;
    private final boolean setReadCommitted;
    private final boolean readOnly;

    /**
     * @param setReadCommitted whether the connections' default isolation is another than READ
     *                         COMMITTED, so each write must run in a transaction that sets it: the
     *                         append protocol relies on a statement that waited for a row lock
     *                         seeing the row as committed, where a stricter level fails with a
     *                         serialization error instead
     * @param readOnly         whether every {@link #read} runs in a READ ONLY transaction
     */
    Transactions(DataSource dataSource, PostgresErrors errors, boolean setReadCommitted, boolean readOnly) {
        this.dataSource = dataSource;
        this.errors = errors;
        this.setReadCommitted = setReadCommitted;
        this.readOnly = readOnly;
    }

    /**
     * Runs a read: in auto-commit mode, or for a read-only store in a READ ONLY transaction, which
     * the server refuses any write in.
     */
    <T> T read(String operation, Work<T> work) {
        return readOnly ? transaction(operation, "SET TRANSACTION READ ONLY", work) : inAutoCommit(operation, false, work);
    }

    /**
     * Runs a write whose change is one statement: in auto-commit, one round trip, where that
     * statement is its own transaction; in a transaction at READ COMMITTED when the connections
     * default to another isolation. {@code work} may run reads after a statement that changed
     * nothing, to say why.
     */
    <T> T writeOneStatement(String operation, Work<T> work) {
        return setReadCommitted ? inTransaction(operation, work) : inAutoCommit(operation, true, work);
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls it back when {@code work} throws.
     * A failure of the commit itself says so: a connection lost then leaves the outcome unknown.
     */
    <T> T inTransaction(String operation, Work<T> work) {
        return transaction(operation, setReadCommitted ? "SET TRANSACTION ISOLATION LEVEL READ COMMITTED" : null, work);
    }

    /**
     * {@code work} on a connection in auto-commit mode: each statement is one transaction.
     *
     * @param writes whether a statement of {@code work} writes, so that a connection lost during it
     *               leaves its outcome unknown (the server may have committed it)
     */
    private <T> T inAutoCommit(String operation, boolean writes, Work<T> work) {
        Connection connection = open(operation);
        RuntimeException thrown = null;
        boolean autoCommit = true;
        try {
            autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        } catch (SQLException e) {
            thrown = errors.translate(e, operation, writes);
            throw thrown;
        } catch (RuntimeException e) {
            thrown = e;
            throw e;
        } finally {
            close(connection, autoCommit, operation, thrown, true);
        }
    }

    /** {@code work} in one transaction whose first statement is {@code characteristics}, if any. */
    private <T> T transaction(String operation, String characteristics, Work<T> work) {
        Connection connection = open(operation);
        RuntimeException thrown = null;
        boolean autoCommit = true;
        boolean committing = false;
        boolean committed = false;
        try {
            autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            if (characteristics != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(characteristics);
                }
            }
            T result = work.apply(connection);
            committing = true;
            connection.commit();
            committed = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            thrown = e instanceof SQLException sql ? errors.translate(sql, operation, committing) : (RuntimeException) e;
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                thrown.addSuppressed(rollbackFailure);
            }
            throw thrown;
        } finally {
            // Once committed the write is acknowledged: failing to give the connection back must not
            // turn it into an error, after which a caller would write it again.
            close(connection, autoCommit, operation, thrown, !committed);
        }
    }

    private Connection open(String operation) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw errors.translate(e, operation);
        }
    }

    /**
     * Gives the connection back in the auto-commit mode it came in. A failure to do so is kept with
     * the failure already thrown, else reported when {@code mayThrow}; the pool drops a connection
     * that fails.
     */
    private void close(Connection connection, boolean autoCommit, String operation, RuntimeException thrown,
                       boolean mayThrow) {
        try (connection) {
            if (connection.getAutoCommit() != autoCommit) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (thrown != null) {
                thrown.addSuppressed(e);
            } else if (mayThrow) {
                throw errors.translate(e, "releasing the connection after " + operation);
            }
        }
    }
}
