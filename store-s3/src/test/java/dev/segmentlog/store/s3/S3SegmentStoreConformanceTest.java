package dev.segmentlog.store.s3;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared conformance kit against S3SegmentStore on a real S3-compatible server (S3Proxy, whose
 * {@code If-None-Match: *} is atomic: {@link ConditionalPutRaceTest}), with nothing between the stores and
 * the server: the racing clauses race for real. Each clause gets a bucket of its own
 * ({@link S3Fixture#optionsInNewBucket}). The second-instance clauses run two stores (two clients, two
 * caches) on one bucket and prefix.
 *
 * <p>One capability is declared lacking, {@code DELETES_SEEN_BY_OTHER_INSTANCES} (C-MULTI-03 and 05: a
 * session deleted, or a segment deleted and created again, through another instance). C-MULTI-03 asks
 * that an append through the other instance, at the tail it cached, fail as not found; but its
 * conditional {@code PUT} finds that key free once the objects are gone and succeeds. Checking that the
 * segment still exists first (a {@code HEAD} of its first object) would make every append two requests
 * instead of one and still not close the race: the delete can land between the check and the {@code PUT},
 * and S3 has no write conditional on another key. C-MULTI-05 asks that pages the other instance cached
 * be read fresh after a delete and create again of the same id: that takes a request proving the cached
 * objects are still the segment's (a {@code LIST} with their ETags) before every read, including the
 * pages inside what it has read, which today need none. See the package documentation, "Deletion and
 * limits", for what a stale instance does.
 */
@ExtendWith(S3ServerExtension.class)
class S3SegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return S3SegmentStore.open(S3Fixture.optionsInNewBucket("conformance"));
    }

    /** A new store instance (new client, empty caches) on the same bucket and prefix: what another process sees. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return S3SegmentStore.open(((S3SegmentStore) closed).options());
    }

    /** Another store (its own client and caches) on the same bucket and prefix while the first is open: another process. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return S3SegmentStore.open(((S3SegmentStore) first).options());
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of(Capability.DELETES_SEEN_BY_OTHER_INSTANCES);
    }
}
