package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** {@code mode=ro}: a store that only reads writes nothing, not even its lock files. */
class JsonlReadOnlyTest {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-read-only").toAbsolutePath();
    private final SessionId session = SessionId.generate();
    private final SegmentId segment = SegmentId.generate();
    private final LogEntry start = fx.plainStart(session);
    /** The entries {@link #writeAStore} writes to {@link #segment} after its start. */
    private final List<LogEntry> written = fx.markers("a", 3);

    private static List<StoredEntry> plain(LogEntry... entries) {
        return StoredEntry.plain(List.of(entries));
    }

    private String readOnlyUri() {
        return "jsonl:" + dir + "?mode=ro";
    }

    /** Every file and directory under {@code root}: its kind, size and modification time. */
    private static Map<String, String> tree(Path root) {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    tree.put(root.relativize(path).toString(), (attributes.isDirectory() ? "dir " : "file ")
                            + attributes.size() + " " + attributes.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    /** A directory a writable store wrote: two segments, a trace, a torn tail, and a batch a dead writer left. */
    private SegmentId writeAStore() throws IOException {
        SegmentId other = SegmentId.generate();
        try (JsonlSegmentStore writer = JsonlSegmentStore.open(dir)) {
            writer.create(segment, plain(start, written.get(0)));
            writer.append(segment, ExpectedCount.exactly(2), StoredEntry.plain(written.subList(1, 3)));
            writer.appendTrace(segment, new TraceEntry(7, RawJson.of("{\"step\":1}")));
            writer.create(other, plain(start));
        }
        Path otherFile = dir.resolve(session.toString()).resolve(other + ".jsonl");
        long before = Files.size(otherFile);
        String batch = CODEC.encodeToString(fx.marker("dead0")) + "\n" + CODEC.encodeToString(fx.marker("dead1")) + "\n";
        DirectoryLocks locks = DirectoryLocks.acquire(dir.toRealPath());
        try {
            locks.withStripe(other, true, stripe -> {
                stripe.begin(new PendingWrite(SegmentFile.inSession(session, other), before,
                        before + batch.length() + 40), false);
                Files.writeString(otherFile, batch, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                return null;
            });
        } finally {
            locks.release();
        }
        Files.writeString(dir.resolve(session.toString()).resolve(segment + ".jsonl"), "{\"kind\":\"run_err",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return other;
    }

    @Test
    void readOnly_readsWhatAWritableStoreWrote_refusesEveryWrite_andLeavesTheDirectoryAsItWas() throws IOException {
        SegmentId other = writeAStore();
        Map<String, String> before = tree(dir);

        try (SegmentStore store = SegmentStores.open(readOnlyUri())) {
            assertEquals(List.of(other, segment), store.listSegments(PageRequest.first(10)).items());
            assertEquals(List.of(session), store.listSessions(PageRequest.first(10)).items());
            assertEquals(List.of(start, written.get(0), written.get(1), written.get(2)), store.readAll(segment));
            assertEquals(4, store.count(segment));
            assertEquals(4, store.info(segment).entryCount());
            assertEquals(List.of(new TraceEntry(7, RawJson.of("{\"step\":1}"))), store.readTrace(segment));
            assertEquals(1, store.count(other), "the unfinished batch of a dead writer does not count");
            assertEquals(List.of(start), store.readAll(other));
            assertTrue(store.headHash(segment).isEmpty());

            List<Executable> writes = List.of(
                    () -> store.create(SegmentId.generate(), plain(start)),
                    () -> store.append(segment, fx.marker("b")),
                    () -> store.append(segment, ExpectedCount.exactly(4), List.of()),
                    () -> store.appendTrace(segment, new TraceEntry(8, RawJson.of("2"))),
                    () -> store.deleteSession(session));
            for (Executable write : writes) {
                ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class, write);
                assertTrue(refused.getMessage().contains(dir.toString()), refused.getMessage());
            }
        }

        assertEquals(before, tree(dir));
    }

    @Test
    void readOnly_onADirectoryNoWriterOpened_createsNoLockPendingOrPointerFile() throws IOException {
        Path sessionDir = Files.createDirectories(dir.resolve(session.toString()));
        LogEntry a = fx.marker("a");
        Files.writeString(sessionDir.resolve(segment + ".jsonl"),
                CODEC.encodeToString(start) + "\n" + CODEC.encodeToString(a) + "\n");
        Map<String, String> before = tree(dir);

        try (SegmentStore store = SegmentStores.open(readOnlyUri())) {
            assertEquals(List.of(segment), store.listSegments(PageRequest.first(10)).items());
            assertEquals(List.of(start, a), store.readAll(segment));
            assertEquals(2, store.info(segment).entryCount());
            assertTrue(store.exists(segment));
            assertFalse(store.exists(SegmentId.generate()));
        }

        assertEquals(before, tree(dir));
        assertFalse(Files.exists(dir.resolve(".lock")));
    }

    @Test
    void readOnly_onAMissingDirectory_failsSayingItDoesNotExist_andCreatesNothing() throws IOException {
        Path missing = dir.resolve("missing").resolve("store");
        Map<String, String> before = tree(dir);

        BackendException e = assertThrows(BackendException.class, () -> SegmentStores.open("jsonl:" + missing + "?mode=ro"));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(BackendException.class, () -> SegmentStores.openReadOnly("jsonl:" + missing));
        assertThrows(BackendException.class, () -> JsonlSegmentStore.openReadOnly(missing));

        assertEquals(before, tree(dir));
    }

    @Test
    void readOnly_onAFile_failsSayingItIsNoDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        BackendException e = assertThrows(BackendException.class, () -> JsonlSegmentStore.openReadOnly(file));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void openReadOnly_throughSegmentStores_opensTheReadOnlyJsonlStore() throws IOException {
        writeAStore();
        Map<String, String> before = tree(dir);

        try (SegmentStore store = SegmentStores.openReadOnly("jsonl:" + dir)) {
            assertEquals(4, store.count(segment));
            assertThrows(ReadOnlyStoreException.class, () -> store.append(segment, fx.marker("b")));
        }
        try (SegmentStore store = SegmentStores.open(readOnlyUri() + "&durability=fsync")) {
            assertTrue(assertInstanceOf(JsonlSegmentStore.class, store).readOnly());
        }

        assertEquals(before, tree(dir));
    }

    @Test
    void readOnly_refusesAWriteAfterTheNullChecks_andBeforeEveryOtherCheck() {
        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir); JsonlSegmentStore readOnly = JsonlSegmentStore.openReadOnly(dir)) {
            store.create(segment, plain(start));

            assertThrows(NullPointerException.class, () -> readOnly.append(segment, ExpectedCount.any(), null));
            assertThrows(ReadOnlyStoreException.class, () -> readOnly.create(segment, plain(fx.marker("not a start"))));
            assertThrows(ReadOnlyStoreException.class, () -> readOnly.append(SegmentId.generate(), fx.marker("a")));
            assertEquals(1, readOnly.count(segment));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readOnly_whileAWriterAppendsBatches_neverSeesPartOfABatch() throws Exception {
        int batches = 400;
        int filler = 1500; // lines long enough for a batch to span pages
        try (JsonlSegmentStore writer = JsonlSegmentStore.open(dir); JsonlSegmentStore reader = JsonlSegmentStore.openReadOnly(dir)) {
            writer.create(segment, plain(start));
            AtomicBoolean done = new AtomicBoolean();
            Thread writing = new Thread(() -> {
                try {
                    for (int i = 0; i < batches; i++) {
                        writer.append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(
                                fx.paddedMarker(i + "a", filler), fx.paddedMarker(i + "b", filler),
                                fx.paddedMarker(i + "c", filler))));
                    }
                } finally {
                    done.set(true);
                }
            });
            writing.start();
            long looks = 0;
            while (!done.get()) {
                long count = reader.count(segment);
                assertEquals(1, count % 3, "a count inside a batch: " + count);
                List<StoredEntry> tail = reader.read(segment, Math.max(1, count - 3), 9);
                assertEquals(0, tail.size() % 3, "a read ending inside a batch");
                looks++;
            }
            writing.join();
            assertEquals(1 + 3L * batches, reader.count(segment));
            assertTrue(looks > 0);
        }
    }
}
