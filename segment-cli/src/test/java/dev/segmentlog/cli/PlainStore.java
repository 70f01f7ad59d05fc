package dev.segmentlog.cli;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store without the hash-chain capability, as a third-party store may be: a JSONL store that
 * refuses entries carrying chain fields and returns every entry plain. Opened as {@code cli-test-plain:DIR}.
 */
final class PlainStore extends ForwardingSegmentStore {
    static final String SCHEME = "cli-test-plain";

    private PlainStore(SegmentStore delegate) {
        super(delegate);
    }

    /** Registers the scheme once per JVM; registering again replaces it. */
    static void register() {
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of(SCHEME);
            }

            @Override
            public SegmentStore open(StoreUri uri) {
                return new PlainStore(SegmentStores.open("jsonl:" + uri.location()));
            }
        });
    }

    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        refuseChains(entries);
        super.create(segment, entries);
    }

    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        refuseChains(entries);
        super.append(segment, expected, entries);
    }

    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        return StoredEntry.plain(StoredEntry.entries(super.read(segment, position, limit)));
    }

    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        count(segment); // a missing segment is still reported
        return Optional.empty();
    }

    private static void refuseChains(List<StoredEntry> entries) {
        if (StoredEntry.anyChained(entries)) {
            throw UnsupportedCapabilityException.hashChains(SCHEME);
        }
    }
}
