package dev.segmentlog.spi;

import java.util.Set;

/**
 * Opens stores for URIs of its schemes: the {@link java.util.ServiceLoader} service an adapter
 * registers in {@code META-INF/services/dev.segmentlog.spi.SegmentStoreProvider} (and with
 * {@code provides} in a {@code module-info}). {@link SegmentStores#open(String)} picks the
 * provider by scheme. Implementations need a public no-argument constructor.
 */
public interface SegmentStoreProvider {

    /** The URI schemes this provider opens, lowercase, e.g. {@code jsonl}. */
    Set<String> schemes();

    /**
     * Opens a store.
     *
     * @param uri a parsed URI whose scheme is one of {@link #schemes()}
     * @throws InvalidStoreUriException if the location or an option is not valid for this provider
     * @throws BackendException         if the backend cannot be opened
     */
    SegmentStore open(StoreUri uri);
}
