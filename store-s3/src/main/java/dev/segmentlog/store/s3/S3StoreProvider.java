package dev.segmentlog.store.s3;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.StoreUri;
import java.util.Objects;
import java.util.Set;

/**
 * Opens {@link S3SegmentStore}s for {@code s3://bucket/prefix?option=value&…} URIs; registered for
 * {@link java.util.ServiceLoader} discovery. The options are listed in the
 * {@linkplain dev.segmentlog.store.s3 package documentation}.
 */
public final class S3StoreProvider implements SegmentStoreProvider {

    /** For {@link java.util.ServiceLoader}. */
    public S3StoreProvider() {}

    /** {@code s3}. */
    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    /**
     * @throws dev.segmentlog.spi.InvalidStoreUriException if the location or an option is not valid
     * @throws dev.segmentlog.spi.BackendException         if the bucket cannot be reached
     */
    @Override
    public SegmentStore open(StoreUri uri) {
        Objects.requireNonNull(uri, "uri");
        S3StoreOptions options = S3StoreOptions.fromUri(uri);
        try {
            return S3SegmentStore.open(options);
        } catch (IllegalArgumentException e) {
            throw uri.invalid(e.getMessage());
        }
    }
}
