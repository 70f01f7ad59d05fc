package dev.segmentlog.spi;

import java.util.Objects;

/**
 * The backend failed: an I/O error, a database error, an unreachable or refusing server. The
 * message names the store (file, database, bucket and prefix, never credentials); the cause is kept.
 * Whether the operation took effect is as the message says; an append that throws this was not
 * acknowledged.
 */
public final class BackendException extends StoreException {

    /**
     * @param message what failed and where
     * @param cause   nullable: the backend's own error
     */
    public BackendException(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }
}
