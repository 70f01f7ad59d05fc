package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands read pages, not whole stores or segments: proven by counting what they ask of a
 * {@link CountingStore}, not by timing them.
 */
class PagedCommandsTest {
    private static final int SESSIONS = 10_000;
    private static final int LONG_SEGMENT = 10_000;
    private static final String MANY_SESSIONS = "cli-many-sessions-" + UUID.randomUUID();

    /** The sessions of {@link #MANY_SESSIONS}, newest first. */
    private static List<SessionId> sessions;

    @BeforeAll
    static void fill() {
        CountingStore.register();
        List<SessionId> created = new ArrayList<>();
        try (SegmentStore store = SegmentStores.open("mem:" + MANY_SESSIONS)) {
            SegmentLog log = new SegmentLog(store);
            for (int i = 0; i < SESSIONS; i++) {
                SegmentId segment = log.create(new StartState(null, RequestConfig.DEFAULT, List.of()));
                created.add(store.info(segment).sessionId());
            }
        }
        created.sort(Collections.reverseOrder());
        sessions = created;
    }

    private static String counted(String name) {
        return CountingStore.SCHEME + ":" + name;
    }

    /** A new store holding one segment of {@link #LONG_SEGMENT} entries: a start, then turn ends 1, 2, … */
    private static SegmentId longSegment(String name) {
        SegmentId segment = SegmentId.generate();
        try (SegmentStore store = SegmentStores.open("mem:" + name)) {
            store.create(segment, StoredEntry.plain(longEntries()));
        }
        return segment;
    }

    private static List<LogEntry> longEntries() {
        List<LogEntry> entries = new ArrayList<>();
        entries.add(new LogEntry.SegmentStart(1, SessionId.generate(), null, RequestConfig.DEFAULT, List.of(), null, null));
        for (int turn = 1; turn < LONG_SEGMENT; turn++) {
            entries.add(new LogEntry.TurnEnd(1 + turn, turn));
        }
        return entries;
    }

    @Test
    void lsLimit10_onAStoreOf10000Sessions_asksForOnePageOf10_andReadsOnlyThoseSessions() {
        Cli.Result ls = Cli.run("ls", "--limit", "10", "--store", counted(MANY_SESSIONS));

        assertEquals(0, ls.exitCode(), ls::toString);
        List<String> lines = ls.outLines();
        assertEquals(11, lines.size(), ls::toString);
        for (int i = 0; i < 10; i++) {
            assertTrue(lines.get(i + 1).startsWith(sessions.get(i) + " "), ls::toString);
        }
        CountingStore store = CountingStore.last();
        assertEquals(List.of(PageRequest.<SessionId>first(10)), store.sessionPages, "session pages requested");
        assertEquals(10, store.sessionSegmentPages.get(), "one segment listing per session shown");
        assertEquals(10, store.infos.get(), "one info per segment of the sessions shown");
        assertEquals(0, store.reads.get(), "no entry is read");
        assertEquals(List.of(), store.segmentPages, "the store-wide segment listing is not walked");
    }

    @Test
    void ls_withoutLimit_walksEveryPageOfTheListing() {
        Cli.Result ls = Cli.run("ls", "--store", counted(MANY_SESSIONS));

        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals(SESSIONS + 1, ls.outLines().size());
        assertTrue(ls.outLines().get(SESSIONS).startsWith(sessions.get(SESSIONS - 1) + " "));
        CountingStore store = CountingStore.last();
        assertEquals(SESSIONS / PageRequest.DEFAULT_LIMIT, store.sessionPages.size(), store.sessionPages::toString);
        assertTrue(store.sessionPages.stream().allMatch(page -> page.limit() == PageRequest.DEFAULT_LIMIT));
        assertEquals(SESSIONS, store.infos.get());
    }

    @Test
    void lsSegmentsLimit3_asksForOnePageOf3() {
        Cli.Result ls = Cli.run("ls", "--segments", "--limit", "3", "--store", counted(MANY_SESSIONS));

        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals(4, ls.outLines().size(), ls::toString);
        CountingStore store = CountingStore.last();
        assertEquals(List.of(PageRequest.<SegmentId>first(3)), store.segmentPages);
        assertEquals(3, store.infos.get());
    }

    @Test
    void lsLimit_belowOne_isRefused() {
        Cli.Result ls = Cli.run("ls", "--limit", "0", "--store", counted(MANY_SESSIONS));

        assertEquals(1, ls.exitCode(), ls::toString);
        assertEquals(List.of("segmentlog ls: --limit must be at least 1, not 0 (see 'segmentlog ls --help')"),
                ls.errLines());
    }

