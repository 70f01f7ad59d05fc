package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Opens {@link SqliteSegmentStore}s for {@code sqlite:} URIs: {@code sqlite:/abs/path/agent.db},
 * {@code sqlite:./agent.db}, {@code sqlite:agent.db} (relative to the working directory).
 *
 * <p>Options: {@code durability=normal|full} (default {@code normal}, see {@link Durability}),
 * {@code busy_timeout_ms=N} (default 10000), how long a write waits for a lock held by another
 * process, and {@code mode=rw|ro} (default {@code rw}): {@code mode=ro}, which
 * {@link dev.segmentlog.spi.SegmentStores#openReadOnly} sets, opens the file with
 * {@link SqliteSegmentStore#openReadOnly(Path, Duration)} (a durability is then checked but has no
 * use). Registered for {@link java.util.ServiceLoader}, so {@code SegmentStores.open("sqlite:agent.db")}
 * finds it.
 */
public final class SqliteStoreProvider implements SegmentStoreProvider {
    private static final Set<String> OPTIONS = Set.of("durability", "busy_timeout_ms", StoreUri.MODE);

    /** For {@link java.util.ServiceLoader}. */
    public SqliteStoreProvider() {}

    /** {@code sqlite}. */
    @Override
    public Set<String> schemes() {
        return Set.of("sqlite");
    }

    /**
     * Opens the file the URI names, creating it and its parent directories if needed; with
     * {@code mode=ro}, opens an existing store only to read it and creates nothing.
     *
     * @throws dev.segmentlog.spi.InvalidStoreUriException if an option is unknown or has a bad value,
     *                                                     or the location is not a path
     * @throws dev.segmentlog.spi.BackendException         if the file cannot be opened as a store, or
     *                                                     with {@code mode=ro} does not exist
     * @throws NullPointerException                        if {@code uri} is null
     */
    @Override
    public SegmentStore open(StoreUri uri) {
        Objects.requireNonNull(uri, "uri");
        uri.requireKnownOptions(OPTIONS);
        Durability durability = Durability.valueOf(
                uri.choice("durability", Set.of("normal", "full"), "normal").toUpperCase(Locale.ROOT));
        Duration busyTimeout = uri.option("busy_timeout_ms")
                .map(value -> busyTimeout(uri, value))
                .orElse(SqliteSegmentStore.DEFAULT_BUSY_TIMEOUT);
        Path file;
        try {
            file = Path.of(uri.location());
        } catch (InvalidPathException e) {
            throw uri.invalid("the location is not a file path: " + e.getMessage());
        }
        return uri.readOnly() ? SqliteSegmentStore.openReadOnly(file, busyTimeout)
                : SqliteSegmentStore.open(file, durability, busyTimeout);
    }

    private static Duration busyTimeout(StoreUri uri, String value) {
        int millis;
        try {
            millis = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0) {
            throw uri.invalid("option busy_timeout_ms=" + value + " is not a whole number of milliseconds between 0 and "
                    + Integer.MAX_VALUE);
        }
        return Duration.ofMillis(millis);
    }
}
