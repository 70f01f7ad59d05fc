package dev.segmentlog.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.BackendException;
import org.junit.jupiter.api.Test;

class InMemorySegmentStoreLifetimeTest {
    private final String name = "lifetime-" + SegmentId.generate();

    @Test
    void newStores_haveStoragesOfTheirOwn() {
        try (InMemorySegmentStore one = new InMemorySegmentStore(); InMemorySegmentStore two = new InMemorySegmentStore()) {
            assertFalse(two.exists(Segments.create(one)));
        }
    }

    @Test
    void reopen_seesTheSameData_afterTheStoreWasClosed() {
        InMemorySegmentStore store = new InMemorySegmentStore();
        SegmentId segment = Segments.create(store);
        store.close();
        try (InMemorySegmentStore reopened = store.reopen()) {
            assertTrue(reopened.exists(segment));
        }
    }

    @Test
    void aClosedStore_refusesCalls_whileOthersOnItsStorageGoOn() {
        InMemorySegmentStore store = InMemorySegmentStore.named(name);
        try (InMemorySegmentStore other = InMemorySegmentStore.named(name)) {
            SegmentId segment = Segments.create(store);
            store.close();
            BackendException closed = assertThrows(BackendException.class, () -> store.count(segment));
            assertTrue(closed.getMessage().contains("mem:" + name + ", closed"), closed.getMessage());
            assertEquals(1, other.count(segment));
        }
    }

    @Test
    void drop_forgetsTheName_butAStoreStillOpenOnItKeepsItsData() {
        try (InMemorySegmentStore open = InMemorySegmentStore.named(name)) {
            SegmentId segment = Segments.create(open);

            assertTrue(InMemorySegmentStore.drop(name), "the name existed");
            assertFalse(InMemorySegmentStore.drop(name), "and is gone now");

            try (InMemorySegmentStore fresh = InMemorySegmentStore.named(name)) {
                assertFalse(fresh.exists(segment), "a store opened after drop starts empty");
            }
            assertTrue(open.exists(segment), "a store open before drop keeps what it had");
        }
    }

    @Test
    void named_withAnEmptyName_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> InMemorySegmentStore.named(""));
    }
}
