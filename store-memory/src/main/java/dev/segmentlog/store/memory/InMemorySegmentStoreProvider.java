package dev.segmentlog.store.memory;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Opens {@link InMemorySegmentStore}s for {@code mem:} URIs: {@code mem:NAME}, such as
 * {@code mem:agent-tests}. Every store opened with the same name in one JVM shares the same data,
 * which lives until the JVM exits or {@link InMemorySegmentStore#drop(String)} forgets the name;
 * closing a store loses nothing. A name is made of letters, digits, {@code .}, {@code _} and
 * {@code -}. One option: {@code mode=rw|ro} (default {@code rw}); {@code mode=ro} reads a storage
 * that exists and refuses every write ({@link InMemorySegmentStore#openReadOnly(String)}).
 */
public final class InMemorySegmentStoreProvider implements SegmentStoreProvider {
    private static final String SCHEME = "mem";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** For {@link java.util.ServiceLoader}. */
    public InMemorySegmentStoreProvider() {}

    /** {@code mem}. */
    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    /**
     * Opens a store on the storage the URI names, created empty on first use; with {@code mode=ro}, a
     * read-only store on a storage that exists.
     *
     * @throws dev.segmentlog.spi.InvalidStoreUriException if the scheme is not {@code mem}, the name
     *         has other characters than letters, digits, {@code .}, {@code _} and {@code -}, or an
     *         option other than {@code mode=rw|ro} is given
     * @throws dev.segmentlog.spi.BackendException         with {@code mode=ro}, if the storage does not exist
     * @throws NullPointerException                        if {@code uri} is null
     */
    @Override
    public SegmentStore open(StoreUri uri) {
        Objects.requireNonNull(uri, "uri");
        if (!SCHEME.equals(uri.scheme())) {
            throw uri.invalid("the in-memory provider opens only '" + SCHEME + ":' URIs");
        }
        uri.requireKnownOptions(Set.of("mode"));
        if (!NAME.matcher(uri.location()).matches()) {
            // mem://x or mem:/tmp/x: a path or host would suggest the data is somewhere else than this JVM
            throw uri.invalid("an in-memory location is a name of letters, digits, '.', '_' and '-', "
                    + "such as mem:agent-tests, not a path or host");
        }
        return uri.readOnly() ? InMemorySegmentStore.openReadOnly(uri.location())
                : InMemorySegmentStore.named(uri.location());
    }
}
