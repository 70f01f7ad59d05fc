package dev.segmentlog.store.s3;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.spi.SegmentStore;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared conformance kit against S3SegmentStore on a real S3-compatible server (S3Mock). Nothing is unsupported. */
@ExtendWith(S3MockExtension.class)
class S3SegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    private static final String PREFIX = "conformance/" + UUID.randomUUID();

    @Override
    protected SegmentStore openStore() {
        return S3SegmentStore.open(S3Fixture.options(PREFIX));
    }

    /** A new store instance (new client, empty caches) on the same bucket and prefix: what another process sees. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return S3SegmentStore.open(((S3SegmentStore) closed).options());
    }
}
