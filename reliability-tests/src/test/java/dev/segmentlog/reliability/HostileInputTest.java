package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.UnknownEntryException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed ids, URIs (path traversal in ids and prefixes, bad options), oversize and invalid entries,
 * unknown kinds and corrupt stored data: each gets its precise {@code StoreException} (or, for an id,
 * an {@code IllegalArgumentException} from the parser), and nothing is written or created.
 */
class HostileInputTest {
    private static final AtomicLong REJECTED = new AtomicLong();

    @AfterAll
    static void figures() {
        Figures.record("HostileInputTest", "hostile inputs rejected with a precise error=" + REJECTED.get());
    }

    @Test
    void malformedIds_areRefusedByTheParsers() {
        List<String> hostile = new ArrayList<>(List.of("", " ", "..", "../../etc/passwd", "/etc/passwd",
                "01a1ff2a-30e2-7a75-9c85-ca39782cb576/../x", "../01a1ff2a-30e2-7a75-9c85-ca3978",
                "01a1ff2a-30e2-7a75-9c85-ca39782cb576\n", " 01a1ff2a-30e2-7a75-9c85-ca39782cb576",
                "01a1ff2a30e27a759c85ca39782cb576", "01a1ff2a-30e2-7a75-9c85-ca39782cb5766",
                "01a1ff2a-30e2-7a75-9c85-ca39782cb57g", "%2e%2e%2f%2e%2e", "..\\..\\windows",
                "01a1ff2a-30e2-7a75-9c85-ca39782cb57\u0000", "0-0-0-0-0", "{01a1ff2a-30e2-7a75-9c85-ca39782cb576}"));
        for (String text : hostile) {
            rejected(IllegalArgumentException.class, () -> SegmentId.parse(text), "segment id " + text);
            rejected(IllegalArgumentException.class, () -> SessionId.parse(text), "session id " + text);
        }
        // random strings: refused, or parsed to an id whose text is exactly the input (nothing smuggled)
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        String valid = SegmentId.generate().toString();
        for (int i = 0; i < 3000; i++) {
            char[] chars = valid.toCharArray();
            for (int e = random.nextInt(3); e >= 0; e--) {
                chars[random.nextInt(chars.length)] = "0123456789abcdefABCDEF-/.\\ g%\u0000é".charAt(random.nextInt(29));
            }
            String text = random.nextInt(10) == 0 ? new String(chars) + "/.." : new String(chars);
            try {
                SegmentId id = SegmentId.parse(text);
                // upper-case hex digits are accepted and normalised (UUID text is case-insensitive); nothing else
                assertTrue(text.equalsIgnoreCase(id.toString()), "seed " + seed + ": '" + text + "' was accepted as " + id);
            } catch (IllegalArgumentException refused) {
                REJECTED.incrementAndGet();
            }
        }
    }

