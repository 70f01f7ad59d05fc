package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.BackendException;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteException;

/** Translates SQLite and Jdbi failures into the store's error family, naming the file. */
final class SqliteErrors {
    // Primary SQLite result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {}

    /**
     * A {@link BackendException} for a failure of {@code operation} on {@code file}.
     *
     * <p>The cause kept is the driver's {@link SQLException} when there is one, not Jdbi's wrapper:
     * Jdbi's messages list the bound arguments, which are conversation content.
     */
    static BackendException translate(RuntimeException failure, String file, String operation, long busyTimeoutMs) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return new BackendException("SQLite store " + file + " failed while " + operation + ": " + failure,
                    failure);
        }
        String detail = String.valueOf(sql.getMessage());
        String message;
        switch (primaryCode(sql)) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                message = "SQLite database file " + file + " is locked by another connection or process and stayed "
                        + "locked longer than the busy timeout (" + busyTimeoutMs + " ms) while " + operation
                        + "; retry, or raise busy_timeout_ms";
                break;
            case SQLITE_READONLY:
                message = "SQLite database file " + file + " is read-only while " + operation
                        + ": the file, its -wal and -shm files and its directory must be writable";
                break;
            case SQLITE_NOTADB:
                message = "file " + file + " is not a SQLite database (while " + operation
                        + "); point the store at a segmentlog database or a new file";
                break;
            case SQLITE_CORRUPT:
                message = "SQLite database file " + file + " is corrupt (while " + operation + ")";
                break;
            case SQLITE_FULL:
                message = "the disk holding SQLite database file " + file + " is full (while " + operation + ")";
                break;
            case SQLITE_CANTOPEN:
                message = "cannot open SQLite database file " + file + " (while " + operation
                        + "): check that the path names a file and that its directory is writable";
                break;
            case SQLITE_IOERR:
                message = "I/O error on SQLite database file " + file + " while " + operation;
                break;
            default:
                message = "SQLite store " + file + " failed while " + operation;
                break;
        }
        return new BackendException(message + " [" + detail + "]", sql);
    }

    /** Whether the failure is SQLite's "busy": another connection holds a lock this one needs. */
    static boolean isBusy(RuntimeException failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && primaryCode(sql) == SQLITE_BUSY;
    }

    /** Whether the failure is a constraint violation: a second row at a primary key. */
    static boolean isConstraintViolation(RuntimeException failure) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return false;
        }
        return primaryCode(sql) == SQLITE_CONSTRAINT
                || String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT).contains("SQLITE_CONSTRAINT");
    }

    private static int primaryCode(SQLException sql) {
        if (sql instanceof SQLiteException) {
            return ((SQLiteException) sql).getResultCode().code & 0xFF;
        }
        return sql.getErrorCode() & 0xFF;
    }

    private static SQLException sqlCause(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                found = (SQLException) t;
                if (t instanceof SQLiteException) {
                    return found;
                }
            }
        }
        return found;
    }
}
