package dev.segmentlog.examples.store;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.util.Set;

/**
 * Opens {@link HashMapSegmentStore}s for URIs such as {@code example-mem:scratch}. Registered in
 * {@code META-INF/services/dev.segmentlog.spi.SegmentStoreProvider}, so that
 * {@code SegmentStores.open("example-mem:scratch")} finds it. The location is only a label: every
 * open returns a new, empty store.
 */
public final class HashMapStoreProvider implements SegmentStoreProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public HashMapStoreProvider() {}

    @Override
    public Set<String> schemes() {
        return Set.of("example-mem");
    }

    /** @throws dev.segmentlog.spi.InvalidStoreUriException if the URI has options: this store takes none */
    @Override
    public SegmentStore open(StoreUri uri) {
        uri.requireKnownOptions(Set.of());
        return new HashMapSegmentStore();
    }
}
