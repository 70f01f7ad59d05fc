package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
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
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;

/** Two chat memory stores (two processes, in effect) writing one conversation: a fork, never a lost or interleaved message. */
class TwoWritersTest {
    private final SegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryStore ann = SegmentlogChatMemoryStore.of(store);
    private final SegmentlogChatMemoryStore bob = SegmentlogChatMemoryStore.of(store);

    @Test
    void secondWriterOfAStaleList_forks_andBothTurnsStayStored() {
        ann.updateMessages("chat", Chats.turn("ann", 1));
        SegmentId root = ann.currentSegment("chat").orElseThrow();
        List<ChatMessage> annSees = new ArrayList<>(ann.getMessages("chat"));
        List<ChatMessage> bobSees = new ArrayList<>(bob.getMessages("chat"));
        annSees.addAll(Chats.turn("ann", 2));
        bobSees.addAll(Chats.turn("bob", 2));

        ann.updateMessages("chat", annSees);
        bob.updateMessages("chat", bobSees);

        SegmentId fork = bob.currentSegment("chat").orElseThrow();
        assertNotEquals(root, fork);
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.read(fork, 0, 1).get(0).entry();
        assertEquals(new SegmentOrigin(root, 1), start.forkedFrom());
        assertEquals(bobSees, ann.getMessages("chat"), "every reader reads the newest segment: bob's fork");
        assertEquals(annSees, historyOf(root), "ann's turn 2 stays in the segment bob forked from");
    }

    @Test
    void writerOfAnOlderBranch_forksFromItsOwnView_andBecomesTheConversation() {
        ann.updateMessages("chat", Chats.turn("ann", 1));
        List<ChatMessage> annSees = new ArrayList<>(ann.getMessages("chat"));
        List<ChatMessage> bobSees = new ArrayList<>(bob.getMessages("chat"));
        annSees.addAll(Chats.turn("ann", 2));
        bobSees.addAll(Chats.turn("bob", 2));
        ann.updateMessages("chat", annSees);
        bob.updateMessages("chat", bobSees); // bob forks
        annSees.addAll(Chats.turn("ann", 3));

        ann.updateMessages("chat", annSees); // ann still writes its own segment, which is no longer the newest

        assertEquals(annSees, bob.getMessages("chat"));
        assertEquals(3, segments(sessionOf(ann)).size());
    }

    @Test
    void twoStores_addingTurnsAtOnce_loseNoMessage() throws Exception {
        int turns = 40;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SegmentlogChatMemoryStore memories : List.of(ann, bob)) {
                String who = memories == ann ? "ann" : "bob";
                ChatMemory memory = MessageWindowChatMemory.builder().id("chat").maxMessages(10).chatMemoryStore(memories).build();
                done.add(threads.submit((Callable<Void>) () -> {
                    start.await();
                    for (int n = 1; n <= turns; n++) {
                        for (ChatMessage message : Chats.turn(who, n)) {
                            memory.add(message);
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
            for (HistoryItem item : Replay.replay(store.readAll(segment)).history()) {
                if (item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER) {
                    stored.add(message.text());
                }
            }
        }
        for (String who : List.of("ann", "bob")) {
            for (int n = 1; n <= turns; n++) {
                String question = ((UserMessage) Chats.turn(who, n).get(0)).singleText();
                assertTrue(stored.contains(question), who + "'s question " + n + " is stored");
            }
        }
    }

    private List<ChatMessage> historyOf(SegmentId segment) {
        List<ChatMessage> messages = new ArrayList<>();
        new Langchain4jMessages().decode(Replay.replay(store.readAll(segment)).history())
                .forEach(decoded -> messages.add(decoded.message()));
        return messages;
    }

    private SessionId sessionOf(SegmentlogChatMemoryStore memories) {
        return store.info(memories.currentSegment("chat").orElseThrow()).sessionId();
    }

    private List<SegmentId> segments(SessionId session) {
        return Page.<SegmentId>all(page -> store.listSegments(session, page), 100).toList();
    }
}
