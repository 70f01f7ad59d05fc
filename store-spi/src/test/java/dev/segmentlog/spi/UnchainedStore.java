package dev.segmentlog.spi;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import java.util.List;

/** A store without the hash-chain capability, over a {@link ListStore}. */
public class UnchainedStore extends ForwardingSegmentStore {

    public UnchainedStore(ListStore delegate) {
        super(delegate);
    }

    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        if (StoredEntry.anyChained(entries)) {
            throw UnsupportedCapabilityException.hashChains("a store without chains");
        }
        super.create(segment, entries);
    }

    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        if (StoredEntry.anyChained(entries)) {
            throw UnsupportedCapabilityException.hashChains("a store without chains");
        }
        super.append(segment, expected, entries);
    }
}
