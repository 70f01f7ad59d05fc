package dev.segmentlog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.testing.s3.ConditionalPutProbe;
import dev.segmentlog.testing.s3.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * N child JVMs open a {@code SegmentWriter} on the same segment and append at the same time. At the
 * end every mark of every process is stored exactly once, in the segment its process was told, in its
 * process's order, across the original segment and the auto-forks; every fork starts with a
 * {@code segment_start} of the same session recording {@code forked_from} = {the segment it left, the
 * writer's turn count}; every entry decodes, counts agree with reads, and (JSONL) every line of every
 * file is exactly one codec line: nothing interleaved.
 */
class ConcurrentProcessesTest {
    private static final int PROCESSES = 4;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(120);
    private static S3TestServer s3;
    private static PostgresServer postgres;

    @BeforeAll
    static void noServerYet() {
        s3 = null;
        postgres = null;
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static synchronized String uri(String kind, Path dir) {
        switch (kind) {
            case "jsonl":
                return "jsonl:" + dir;
            case "sqlite":
                return "sqlite:" + dir.resolve("store.db");
            case "postgresql":
                if (postgres == null) {
                    postgres = PostgresServer.start();
                }
                return postgres.freshStoreUri();
            default:
                if (S3Servers.external().isPresent()) {
                    return S3Servers.external().get().uri("concurrent-" + dir.getFileName());
                }
                if (s3 == null) {
                    s3 = S3Servers.start();
                }
                return S3Servers.uri(s3, "concurrent-" + dir.getFileName());
        }
    }

    /**
     * The S3 round proves concurrent writers only on a server whose {@code If-None-Match: *} is atomic, so
     * it first asks the server with raw sockets (20 new keys, a PUT per process released together by its
     * last byte) and fails, loudly, on any key with two 200s.
     */
    private static void requireAtomicConditionalPut(String someUri) throws Exception {
        ConditionalPutProbe.Result probe = S3Servers.external().isPresent()
                ? S3Servers.external().get().probe("probe-" + System.nanoTime(), 20, PROCESSES)
                : ConditionalPutProbe.run(s3.endpoint(), s3.bucket(), "probe-" + System.nanoTime(), 20, PROCESSES, 256);
        Figures.record("ConcurrentProcessesTest[s3 server probe]", probe.toString());
        assertEquals(0, probe.keysWithSeveralWinners(), "THE S3 SERVER'S CONDITIONAL PUT IS NOT ATOMIC (" + probe
                + "): concurrent S3 writers cannot be verified against it (" + someUri.replaceAll(
                        "secret_access_key=[^&]*", "secret_access_key=***") + ")");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jsonl", "sqlite", "postgresql", "s3"})
    void segmentWriters_inSeveralProcesses_keepEveryEntryExactlyOnce(String kind) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Soak.selected(kind), "not selected by -Dreliability.stores");
        int perProcess = "s3".equals(kind) ? 60 : 300;
        if ("s3".equals(kind)) {
            requireAtomicConditionalPut(uri(kind, Work.fresh("probe")));
        }
        Soak.Budget budget = Soak.budget(1, 11);
        long entries = 0;
        long forks = 0;
        while (budget.nextRound()) {
            Path dir = Work.fresh("concurrent-" + kind);
            long[] round = runRound(kind, uri(kind, dir), dir, perProcess, budget.rounds());
            entries += round[0];
            forks += round[1];
        }
        Figures.record("ConcurrentProcessesTest[" + kind + "]", "rounds=" + budget.rounds() + " processes per round="
                + PROCESSES + " (total " + PROCESSES * budget.rounds() + ") marks verified exactly once=" + entries
                + " auto-forks verified=" + forks + " lost=0 duplicated=0");
    }

    /** @return {marks verified, forks verified} */
    private long[] runRound(String kind, String uri, Path dir, int perProcess, int round) throws Exception {
        String context = kind + " concurrency round " + round + " (" + uri.replaceAll("secret_access_key=[^&]*", "secret_access_key=***") + ")";
        SessionId session = SessionId.generate();
        SegmentId origin = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open(uri)) {
            store.create(origin, List.of(StoredEntry.plain(Marks.start(session))));
        }
        Map<Marks.Mark, SegmentId> ackedAt = new HashMap<>();
        Map<SegmentId, LogEntry.SegmentStart> expectedForks = new HashMap<>();
        Map<SegmentId, Integer> forkTurn = new HashMap<>();
        Map<SegmentId, SegmentId> forkParent = new HashMap<>();
        List<Child> children = new ArrayList<>();
        List<String> childLines = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                children.add(Child.start(kind + "-writer-" + round + "-" + p, ConcurrentWriterChild.class,
                        List.of(uri, origin.toString(), "p" + p, Integer.toString(perProcess))));
            }
            for (Child child : children) {
                String ready = child.nextLine(LINE_TIMEOUT);
                assertEquals("ready", ready, context + ": " + child.name() + "\n" + child.stderrTail());
            }
            for (Child child : children) {
                child.send("go");
            }
            for (int p = 0; p < PROCESSES; p++) {
                Child child = children.get(p);
                String line;
                while (!"done".equals(line = child.nextLine(LINE_TIMEOUT))) {
                    if (line == null || line.startsWith("fatal")) {
                        fail(context + ": " + child.name() + " stopped: " + line + "\n" + child.stderrTail());
                    }
                    if (!line.startsWith("ack") || line.startsWith("ack 0 ")) {
                        childLines.add("p" + p + ": " + line);
                    }
                    String[] parts = line.split(" ");
                    if ("ack".equals(parts[0])) {
                        SegmentId to = SegmentId.parse(parts[3]);
                        for (long i = Long.parseLong(parts[1]); i <= Long.parseLong(parts[2]); i++) {
                            assertNull(ackedAt.put(new Marks.Mark("p" + p, i), to), context + ": acked twice");
                        }
                    } else if ("fork".equals(parts[0])) {
                        SegmentId fork = SegmentId.parse(parts[1]);
                        forkParent.put(fork, SegmentId.parse(parts[2]));
                        forkTurn.put(fork, Integer.parseInt(parts[3]));
                    }
                }
                assertTrue(child.waitFor(LINE_TIMEOUT), context + ": " + child.name() + " did not exit");
                assertEquals(0, child.exitValue(), context + ": " + child.name() + "\n" + child.stderrTail());
            }
        } finally {
            children.forEach(Child::close);
        }

        EntryCodec codec = EntryCodec.standard();
        Set<Marks.Mark> seen = new HashSet<>();
        long forks = 0;
        try (SegmentStore store = SegmentStores.open(uri)) {
            List<SegmentId> segments = Page.all((PageRequest<SegmentId> page) -> store.listSegments(session, page),
                    PageRequest.DEFAULT_LIMIT).toList();
            assertTrue(segments.contains(origin), context + ": original segment not listed");
            assertEquals(forkParent.keySet().size() + 1, segments.size(), context + ": segments of the session " + segments
                    + " vs forks reported " + forkParent.keySet());
            for (SegmentId segment : segments) {
                List<LogEntry> entries = store.readAll(segment);
                assertEquals(entries.size(), store.count(segment), context + ": count of " + segment);
                LogEntry.SegmentStart start = assertInstanceOf(LogEntry.SegmentStart.class, entries.get(0),
                        context + ": first entry of " + segment);
                assertEquals(session, start.sessionId(), context + ": session of " + segment);
                if (segment.equals(origin)) {
                    assertNull(start.forkedFrom(), context);
                } else {
                    forks++;
                    assertNotNull(start.forkedFrom(), context + ": fork " + segment + " does not record its origin");
                    assertEquals(forkParent.get(segment), start.forkedFrom().segmentId(), context + ": origin of " + segment);
                    assertEquals(forkTurn.get(segment).intValue(), start.forkedFrom().atTurnIndex(),
                            context + ": at_turn_index of " + segment);
                    assertTrue(segments.contains(start.forkedFrom().segmentId()), context + ": origin outside the session");
                }
                Map<String, Long> lastIndex = new HashMap<>();
                for (int pos = 1; pos < entries.size(); pos++) {
                    LogEntry entry = entries.get(pos);
                    Optional<Marks.Mark> mark = Marks.parse(entry);
                    if (mark.isEmpty()) {
                        assertInstanceOf(LogEntry.TurnEnd.class, entry, context + ": stray entry in " + segment + " at " + pos);
                        continue;
                    }
                    Marks.Mark m = mark.get();
                    assertEquals(Marks.mark(m.writer(), m.index()), entry, context + ": entry content at " + pos);
                    assertTrue(seen.add(m), context + ": DUPLICATE " + m + " in " + segment);
                    assertEquals(ackedAt.get(m), segment, context + ": " + m + " stored in another segment than acked");
                    Long last = lastIndex.put(m.writer(), m.index());
                    assertTrue(last == null || last < m.index(), context + ": " + m + " out of order in " + segment);
                }
                if (kind.equals("jsonl")) {
                    Path file = dir.resolve(session.toString()).resolve(segment + ".jsonl");
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    assertEquals(entries.size(), lines.size(), context + ": lines of " + file);
                    for (int i = 0; i < lines.size(); i++) {
                        assertEquals(codec.encodeToString(entries.get(i)), lines.get(i), context + ": line " + i + " of " + file);
                    }
                }
            }
        }
        Map<Marks.Mark, SegmentId> lost = new java.util.TreeMap<>(java.util.Comparator.comparing(Marks.Mark::writer)
                .thenComparing(Marks.Mark::index));
        ackedAt.forEach((mark, segment) -> {
            if (!seen.contains(mark)) {
                lost.put(mark, segment);
            }
        });
        assertTrue(lost.isEmpty(), context + ": LOST " + lost.size() + " acknowledged marks (mark=segment it was acked in): "
                + lost + "; forks reported (fork=parent): " + forkParent + "; original " + origin
                + "; children's logs: " + String.join(" | ", childLines));
        assertEquals((long) PROCESSES * perProcess, seen.size(), context + ": marks");
        return new long[] {seen.size(), forks};
    }
}
