package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.assertEntries;
import static dev.segmentlog.conformance.KitAssertions.assertStoredEntries;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The clauses of the group "entries with chain fields, with or without the capability"
 * ({@link SegmentStoreConformanceTest.ChainFields}): mandatory for every store, since a store that
 * lacks {@link Capability#HASH_CHAIN} must still say so instead of dropping the fields.
 */
abstract class ChainFieldClauses extends Clauses {

    ChainFieldClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-CAP-01] entries with chain fields: a store declaring HASH_CHAIN unsupported refuses them in create and append with UnsupportedCapabilityException, before a refused entry, a missing or existing segment and a conflict, and writes nothing; any other store keeps them")
    void C_CAP_01_chainFieldsAreKeptOrRefused() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> chain = HashChain.link(null, List.of(fx.plainStart(session), fx.marker("chained")));
        if (whyLacking(Capability.HASH_CHAIN).isEmpty()) {
            store().create(segment, chain);
            assertStoredEntries(chain, store().read(segment, 0, 10), "chained entries read back from a store that keeps chains");
            return;
        }
        SegmentId plain = SegmentId.generate();
        List<LogEntry> plainEntries = List.of(fx.plainStart(session), fx.marker("plain"));
        store().create(plain, StoredEntry.plain(plainEntries));
        List<StoredEntry> more = HashChain.link(chain.get(1).hash(), List.of(fx.marker("more")));
        List<StoredEntry> mixed = new ArrayList<>(StoredEntry.plain(List.of(fx.marker("plain first"))));
        mixed.addAll(more);
        List<StoredEntry> chainWithRefused = new ArrayList<>(chain);
        chainWithRefused.add(new StoredEntry(fx.refused(), chain.get(1).hash(), chain.get(1).hash()));
        SegmentId unknown = SegmentId.generate();
        assertAll(
                refused(() -> store().create(segment, chain), "create of chained entries"),
                refused(() -> store().create(segment, chainWithRefused), "create of chained entries, one refused by the codec"),
                refused(() -> store().create(plain, chain), "create of chained entries with an existing id"),
                refused(() -> store().append(plain, ExpectedCount.any(), more), "append of a chained entry"),
                refused(() -> store().append(plain, ExpectedCount.any(), mixed), "append of a plain entry and a chained one"),
                refused(() -> store().append(plain, ExpectedCount.exactly(7), more), "append of a chained entry at a stale count"),
                refused(() -> store().append(unknown, ExpectedCount.any(), more), "append of a chained entry to an unknown segment"));
        assertFalse(store().exists(segment), "a refused create must not create the segment");
        assertFalse(store().exists(unknown), "a refused append must not create the segment");
        assertEntries(plainEntries, store().readAll(plain), "a plain segment after refused chained appends");
    }

    private static Executable refused(Executable call, String what) {
        return () -> assertThrows(UnsupportedCapabilityException.class, call,
                what + " must throw UnsupportedCapabilityException from a store without " + Capability.HASH_CHAIN);
    }
}
