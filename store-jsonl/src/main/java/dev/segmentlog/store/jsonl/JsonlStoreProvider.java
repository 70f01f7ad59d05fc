package dev.segmentlog.store.jsonl;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opens {@link JsonlSegmentStore}s for {@code jsonl:} URIs: {@code jsonl:/var/lib/agent/logs},
 * {@code jsonl:./logs?durability=fsync}, {@code jsonl:/mnt/backup/logs?mode=ro}. The location is a
 * directory, absolute or relative to the working directory, created when missing unless the store is
 * opened read-only. Options: {@code durability}, {@code buffered} (the default) or {@code fsync}, see
 * {@link Durability}; {@code mode}, {@code rw} (the default) or {@code ro}, which
 * {@link dev.segmentlog.spi.SegmentStores#openReadOnly} sets and which opens the store with
 * {@link JsonlSegmentStore#openReadOnly(java.nio.file.Path)}: nothing is created or written, and a
 * durability is then checked but has no effect.
 */
public final class JsonlStoreProvider implements SegmentStoreProvider {
    private static final String SCHEME = "jsonl";
    private static final String DURABILITY = "durability";
    private static final Set<String> DURABILITY_VALUES = Arrays.stream(Durability.values())
            .map(Durability::optionValue).collect(Collectors.toUnmodifiableSet());

    /** For {@link java.util.ServiceLoader}. */
    public JsonlStoreProvider() {}

    /** {@code jsonl}. */
    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    /**
     * Opens the store in the URI's directory.
     *
     * @throws dev.segmentlog.spi.InvalidStoreUriException if the scheme is not {@code jsonl}, the
     *         location is not a usable path, or an option is unknown or has a bad value
     * @throws dev.segmentlog.spi.BackendException         if the directory cannot be created or opened,
     *         or with {@code mode=ro} does not exist
     * @throws NullPointerException                        if {@code uri} is null
     */
    @Override
    public SegmentStore open(StoreUri uri) {
        Objects.requireNonNull(uri, "uri");
        if (!SCHEME.equals(uri.scheme())) {
            throw uri.invalid("the JSONL provider opens only '" + SCHEME + ":' URIs");
        }
        uri.requireKnownOptions(Set.of(DURABILITY, StoreUri.MODE));
        Durability durability = Durability.valueOf(
                uri.choice(DURABILITY, DURABILITY_VALUES, Durability.BUFFERED.optionValue()).toUpperCase(java.util.Locale.ROOT));
        Path directory = directory(uri);
        return uri.readOnly() ? JsonlSegmentStore.openReadOnly(directory)
                : JsonlSegmentStore.open(directory, durability);
    }

    private static Path directory(StoreUri uri) {
        String location = uri.location();
        if (location.startsWith("///")) {
            location = location.substring(2); // jsonl:///abs/dir, the file-URI spelling
        } else if (location.startsWith("//")) {
            throw uri.invalid("a JSONL location is a directory path, not a host: write jsonl:/absolute/dir "
                    + "or jsonl:./relative/dir");
        }
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw uri.invalid("'" + location + "' is not a valid directory path: " + e.getReason());
        }
    }
}
