package dev.segmentlog.integration.chat.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.integration.chat.testkit.ChatFramework.Conversations;
import dev.segmentlog.integration.chat.testkit.ChatFramework.Window;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two instances of an integration (two processes, in effect) writing one conversation, ann and bob:
 * the later writer of a stale list forks, and no message is lost or interleaved. Extend it with the
 * framework's {@link ChatFramework}.
 *
 * @param <M> the framework's message type
 */
public abstract class TwoWritersContract<M> {
    private final ChatFramework<M> framework;
    private final SegmentStore store = new InMemorySegmentStore();
    private final Conversations<M> ann;
    private final Conversations<M> bob;

    @TempDir
    Path dir;

    /** The contract run on {@code framework}'s integration. */
    protected TwoWritersContract(ChatFramework<M> framework) {
        this.framework = framework;
        this.ann = framework.open(store);
        this.bob = framework.open(store);
    }

    @Test
    void secondWriterOfAStaleList_forks_andBothTurnsStayStored() {
        StaleWrite<M> written = writeStale(ann, bob);

        SegmentId fork = bob.currentSegment("chat").orElseThrow();
        assertNotEquals(written.root(), fork);
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.read(fork, 0, 1).get(0).entry();
        assertEquals(new SegmentOrigin(written.root(), 1), start.forkedFrom());
        assertEquals(written.bobSaved(), ann.read("chat"), "every reader reads the newest segment: bob's fork");
        assertEquals(written.annSaved(), framework.historyOf(store, written.root()),
                "ann's turn 2 stays in the segment bob forked from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void twoStoresOnTheSameFile_writingOneConversation_fork_andKeepBothTurns(String scheme) {
        String uri = scheme + dir.resolve("chat");
        try (SegmentStore first = SegmentStores.open(uri); SegmentStore second = SegmentStores.open(uri)) {
            Conversations<M> annOnFirst = framework.open(first);

            StaleWrite<M> written = writeStale(annOnFirst, framework.open(second));

            assertNotEquals(written.root(), annOnFirst.currentSegment("chat").orElseThrow());
            assertEquals(written.bobSaved(), annOnFirst.read("chat"));
            assertEquals(written.annSaved(), framework.historyOf(first, written.root()),
                    "ann's turn 2 stays in the segment bob forked from");
        }
    }

    @Test
    void writerOfAnOlderBranch_forksFromItsOwnView_andBecomesTheConversation() {
        List<M> annSaved = new ArrayList<>(writeStale(ann, bob).annSaved()); // bob forked
        annSaved.addAll(framework.turn("ann", 3));

        ann.save("chat", annSaved); // ann still writes its own segment, which is no longer the newest

        assertEquals(annSaved, bob.read("chat"));
        assertEquals(3, segments(sessionOf(ann)).size());
    }

    @Test
    void twoWriters_addingTurnsAtOnce_loseNoMessage() throws Exception {
        int turns = 40;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String who : List.of("ann", "bob")) {
                Window<M> memory = (who.equals("ann") ? ann : bob).window("chat", 10);
                done.add(threads.submit((Callable<Void>) () -> {
                    start.await();
                    for (int n = 1; n <= turns; n++) {
                        for (M message : framework.turn(who, n)) {
                            memory.add(List.of(message));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        Set<String> stored = new HashSet<>();
        for (SegmentId segment : segments(sessionOf(ann))) {
            for (HistoryItem item : new SegmentLog(store).restore(segment).history()) {
                if (item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER) {
                    stored.add(message.text());
                }
            }
        }
        for (String who : List.of("ann", "bob")) {
            for (int n = 1; n <= turns; n++) {
                assertTrue(stored.contains(Turn.of(who, n).question()), who + "'s question " + n + " is stored");
            }
        }
    }

    /** The lists ann and bob saved, and the segment both read before saving. */
    private record StaleWrite<M>(SegmentId root, List<M> annSaved, List<M> bobSaved) {}

    /**
     * Ann saves turn 1; ann and bob read it; each adds a turn 2 of their own and saves, ann first,
     * so bob saves a list that is stale.
     */
    private StaleWrite<M> writeStale(Conversations<M> ann, Conversations<M> bob) {
        ann.save("chat", framework.turn("ann", 1));
        SegmentId root = ann.currentSegment("chat").orElseThrow();
        List<M> annSees = new ArrayList<>(ann.read("chat"));
        List<M> bobSees = new ArrayList<>(bob.read("chat"));
        annSees.addAll(framework.turn("ann", 2));
        bobSees.addAll(framework.turn("bob", 2));

        ann.save("chat", annSees);
        bob.save("chat", bobSees);
        return new StaleWrite<>(root, annSees, bobSees);
    }

    private SessionId sessionOf(Conversations<M> conversations) {
        return store.info(conversations.currentSegment("chat").orElseThrow()).sessionId();
    }

    private List<SegmentId> segments(SessionId session) {
        return Page.<SegmentId>all(page -> store.listSegments(session, page), 100).toList();
    }
}
