package dev.segmentlog.conformance;

import dev.segmentlog.spi.SegmentStore;
import java.util.Set;

/** Shape only: the clauses land next. */
public abstract class SegmentStoreConformanceTest {

    /** A new, open store; called once per clause. */
    protected abstract SegmentStore openStore();

    /** Reopens a closed store on the same data; not supported unless overridden. */
    protected SegmentStore reopen(SegmentStore closed) {
        throw new UnsupportedOperationException("reopen is not supported: override reopen(SegmentStore)");
    }

    /** The capabilities the store lacks. */
    protected Set<Capability> unsupported() {
        return Set.of();
    }
}