    @Test
    void verifyAll_walksTheSegmentListingAPageAtATime() {
        Cli.Result verify = Cli.run("verify", "--all", "--store", counted(MANY_SESSIONS));

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified " + SESSIONS + " segments, " + SESSIONS + " entries: all ok\n"),
                verify::toString);
        CountingStore store = CountingStore.last();
        assertEquals(SESSIONS / PageRequest.DEFAULT_LIMIT, store.segmentPages.size());
        assertTrue(store.segmentPages.stream().allMatch(page -> page.limit() == PageRequest.DEFAULT_LIMIT));
    }

    @Test
    void show_ofALongSegment_printsEveryEntry_readingItAPageAtATime() {
        String name = "cli-show-" + UUID.randomUUID();
        SegmentId segment = longSegment(name);

        Cli.Result show = Cli.run("show", segment.toString(), "--store", counted(name));

        assertEquals(0, show.exitCode(), show::toString);
        List<String> lines = show.outLines();
        assertEquals(LONG_SEGMENT, lines.size());
        for (int i = 0; i < LONG_SEGMENT; i += 997) {
            assertTrue(lines.get(i).matches("\\s*" + i + "  .*"), lines.get(i));
        }
        int pages = (LONG_SEGMENT + SegmentPages.LIMIT - 1) / SegmentPages.LIMIT;
        assertEquals(1 + pages, CountingStore.last().reads.get(), "the start (is it chained?), then each page");
    }

    @Test
    void replayAtTurn1_ofALongSegment_readsOnlyTheFirstPage() {
        String name = "cli-replay-" + UUID.randomUUID();
        SegmentId segment = longSegment(name);

        Cli.Result replay = Cli.run("replay", segment.toString(), "--json", "--at-turn", "1", "--store", counted(name));

        assertEquals(0, replay.exitCode(), replay::toString);
        assertTrue(replay.out().contains("\"turn_count\":1"), replay::toString);
        assertTrue(replay.out().contains("\"entries_count\":2"), replay::toString);
        assertEquals(1, CountingStore.last().reads.get());
    }

    @Test
    void copy_ofALongSegment_writesAndReadsItBackPageByPage() {
        String from = "cli-copy-from-" + UUID.randomUUID();
        String to = "cli-copy-to-" + UUID.randomUUID();
        SegmentId segment = longSegment(from);

        Cli.Result copy = Cli.run("copy", "--from", counted(from), "--to", "mem:" + to);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertTrue(copy.out().endsWith(": 1 copied, 0 completed, 0 already present, 0 failed; " + LONG_SEGMENT
                + " entries verified by read-back\n"), copy::toString);
        int pages = (LONG_SEGMENT + SegmentPages.LIMIT - 1) / SegmentPages.LIMIT;
        assertEquals(pages, CountingStore.last().reads.get(), "each source page is read once");
        try (SegmentStore target = SegmentStores.open("mem:" + to)) {
            assertEquals(longEntriesOf(from, segment), target.readAll(segment));
        }
    }

    @Test
    void copy_intoATargetHoldingAPrefixThatEndsMidPage_completesIt() {
        String from = "cli-complete-from-" + UUID.randomUUID();
        String to = "cli-complete-to-" + UUID.randomUUID();
        SegmentId segment = longSegment(from);
        List<StoredEntry> source = StoredEntry.plain(longEntriesOf(from, segment));
        int held = SegmentPages.LIMIT + 17;
        try (SegmentStore target = SegmentStores.open("mem:" + to)) {
            target.create(segment, source.subList(0, 1));
            target.append(segment, ExpectedCount.exactly(1), source.subList(1, held));
        }

        Cli.Result copy = Cli.run("copy", "--from", counted(from), "--to", "mem:" + to);

        assertEquals(0, copy.exitCode(), copy::toString);
        assertTrue(copy.out().contains(": 0 copied, 1 completed, 0 already present, 0 failed"), copy::toString);
        try (SegmentStore target = SegmentStores.open("mem:" + to)) {
            assertEquals(StoredEntry.entries(source), target.readAll(segment));
        }
    }

    private static List<LogEntry> longEntriesOf(String name, SegmentId segment) {
        try (SegmentStore store = SegmentStores.open("mem:" + name)) {
            return store.readAll(segment);
        }
    }
}
