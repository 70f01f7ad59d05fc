package dev.segmentlog.store.rogue;

import dev.segmentlog.conformance.InMemorySegmentStore;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.internal.SpiSecret;
import dev.segmentlog.store.other.OtherAdapterFiles;

/** A violating sample adapter class: another adapter, an internal package, the conformance kit. */
public final class RogueStore {
    public SegmentStore open() {
        return new InMemorySegmentStore();
    }

    public String where() {
        return OtherAdapterFiles.path() + SpiSecret.value();
    }
}
