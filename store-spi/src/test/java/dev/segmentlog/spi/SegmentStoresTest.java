package dev.segmentlog.spi;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentStoresTest {

    /** Registered once for the JVM; its scheme is unique to this test. */
    private static final ListStore REGISTERED_STORE = new ListStore();

    static {
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of("spitest");
            }

            @Override
            public SegmentStore open(StoreUri uri) {
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
}
