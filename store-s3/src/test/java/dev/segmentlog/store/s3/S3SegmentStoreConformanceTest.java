package dev.segmentlog.store.s3;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared conformance kit against S3SegmentStore on a real S3-compatible server (S3Mock). No capability
 * but one is supported (see below). Each clause gets a bucket of its own ({@link S3Fixture#optionsInNewBucket}): the paging
 * clauses create thousands of objects, and S3Mock's requests slow down with the size of the bucket.
 * Every store shares one {@link SerialisingInterceptor}, because S3Mock's {@code If-None-Match} is not
 * atomic under simultaneous PUTs of one key (the racing clauses would see two winners); Amazon S3, MinIO
 * and R2 arbitrate it atomically.
 *
 * <p>Two instances on one bucket run the second-instance clauses, except C-MULTI-03 and 05 (a session
 * deleted, or a segment deleted and created again, through another instance): the store declares
 * {@code DELETES_SEEN_BY_OTHER_INSTANCES} unsupported. An instance keeps the tail it saw and the
 * immutable objects it read, so that an uncontended append is one {@code PUT} and a page inside what it
 * has read needs no request; noticing another instance's delete would take a {@code HEAD} of the first
 * object before every operation (see the package documentation, "Deletion and limits").
 */
@ExtendWith(S3MockExtension.class)
class S3SegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    private static final SerialisingInterceptor SERIALISER = new SerialisingInterceptor();

    private static SegmentStore open(S3StoreOptions options) {
        return S3SegmentStore.open(options, List.of(SERIALISER), () -> UUID.randomUUID().toString());
    }

    @Override
    protected SegmentStore openStore() {
        return open(S3Fixture.optionsInNewBucket("conformance"));
    }

    /** A new store instance (new client, empty caches) on the same bucket and prefix: what another process sees. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return open(((S3SegmentStore) closed).options());
    }

    /** Another store (its own client and caches) on the same bucket and prefix while the first is open: another process. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return open(((S3SegmentStore) first).options());
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of(Capability.DELETES_SEEN_BY_OTHER_INSTANCES);
    }
}
