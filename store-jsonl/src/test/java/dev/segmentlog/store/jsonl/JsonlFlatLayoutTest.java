package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The flat layout of the original runtime before it had sessions (its commit 22f5d023): every
 * segment {@code DIR/{segment}.jsonl}, its trace {@code DIR/{segment}.trace.jsonl}, and a
 * {@code segment_start} without {@code session_id}, so each segment is its own session.
 */
class JsonlFlatLayoutTest {
    /** {@code RequestConfig::default()} as serde writes it. */
    private static final String CONFIG = "{\"max_tokens\":null,\"temperature\":null,\"top_p\":null,\"top_k\":null,"
            + "\"stop_sequences\":[],\"reasoning\":null}";

    private final Fixtures fx = new Fixtures();
    private final Path dir = TestDirectories.fresh("jsonl-flat").toAbsolutePath();
    private final SegmentId root = SegmentId.generate();
    private final SegmentId fork = SegmentId.generate();
    private final SessionId rootSession = SessionId.ofLegacySegment(root);

    /** Two segments, the second a fork of the first at turn 1, and a trace, as that version writes them. */
    private void writeFlatStore() throws IOException {
        Files.writeString(dir.resolve(root + ".jsonl"),
                "{\"kind\":\"segment_start\",\"ts\":1000,\"system_prompt\":\"You are helpful.\",\"config\":" + CONFIG
                        + ",\"history\":[]}\n"
                        + "{\"kind\":\"turn_end\",\"ts\":1001,\"turn_count\":1}\n"
                        + "{\"kind\":\"run_errored\",\"ts\":1002,\"interrupted\":false,\"message\":\"boom\"}\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(fork + ".jsonl"),
                "{\"kind\":\"segment_start\",\"ts\":2000,\"system_prompt\":null,\"config\":" + CONFIG
                        + ",\"history\":[],\"forked_from\":{\"segment_id\":\"" + root + "\",\"at_turn_index\":1}}\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(root + ".trace.jsonl"),
                "{\"ts\":1001,\"turn\":0,\"event\":{\"text_delta\":\"hi\"}}\n", StandardCharsets.UTF_8);
    }

    private static List<StoredEntry> plain(LogEntry entry) {
        return List.of(StoredEntry.plain(entry));
    }

    private static Map<String, String> tree(Path root) {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    tree.put(root.relativize(path).toString(), attributes.size() + " " + attributes.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    @Test
    void flatLayout_isListedReadAndCountedInPlace_writingNothingWhenReadOnly() throws IOException {
        writeFlatStore();
        Map<String, String> before = tree(dir);

        try (SegmentStore store = SegmentStores.openReadOnly("jsonl:" + dir)) {
            assertEquals(List.of(fork, root), store.listSegments(PageRequest.first(10)).items());
            assertEquals(List.of(SessionId.ofLegacySegment(fork), rootSession), store.listSessions(PageRequest.first(10)).items());
            assertEquals(List.of(root), store.listSegments(rootSession, PageRequest.first(10)).items());
            SegmentInfo info = store.info(root);
            assertEquals(rootSession, info.sessionId());
            assertEquals(3, info.entryCount());
            assertEquals(1002, info.lastEntryTs());
            assertEquals(root, store.info(fork).forkedFrom().segmentId());
            assertEquals(SessionId.ofLegacySegment(fork), store.info(fork).sessionId());
            assertEquals(3, store.readAll(root).size());
            assertEquals(new LogEntry.TurnEnd(1001, 1), store.read(root, 1, 1).get(0).entry());
            assertEquals(1, store.readTrace(root).size());
            assertTrue(store.exists(fork));
        }

        assertEquals(before, tree(dir));
    }

    @Test
    void append_toAFlatSegment_writesInPlace() throws IOException {
        writeFlatStore();

        List<LogEntry> batch = fx.markers("b", 2);
        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            store.append(root, ExpectedCount.exactly(3), plain(fx.marker("a")));
            store.append(root, ExpectedCount.exactly(4), StoredEntry.plain(batch));
            assertEquals(6, store.count(root));
        }

        assertFalse(Files.exists(dir.resolve(rootSession.toString())), "no session directory is made for it");
        List<String> lines = Files.readAllLines(dir.resolve(root + ".jsonl"), StandardCharsets.UTF_8);
        assertEquals(6, lines.size());
        assertEquals(EntryCodec.standard().encodeToString(batch.get(1)), lines.get(5));
        try (JsonlSegmentStore fresh = JsonlSegmentStore.open(dir)) {
            assertEquals(6, fresh.readAll(root).size());
        }
    }

    @Test
    void aBatchADeadWriterLeftInAFlatSegment_isNotCounted_andTheNextAppendCutsItBack() throws IOException {
        writeFlatStore();
        Path file = dir.resolve(root + ".jsonl");
        long size = Files.size(file);
        String batch = EntryCodec.standard().encodeToString(fx.marker("dead")) + "\n";
        DirectoryLocks locks = DirectoryLocks.acquire(dir.toRealPath());
        try {
            locks.withStripe(root, true, stripe -> {
                stripe.begin(new PendingWrite(SegmentFile.flat(root), size, size + 2L * batch.length()), false);
                Files.writeString(file, batch, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                return null;
            });
        } finally {
            locks.release();
        }

        try (JsonlSegmentStore readOnly = JsonlSegmentStore.openReadOnly(dir)) {
            assertEquals(3, readOnly.count(root));
        }
        LogEntry a = fx.marker("a");
        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            assertEquals(3, store.count(root));
            store.append(root, a);
            assertEquals(4, store.count(root));
        }
        assertEquals(size + EntryCodec.standard().encode(a).length + 1, Files.size(file));
    }

    @Test
    void create_ofAForkOfAFlatSegment_writesTheSessionLayout_andTheSessionListsBoth() throws IOException {
        writeFlatStore();
        SegmentId newFork = SegmentId.generate();

        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            store.create(newFork, plain(new LogEntry.SegmentStart(fx.tick(), rootSession, null, RequestConfig.DEFAULT,
                    List.of(), new SegmentOrigin(root, 0), null)));

            assertTrue(Files.exists(dir.resolve(rootSession.toString()).resolve(newFork + ".jsonl")));
            assertEquals(List.of(newFork, root), store.listSegments(rootSession, PageRequest.first(10)).items());
            assertEquals(List.of(newFork, fork, root), store.listSegments(PageRequest.first(10)).items());
            assertEquals(List.of(SessionId.ofLegacySegment(fork), rootSession), store.listSessions(PageRequest.first(10)).items());
        }
    }

    @Test
    void create_ofAnIdAFlatFileHolds_failsAndLeavesItAsItWas() throws IOException {
        writeFlatStore();
        String before = Files.readString(dir.resolve(root + ".jsonl"));

        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            assertThrows(SegmentAlreadyExistsException.class, () -> store.create(root, plain(fx.plainStart(rootSession))));
        }
        assertEquals(before, Files.readString(dir.resolve(root + ".jsonl")));
    }

    @Test
    void deleteSession_ofAFlatSegmentsSession_deletesItAndItsTrace() throws IOException {
        writeFlatStore();

        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            assertEquals(1, store.deleteSession(rootSession));

            assertFalse(store.exists(root));
            assertEquals(List.of(fork), store.listSegments(PageRequest.first(10)).items());
        }
        assertFalse(Files.exists(dir.resolve(root + ".jsonl")));
        assertFalse(Files.exists(dir.resolve(root + ".trace.jsonl")));
    }
}
