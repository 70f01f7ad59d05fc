package dev.segmentlog.store.rogue;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.spi.internal.SpiSecret;
import dev.segmentlog.store.other.OtherAdapterFiles;

/** A violating sample adapter class: another adapter, an internal package, the conformance kit. */
public final class RogueStore {
    public Capability lacks() {
        return Capability.TRACE;
    }

    public String where() {
        return OtherAdapterFiles.path() + SpiSecret.value();
    }
}