    @Test
    void badUris_areRefusedPrecisely_andCreateNothing() {
        Path dir = Work.fresh("uris").resolve("never-created");
        Path file = dir.resolve("store.db");
        List<String> uris = List.of(
                "jsonl:" + dir + "?durability=sometimes",
                "jsonl:" + dir + "?unknown=1",
                "jsonl:" + dir + "?durability=fsync&durability=buffered",
                "jsonl://host" + dir,
                "jsonl:",
                "sqlite:" + file + "?durability=bogus",
                "sqlite:" + file + "?busy_timeout_ms=-5",
                "sqlite:" + file + "?busy_timeout_ms=soon",
                "sqlite:" + file + "?=x",
                "sqlite:" + file + "?journal_mode=off",
                "redis://localhost/0",
                "no-scheme-here",
                ":nothing",
                "s3://bucket/../etc?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://bucket/a/../../b?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://bucket/a/./b?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://bucket/a//b?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://bucket/%2e%2e/x?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://Bad_Bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1",
                "s3://bucket/p?region=us-east-1&endpoint=file:///etc/passwd",
                "s3://bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1&pack_every=1",
                "s3://bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1&timeout=soon",
                "s3://bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1&cache_mb=-1",
                "s3://bucket/p?region=../../x&endpoint=http://127.0.0.1:1",
                "s3://bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1&secret_access_key=hunter2",
                "s3://bucket/p?region=us-east-1&endpoint=http://127.0.0.1:1&access_key_id=a&secret_access_key=hunter2&bogus=1",
                "s3://bucket/p?region=us-east-1&x=%zz",
                "s3:",
                "s3://",
                "postgresql:relative/db",
                "postgresql://127.0.0.1:99999/db",
                "postgresql://agent:hunter2@127.0.0.1:1/db?bogus=1",
                "postgresql://agent:hunter2@127.0.0.1:1/db?pool_size=0",
                "postgresql://agent:hunter2@127.0.0.1:1/db?sslmode=maybe",
                "postgresql://agent:hunter2@127.0.0.1:1/db?schema=../x",
                "postgresql://a,b/db");
        for (String uri : uris) {
            InvalidStoreUriException e = rejected(InvalidStoreUriException.class, () -> SegmentStores.open(uri).close(), uri);
            assertTrue(e.getMessage().startsWith("invalid store URI"), uri + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), uri + ": the message shows the secret: " + e.getMessage());
            assertFalse(Files.exists(dir), uri + ": created " + dir + " although the URI was refused");
        }
        InvalidStoreUriException unknown = assertThrows(InvalidStoreUriException.class, () -> SegmentStores.open("redis://x"));
        assertTrue(unknown.getMessage().contains("[jsonl, postgresql, s3, sqlite]"), unknown.getMessage());

        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        String alphabet = "abcs3jsonlqite:/?&=%.-_0123456789é \u0000#@";
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(30); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                StoreUri.parse(text.toString());
            } catch (InvalidStoreUriException refused) {
                REJECTED.incrementAndGet();
            } catch (RuntimeException other) {
                fail("seed " + seed + ": StoreUri.parse('" + text + "') threw " + other, other);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "sqlite"})
    void oversizeAndInvalidEntries_areRefused_andWriteNothing(String kind) throws Exception {
        Path dir = Work.fresh("refused-" + kind);
        String uri = "jsonl".equals(kind) ? "jsonl:" + dir : "sqlite:" + dir.resolve("store.db");
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        LogEntry ok = Marks.mark("ok", 0);
        LogEntry oversize = new LogEntry.RunErrored(2, false, "x".repeat((16 << 20) + 1));
        LogEntry notJson = new LogEntry.Extension(3, "d", new RawJson("{\"a\":"));
        LogEntry duplicateKeys = new LogEntry.Extension(3, "d", new RawJson("{\"a\":1,\"a\":2}"));
        LogEntry tooDeep = new LogEntry.Extension(4, "d", new RawJson("[".repeat(300) + "]".repeat(300)));
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(segment, StoredEntry.plain(List.of(Marks.start(session), ok)));
            Supplier<byte[]> bytes = () -> "jsonl".equals(kind) ? read(dir.resolve(session.toString()).resolve(segment + ".jsonl")) : new byte[0];
            List<LogEntry> before = store.readAll(segment);
            byte[] fileBefore = bytes.get();
            for (LogEntry bad : List.of(oversize, notJson, duplicateKeys, tooDeep)) {
                rejected(InvalidEntryException.class, () -> store.append(segment, bad), kind + " append " + bad.kind());
                List<StoredEntry> batch = StoredEntry.plain(List.of(ok, bad));
                rejected(InvalidEntryException.class, () -> store.append(segment, ExpectedCount.any(), batch), kind + " batch");
                rejected(InvalidEntryException.class,
                        () -> store.append(segment, ExpectedCount.exactly(before.size()), batch), kind + " conditional batch");
                SegmentId other = SegmentId.generate();
                rejected(InvalidEntryException.class,
                        () -> store.create(other, StoredEntry.plain(List.of(Marks.start(session), bad))), kind + " create");
                assertFalse(store.exists(other), kind + ": a refused create left a segment");
            }
            assertEquals(before, store.readAll(segment), kind + ": a refused entry changed the segment");
            assertEquals(before.size(), store.count(segment), kind);
            assertArrayEquals(fileBefore, bytes.get(), kind + ": a refused entry changed the file");
            store.append(segment, Marks.mark("ok", 1));
            assertEquals(before.size() + 1, store.count(segment), kind + ": the store still appends");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "sqlite"})
    void malformedEntryInStoredData_isCorruptDataWithItsPosition(String kind) throws Exception {
        Path dir = Work.fresh("malformed-" + kind);
        String uri = "jsonl".equals(kind) ? "jsonl:" + dir : "sqlite:" + dir.resolve("store.db");
        SegmentId segment = plantAtPosition1(kind, dir, uri, "{\"kind\":\"turn_end\",\"ts\":5,\"turn_count\":\"two\"}");
        try (SegmentStore store = SegmentStores.open(uri)) {
            CorruptDataException e = rejected(CorruptDataException.class, () -> store.readAll(segment), kind + " readAll");
            assertEquals(1, e.position(), kind + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("turn_count"), kind + ": the field is not named: " + e.getMessage());
            assertEquals(List.of(Marks.mark("ok", 1)), StoredEntry.entries(store.read(segment, 2, 10)),
                    kind + ": a tail read past the bad entry");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "sqlite"})
    void unknownKindInStoredData_isKeptAsRead_andReplayStopsAtItsPosition(String kind) throws Exception {
        Path dir = Work.fresh("unknown-kind-" + kind);
        String uri = "jsonl".equals(kind) ? "jsonl:" + dir : "sqlite:" + dir.resolve("store.db");
        SegmentId segment = plantAtPosition1(kind, dir, uri, "{\"kind\":\"bogus_future_kind\",\"ts\":5}");
        try (SegmentStore store = SegmentStores.open(uri)) {
            List<LogEntry> entries = store.readAll(segment);
            assertEquals(3, entries.size(), kind);
            LogEntry.Unknown unknown = assertInstanceOf(LogEntry.Unknown.class, entries.get(1), kind);
            assertEquals("bogus_future_kind", unknown.wireKind(), kind);
            UnknownEntryException e = rejected(UnknownEntryException.class, () -> Replay.replay(entries), kind + " replay");
            assertEquals(1, e.position(), kind + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("bogus_future_kind"), kind + ": the kind is not named: " + e.getMessage());
        }
    }

    /** A segment of a start and two marks whose stored entry at position 1 is replaced by {@code line}. */
    private static SegmentId plantAtPosition1(String kind, Path dir, String uri, String line) throws Exception {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(segment,
                    StoredEntry.plain(List.of(Marks.start(session), Marks.mark("ok", 0), Marks.mark("ok", 1))));
        }
        if ("jsonl".equals(kind)) {
            Path file = dir.resolve(session.toString()).resolve(segment + ".jsonl");
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            lines.set(1, line);
            Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
                 PreparedStatement update = c.prepareStatement("UPDATE entries SET json = ? WHERE segment_key = (SELECT segment_key FROM segments WHERE segment_id = ?) AND seq = 1")) {
                update.setString(1, line);
                update.setString(2, segment.toString());
                assertEquals(1, update.executeUpdate(), "planted the row");
            }
        }
        return segment;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T extends Throwable> T rejected(Class<T> type, Executable call, String what) {
        T e = assertThrows(type, call, what);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": no message");
        REJECTED.incrementAndGet();
        return e;
    }
}
