package dev.segmentlog.store.postgres;

import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates driver and pool failures into the store's error family by SQLSTATE, naming the store
 * (never its password) and saying whether anything was written.
 *
 * <p>The message quotes only the server's primary message (the driver's detail may quote row
 * values, which are conversation content), and the cause kept is the driver's own
 * {@link SQLException}, not a pool's wrapper around it.
 */
final class PostgresErrors {
    private final String where;
    private final String statementTimeout;
    private final String poolLimits;

    /**
     * @param where            the store, as messages name it
     * @param statementTimeout where the statement timeout comes from, e.g. {@code statement_timeout_ms=500}
     * @param poolLimits       what bounds the connections, e.g. {@code pool_size=10, pool_timeout_ms=10000}
     */
    PostgresErrors(String where, String statementTimeout, String poolLimits) {
        this.where = where;
        this.statementTimeout = statementTimeout;
        this.poolLimits = poolLimits;
    }

    /** What failed while {@code operation} ran outside a commit: nothing of it was written. */
    StoreException translate(Throwable failure, String operation) {
        return translate(failure, operation, false);
    }

    /**
     * What failed while {@code operation} ran: a {@link ReadOnlyStoreException} when the server
     * refused a write as read-only ({@code 25006}), else a {@link BackendException}.
     *
     * @param committing whether the failure came from a commit, or from a statement in auto-commit
     *                   (its own commit), whose outcome a lost connection leaves unknown
     */
    StoreException translate(Throwable failure, String operation, boolean committing) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return new BackendException(where + " failed while " + operation + ": " + failure, failure);
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        String written = committing && state.startsWith("08")
                ? "the connection was lost during the commit, so whether it was stored is unknown: read the "
                        + "segment's count before writing again"
                : "nothing was written";
        if (state.equals("25006")) {
            // A standby, or default_transaction_read_only: the server refused the statement, so
            // nothing of the write happened.
            ReadOnlyStoreException readOnly = new ReadOnlyStoreException(where, "write while " + operation
                    + " (the server is read-only: a standby, or default_transaction_read_only is on; write through "
                    + "the primary) [SQLSTATE " + state + ": " + serverMessage(sql) + "]");
            readOnly.initCause(sql);
            return readOnly;
        }
        String message;
        if (sql instanceof SQLTransientConnectionException && sql.getSQLState() == null) {
            message = "no connection to " + where + " became free while " + operation + ": every connection of the "
                    + "pool was busy for the whole wait (" + poolLimits + "); raise pool_size or pool_timeout_ms, or "
                    + "look for calls that hold connections long; nothing was written";
        } else if (state.equals("57014")) {
            message = "a statement of " + where + " was cancelled while " + operation + ": it ran longer than the "
                    + "statement timeout (" + statementTimeout + ") or an administrator cancelled it; " + written;
        } else if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            message = "the server of " + where + " is shutting down, restarting or recovering (while " + operation
                    + "); retry when it is back; " + written;
        } else if (state.startsWith("08")) {
            message = "lost or could not open the connection to " + where + " while " + operation
                    + " (is the server running and reachable?); " + written;
        } else if (state.startsWith("28")) {
            message = "the server of " + where + " refused the credentials while " + operation
                    + ": check the user and password (in the store URI, PGUSER and PGPASSWORD, or the DataSource) "
                    + "and the server's pg_hba.conf";
        } else if (state.equals("3D000")) {
            message = "the database of " + where + " does not exist (while " + operation + "): create it, or name "
                    + "another in the store URI";
        } else if (state.equals("53100")) {
            message = "the disk of the server of " + where + " is full (while " + operation + "); " + written;
        } else if (state.equals("53200")) {
            message = "the server of " + where + " ran out of memory while " + operation + "; " + written;
        } else if (state.equals("53300")) {
            message = "the server of " + where + " has too many connections (max_connections) and refused one "
                    + "while " + operation + ": lower pool_size or the number of processes, or raise max_connections";
        } else if (state.equals("55P03")) {
            message = "a lock of " + where + " stayed held past the lock timeout while " + operation + "; " + written;
        } else if (state.equals("40001") || state.equals("40P01")) {
            message = "the server of " + where + " aborted a transaction (serialization failure or deadlock) while "
                    + operation + "; " + written + ", retry";
        } else if (state.equals("42501")) {
            message = "the database user of " + where + " lacks a privilege needed while " + operation + " (it needs "
                    + "USAGE on the schema and SELECT, INSERT, UPDATE and DELETE on its tables; creating or migrating "
                    + "the schema also needs CREATE)";
        } else if (state.startsWith("XX")) {
            message = "the server of " + where + " reports an internal error or corrupt data while " + operation;
        } else {
            message = where + " failed while " + operation + "; " + written;
        }
        return new BackendException(message + " [SQLSTATE " + state + ": " + serverMessage(sql) + "]", sql);
    }

    /** Whether the failure is a unique violation ({@code 23505}): a key already taken. */
    static boolean isUniqueViolation(SQLException failure) {
        return "23505".equals(sqlCause(failure).getSQLState());
    }

    /** The server's primary message alone: the driver adds the detail, which may quote row values. */
    private static String serverMessage(SQLException sql) {
        if (sql instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return String.valueOf(sql.getMessage());
    }

    /**
     * The most telling {@link SQLException} behind a failure: the driver's own error (it carries the
     * SQLSTATE) rather than a pool's wrapper around it; null when no SQLException is behind it.
     */
    static SQLException sqlCause(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException psql) {
                return psql;
            }
            if (t instanceof SQLException sql && found == null) {
                found = sql;
            }
        }
        return found;
    }
}
