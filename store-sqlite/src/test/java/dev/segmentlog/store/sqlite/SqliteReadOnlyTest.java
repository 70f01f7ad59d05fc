package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteSegmentStore#openReadOnly}: reads a store and writes nothing, not even to a file beside it. */
class SqliteReadOnlyTest {
    private final Fixtures fixtures = new Fixtures();

    private static final Predicate<Path> NOTHING_WRITABLE = path -> false;

    @TempDir
    Path dir;

    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();
    private final List<LogEntry> written = List.of(fixtures.plainStart(session), fixtures.marker("one"),
            fixtures.marker("two"));

    /** A store file holding one segment of three entries and a trace entry, every connection closed. */
    private Path store() {
        Path file = dir.resolve("agent.db");
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, StoredEntry.plain(written.subList(0, 2)));
            store.append(segment, written.get(2));
            store.appendTrace(segment, new TraceEntry(4_000, RawJson.of("{\"event\":\"x\"}")));
        }
        return file;
    }

    private List<LogEntry> written() {
        return written;
    }

    private List<Path> filesInDir() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void openReadOnly_readsWhatWasCommitted() {
        Path file = store();

        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file)) {
            assertTrue(store.readOnly());
            assertEquals(written(), store.readAll(segment));
            assertEquals(3, store.count(segment));
            assertEquals(written.get(2).ts(), store.info(segment).lastEntryTs());
            assertEquals(List.of(segment), store.listSegments(PageRequest.first(10)).items());
            assertEquals(List.of(session), store.listSessions(PageRequest.first(10)).items());
            assertEquals(1, store.readTrace(segment).size());
        }
    }

    @Test
    void everyWrite_onAReadOnlyStore_isRefusedAndWritesNothing() throws Exception {
        Path file = store();
        byte[] before = Files.readAllBytes(file);

        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file)) {
            List<Executable> writes = List.of(
                    () -> store.create(SegmentId.generate(), List.of(StoredEntry.plain(fixtures.plainStart(session)))),
                    () -> store.append(segment, fixtures.marker("three")),
                    () -> store.append(segment, ExpectedCount.exactly(3), List.of()),
                    () -> store.deleteSession(session),
                    () -> store.appendTrace(segment, new TraceEntry(5_000, RawJson.of("{}"))));
            for (Executable write : writes) {
                ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class, write);
                assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
            }
            assertEquals(written(), store.readAll(segment));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aReadOnlySession_leavesTheFileByteForByteAsItWas() throws Exception {
        Path file = store();
        byte[] before = Files.readAllBytes(file);

        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file)) {
            store.readAll(segment);
        }

        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aReadOnlyStore_whileAnotherStoreWrites_seesEachCommitOnceItIsCommitted() {
        Path file = store();
        try (SqliteSegmentStore writer = SqliteSegmentStore.open(file);
             SqliteSegmentStore reader = SqliteSegmentStore.openReadOnly(file)) {
            assertEquals(3, reader.count(segment));

            writer.append(segment, fixtures.marker("three"));

            assertEquals(4, reader.count(segment));
            assertEquals("three", Fixtures.labelOf(reader.read(segment, 3, 10).get(0).entry()));
        }
    }

    @Test
    void openReadOnly_aMissingFile_failsSayingSoAndCreatesNothing() throws Exception {
        Path file = dir.resolve("absent/agent.db");

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.openReadOnly(file));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void openReadOnly_aZeroByteFile_isRefusedWithoutCreatingASchema() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.openReadOnly(file));

        assertTrue(refused.getMessage().contains("holds no segmentlog store"), refused.getMessage());
        assertEquals(0, Files.size(file));
        assertEquals(List.of(file), filesInDir());
    }

    @Test
    void openReadOnly_anotherApplicationsDatabase_isRefusedUnchanged() throws Exception {
        Path file = dir.resolve("notes.db");
        Sqlite.execute(file, "CREATE TABLE notes (text TEXT)");
        byte[] before = Files.readAllBytes(file);

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.openReadOnly(file));

        assertTrue(refused.getMessage().contains("not a segmentlog store"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), filesInDir());
    }

    @Test
    void openReadOnly_aFileOfAnOlderSchema_isRefusedAndNotMigrated() throws Exception {
        Path file = store();
        Sqlite.execute(file, "PRAGMA user_version = 1");

        BackendException refused = assertThrows(BackendException.class, () -> SqliteSegmentStore.openReadOnly(file));

        assertTrue(refused.getMessage().contains("schema version 1, older"), refused.getMessage());
        assertEquals(1, Sqlite.queryLong(file, "PRAGMA user_version"));
    }

    @Test
    void openReadOnly_whereNothingIsWritable_readsImmutableAndCreatesNoWalOrShm() throws Exception {
        Path file = store();
        byte[] before = Files.readAllBytes(file);

        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file, Duration.ofSeconds(1), NOTHING_WRITABLE)) {
            assertTrue(store.toString().contains("immutable"), store.toString());
            assertEquals(written(), store.readAll(segment));
            assertEquals(List.of(file), filesInDir());
            assertThrows(ReadOnlyStoreException.class, () -> store.append(segment, fixtures.marker("three")));
        }

        assertEquals(List.of(file), filesInDir());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void openReadOnly_ofAStoreMadeReadOnlyByChmod_readsItAndChangesNothing() throws Exception {
        Path file = store();
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file)) {
            // As root the permission bits are ignored and this is a shared read; as any other user, immutable.
            assertEquals(written(), store.readAll(segment));
            assertThrows(ReadOnlyStoreException.class, () -> store.deleteSession(session));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }

        assertArrayEquals(before, Files.readAllBytes(file));
    }

    /**
     * The real thing: a read-only bind mount, made in a user and mount namespace of a child process
     * ({@code unshare -rm}, no privileges needed where the kernel allows user namespaces).
     */
    @Test
    void openReadOnly_onAReadOnlyMount_readsImmutableAndWritesNothing() throws Exception {
        Assumptions.assumeTrue(canUnshare(), "needs unprivileged user and mount namespaces (unshare -rm)");
        Path file = store();
        byte[] before = Files.readAllBytes(file);
        Path childErr = Files.createTempFile("read-only-child", ".err");
        try {
            Process child = new ProcessBuilder("unshare", "-rm", "sh", "-c",
                    "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" -cp \"$3\" \"$4\" \"$5\" \"$6\"",
                    "sh", dir.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("java.class.path"), ReadingChild.class.getName(), file.toString(),
                    segment.toString())
                    .redirectError(childErr.toFile())
                    .start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish in time");
            assertEquals(0, child.exitValue(), () -> out + stderr(childErr));

            assertEquals(List.of("SqliteSegmentStore[sqlite:" + file + ", read-only, immutable]", "count 3",
                    "append refused: ReadOnlyStoreException"), out.lines().toList());
        } finally {
            Files.deleteIfExists(childErr);
        }
        assertEquals(List.of(file), filesInDir());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private static String stderr(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    private static boolean canUnshare() {
        try {
            Process probe = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- choosing how to read: SQLite needs a -wal and a -shm file beside a WAL file, or immutable=1

    @Test
    void forReading_aFileInAWritableDirectory_sharesWalLockingEvenIfTheFileIsNotWritable() throws Exception {
        Path file = Files.createFile(dir.resolve("a.db"));

        assertEquals(Access.READ_ONLY, Access.forReading(file, path -> path.equals(dir)));
    }

    @Test
    void forReading_aFileAloneInADirectoryThatIsNotWritable_isImmutable() throws Exception {
        Path file = Files.createFile(dir.resolve("a.db"));

        assertEquals(Access.IMMUTABLE, Access.forReading(file, NOTHING_WRITABLE));
    }

    @Test
    void forReading_aDirectoryThatIsNotWritableButHoldsTheWalAndShm_sharesWalLocking() throws Exception {
        Path file = Files.createFile(dir.resolve("a.db"));
        Files.write(dir.resolve("a.db-wal"), new byte[100]);
        Files.createFile(dir.resolve("a.db-shm"));

        assertEquals(Access.READ_ONLY, Access.forReading(file, NOTHING_WRITABLE));
    }

    @Test
    void forReading_anEmptyWalWithoutShmInADirectoryThatIsNotWritable_isImmutable() throws Exception {
        Path file = Files.createFile(dir.resolve("a.db"));
        Files.createFile(dir.resolve("a.db-wal"));

        assertEquals(Access.IMMUTABLE, Access.forReading(file, NOTHING_WRITABLE));
    }

    @Test
    void forReading_aWalHoldingFramesWithoutShmInADirectoryThatIsNotWritable_isRefusedNamingTheWal() throws Exception {
        Path file = Files.createFile(dir.resolve("a.db"));
        Path wal = Files.write(dir.resolve("a.db-wal"), new byte[100]);

        BackendException refused = assertThrows(BackendException.class,
                () -> Access.forReading(file, NOTHING_WRITABLE));

        assertTrue(refused.getMessage().contains(wal.toString()), refused.getMessage());
    }

    @Test
    void immutableUrl_percentEncodesThePath() {
        Path file = dir.resolve("a b#%c.db");

        assertTrue(Access.IMMUTABLE.url(file).endsWith("/a%20b%23%25c.db?immutable=1"), Access.IMMUTABLE.url(file));
    }

    @Test
    void openReadOnly_immutable_readsAFileWhosePathNeedsEncoding() {
        Path file = dir.resolve("a b#%c.db");
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(session))));
        }

        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(file, Duration.ofSeconds(1), NOTHING_WRITABLE)) {
            assertEquals(1, store.count(segment));
        }
    }
}
