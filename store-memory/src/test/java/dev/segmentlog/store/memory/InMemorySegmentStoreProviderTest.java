package dev.segmentlog.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySegmentStoreProviderTest {
    /** A name no other test uses: named storages live as long as the JVM. */
    private final String name = "provider-" + SegmentId.generate();

    @Test
    void open_memUri_findsTheProviderThroughServiceLoader() {
        assertTrue(SegmentStores.installedSchemes().contains("mem"), SegmentStores.installedSchemes().toString());
        try (SegmentStore store = SegmentStores.open("mem:" + name)) {
            assertInstanceOf(InMemorySegmentStore.class, store);
            assertEquals("InMemorySegmentStore[mem:" + name + "]", store.toString());
        }
    }

    @Test
    void storesOpenedWithTheSameName_shareTheirData_whileBothAreOpen() {
        try (SegmentStore first = SegmentStores.open("mem:" + name); SegmentStore second = SegmentStores.open("mem:" + name)) {
            SegmentId segment = Segments.create(first);
            assertTrue(second.exists(segment), "a store of the same name sees the segment");
            second.append(segment, Segments.marker());
            assertEquals(2, first.count(segment), "and the first sees the second's append");
        }
    }

    @Test
    void closingEveryStoreOfAName_keepsItsData_forTheNextOpen() {
        SegmentId segment;
        try (SegmentStore store = SegmentStores.open("mem:" + name)) {
            segment = Segments.create(store);
        }
        try (SegmentStore again = SegmentStores.open("mem:" + name)) {
            assertEquals(1, again.count(segment));
        }
    }

    @Test
    void differentNames_doNotShare() {
        try (SegmentStore store = SegmentStores.open("mem:" + name); SegmentStore other = SegmentStores.open("mem:" + name + "-other")) {
            SegmentId segment = Segments.create(store);
            assertFalse(other.exists(segment));
        }
    }

    @Test
    void namesAreCaseSensitive_likeTheirStorage() {
        try (SegmentStore lower = SegmentStores.open("mem:" + name + "-a"); SegmentStore upper = SegmentStores.open("mem:" + name + "-A")) {
            assertFalse(upper.exists(Segments.create(lower)));
        }
    }

    @Test
    void open_withAnOption_failsNamingIt() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("mem:" + name + "?durability=fsync"));
        assertTrue(e.getMessage().contains("durability"), e.getMessage());
    }

    @Test
    void modeRo_readsWhatTheWritersWrote_andRefusesEveryWrite() {
        try (SegmentStore writer = SegmentStores.open("mem:" + name);
                SegmentStore reader = SegmentStores.open("mem:" + name + "?mode=ro")) {
            SegmentId segment = Segments.create(writer);
            assertEquals(1, reader.count(segment));
            writer.append(segment, Segments.marker());
            assertEquals(2, reader.read(segment, 0, 10).size(), "a reader sees a later append");

            ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class,
                    () -> reader.append(segment, Segments.marker()));
            assertTrue(refused.getMessage().contains("mem:" + name), refused.getMessage());
            assertThrows(ReadOnlyStoreException.class, () -> Segments.create(reader));
            assertThrows(ReadOnlyStoreException.class, () -> reader.deleteSession(writer.info(segment).sessionId()));
            assertEquals(2, writer.count(segment), "nothing was written");
        }
    }

    @Test
    void modeRo_onANameNeverOpened_failsAndCreatesNothing() {
        BackendException missing = assertThrows(BackendException.class,
                () -> SegmentStores.openReadOnly("mem:" + name));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertFalse(InMemorySegmentStore.drop(name), "the read-only open created no storage");
    }

    @Test
    void open_withAPathOrAHostOrSpaces_failsSayingWhatANameIs() {
        for (String uri : List.of("mem:/tmp/logs", "mem://host/name", "mem:./logs", "mem:two words", "mem:ünïcode")) {
            InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class, () -> SegmentStores.open(uri), uri);
            assertTrue(e.getMessage().contains("such as mem:agent-tests"), e.getMessage());
        }
    }

    @Test
    void open_withAnEmptyName_fails() {
        assertThrows(InvalidStoreUriException.class, () -> SegmentStores.open("mem:"));
    }

    @Test
    void provider_refusesAnotherScheme() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> new InMemorySegmentStoreProvider().open(StoreUri.parse("jsonl:" + name)));
        assertTrue(e.getMessage().contains("'mem:'"), e.getMessage());
    }
}
