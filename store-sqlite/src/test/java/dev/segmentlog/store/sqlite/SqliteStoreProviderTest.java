package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreProviderTest {
    private final Fixtures fixtures = new Fixtures();

    @TempDir
    Path dir;

    @Test
    void segmentStoresOpen_withASqliteUri_findsThisProviderThroughTheServiceLoader() {
        Path file = dir.resolve("found.db");
        try (SegmentStore store = SegmentStores.open("sqlite:" + file)) {
            SqliteSegmentStore sqlite = assertInstanceOf(SqliteSegmentStore.class, store);
            assertEquals(file, sqlite.file());
            assertEquals(Durability.NORMAL, sqlite.durability());
        }
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void openDefault_opensSegmentlogDbInTheWorkingDirectoryThroughThisProvider() throws Exception {
        Path expected = Path.of("segmentlog.db").toAbsolutePath();
        Assumptions.assumeFalse(Files.exists(expected), "a segmentlog.db is already in the working directory");
        try (SegmentStore store = SegmentStores.openDefault()) {
            assertEquals(expected, assertInstanceOf(SqliteSegmentStore.class, store).file());
            assertEquals(Durability.NORMAL, ((SqliteSegmentStore) store).durability());
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(expected + suffix));
            }
        }
    }

    @Test
    void installedSchemes_includeSqlite() {
        assertTrue(SegmentStores.installedSchemes().contains("sqlite"), SegmentStores.installedSchemes().toString());
    }

    @Test
    void open_aRelativeLocation_resolvesAgainstTheWorkingDirectory() {
        SqliteSegmentStore store = (SqliteSegmentStore) new SqliteStoreProvider()
                .open(StoreUri.parse("sqlite:./target/provider-test/relative.db"));
        try {
            assertEquals(Path.of("target/provider-test/relative.db").toAbsolutePath().normalize(), store.file());
        } finally {
            store.close();
        }
    }

    @Test
    void open_durabilityFull_setsFullAndAppendsSurviveAReopen() throws Exception {
        Path file = dir.resolve("full.db");
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        List<LogEntry> entries = List.of(fixtures.plainStart(session), fixtures.marker("synced"));
        try (SegmentStore store = SegmentStores.open("sqlite:" + file + "?durability=full")) {
            assertEquals(Durability.FULL, ((SqliteSegmentStore) store).durability());
            store.create(segment, List.of(StoredEntry.plain(entries.get(0))));
            store.append(segment, entries.get(1));
        }
        try (SegmentStore store = SegmentStores.open("sqlite:" + file)) {
            assertEquals(entries, store.readAll(segment));
        }
    }

    @Test
    void durability_mapsToTheSynchronousPragma() {
        assertEquals("NORMAL", Durability.NORMAL.pragmaValue());
        assertEquals("FULL", Durability.FULL.pragmaValue());
    }

    @Test
    void open_anUnknownOption_isRefusedNamingItAndTheKnownOnes() {
        InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("sqlite:" + dir.resolve("x.db") + "?journal=delete"));

        assertTrue(refused.getMessage().contains("journal"), refused.getMessage());
        assertTrue(refused.getMessage().contains("durability"), refused.getMessage());
        assertTrue(refused.getMessage().contains("busy_timeout_ms"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.db")));
    }

    @Test
    void open_aBadDurability_isRefusedNamingTheAllowedValues() {
        InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("sqlite:" + dir.resolve("x.db") + "?durability=paranoid"));

        assertTrue(refused.getMessage().contains("[full, normal]"), refused.getMessage());
    }

    @Test
    void open_aBusyTimeoutThatIsNotANonNegativeNumber_isRefused() {
        for (String value : List.of("soon", "-1", "1.5", "99999999999")) {
            InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class,
                    () -> SegmentStores.open("sqlite:" + dir.resolve("x.db") + "?busy_timeout_ms=" + value));
            assertTrue(refused.getMessage().contains("busy_timeout_ms=" + value), refused.getMessage());
        }
    }

    @Test
    void open_aBusyTimeout_isAccepted() {
        try (SegmentStore store = SegmentStores.open("sqlite:" + dir.resolve("t.db") + "?busy_timeout_ms=250")) {
            assertEquals(List.of(), store.listSegments(PageRequest.first(10)).items());
        }
    }

    @Test
    void open_modeRo_opensTheFileReadOnlyAndSeesWhatWasWritten() {
        Path file = dir.resolve("ro.db");
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        LogEntry start = fixtures.plainStart(session);
        try (SegmentStore store = SegmentStores.open("sqlite:" + file)) {
            store.create(segment, List.of(StoredEntry.plain(start)));
        }

        try (SegmentStore store = SegmentStores.open("sqlite:" + file + "?mode=ro&busy_timeout_ms=250")) {
            assertTrue(assertInstanceOf(SqliteSegmentStore.class, store).readOnly());
            assertEquals(List.of(start), store.readAll(segment));
            assertThrows(ReadOnlyStoreException.class, () -> store.append(segment, fixtures.marker("x")));
        }
        try (SegmentStore store = SegmentStores.open("sqlite:" + file + "?mode=rw")) {
            assertFalse(((SqliteSegmentStore) store).readOnly());
        }
    }

    @Test
    void openReadOnly_aMissingFile_failsSayingSoAndCreatesNeitherTheFileNorItsDirectory() {
        Path file = dir.resolve("missing/agent.db");

        BackendException refused = assertThrows(BackendException.class,
                () -> SegmentStores.openReadOnly("sqlite:" + file));

        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        assertTrue(Files.notExists(file.getParent()));
    }

    @Test
    void open_aBadMode_isRefusedNamingTheAllowedValues() {
        InvalidStoreUriException refused = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("sqlite:" + dir.resolve("x.db") + "?mode=readonly"));

        assertTrue(refused.getMessage().contains("[ro, rw]"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.db")));
    }
}
