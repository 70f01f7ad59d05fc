package dev.segmentlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.spi.codec.CodecFixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentStoresTest {

    /** Registered once for the JVM; its scheme is unique to this test. */
    private static final ListStore REGISTERED_STORE = new ListStore();
    /** The URI the provider was last asked to open. */
    private static volatile StoreUri lastOpened;

    static {
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of("spitest");
            }

            @Override
            public SegmentStore open(StoreUri uri) {
                lastOpened = uri;
                return REGISTERED_STORE;
            }
        });
    }

    @Test
    void open_registeredScheme_usesThatProvider() {
        assertSame(REGISTERED_STORE, SegmentStores.open("spitest:anything"));
        assertTrue(SegmentStores.installedSchemes().contains("spitest"));
    }

    @Test
    void open_unknownScheme_listsTheInstalledSchemesAndSaysWhatToDo() {
        InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("redis://localhost"));
        assertTrue(error.getMessage().contains("no store provider for scheme 'redis'"), error.getMessage());
        assertTrue(error.getMessage().contains("spitest"), error.getMessage());
        assertTrue(error.getMessage().contains("add the adapter jar"), error.getMessage());
    }

    @Test
    void open_brokenServiceFile_doesNotHideTheOtherProviders() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("broken-provider");
        java.nio.file.Path services = dir.resolve("META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve(SegmentStoreProvider.class.getName()), "com.example.Missing\n");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            assertSame(REGISTERED_STORE, SegmentStores.open("spitest:x"));
            InvalidStoreUriException error = assertThrows(InvalidStoreUriException.class,
                    () -> SegmentStores.open("nope:x"));
            assertTrue(error.getMessage().contains("com.example.Missing"), error.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void openReadOnly_asksTheProviderForModeRo_andRefusesEveryWrite() {
        dev.segmentlog.core.SegmentId segment = dev.segmentlog.core.SegmentId.generate();
        REGISTERED_STORE.create(segment, java.util.List.of(dev.segmentlog.core.StoredEntry.plain(
                CodecFixtures.segmentStart(null, null))));

        SegmentStore readOnly = SegmentStores.openReadOnly("spitest:anything");

        assertTrue(lastOpened.readOnly());
        assertEquals(1, readOnly.count(segment));
        ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class,
                () -> readOnly.append(segment, new dev.segmentlog.core.LogEntry.TurnEnd(1, 1)));
        assertTrue(refused.getMessage().contains("spitest:anything?mode=ro"), refused.getMessage());
        assertThrows(ReadOnlyStoreException.class, () -> readOnly.deleteSession(lastOpenedSession(segment)));
        assertEquals(1, REGISTERED_STORE.count(segment));
    }

    private static dev.segmentlog.core.SessionId lastOpenedSession(dev.segmentlog.core.SegmentId segment) {
        return REGISTERED_STORE.info(segment).sessionId();
    }

    @Test
    void storeUri_modeOtherThanRoOrRw_isRefused() {
        assertThrows(InvalidStoreUriException.class, () -> StoreUri.parse("x:y?mode=readonly").readOnly());
    }
}
