package dev.segmentlog.integration.springai;

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
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

/** Two repositories (two processes, in effect) writing one conversation: a fork, never a lost or interleaved message. */
class TwoWritersTest {
    private final SegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryRepository ann = SegmentlogChatMemoryRepository.of(store);
    private final SegmentlogChatMemoryRepository bob = SegmentlogChatMemoryRepository.of(store);

    @Test
    void secondWriterOfAStaleList_forks_andBothTurnsStayStored() {
        ann.saveAll("chat", Chats.turn("ann", 1));
        SegmentId root = ann.currentSegment("chat").orElseThrow();
        List<Message> annSees = new ArrayList<>(ann.findByConversationId("chat"));
        List<Message> bobSees = new ArrayList<>(bob.findByConversationId("chat"));
        annSees.addAll(Chats.turn("ann", 2));
        bobSees.addAll(Chats.turn("bob", 2));

        ann.saveAll("chat", annSees);
        bob.saveAll("chat", bobSees);

        SegmentId fork = bob.currentSegment("chat").orElseThrow();
        assertNotEquals(root, fork);
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.read(fork, 0, 1).get(0).entry();
        assertEquals(new SegmentOrigin(root, 1), start.forkedFrom());
        assertEquals(bobSees, ann.findByConversationId("chat"), "every reader reads the newest segment: bob's fork");
        assertEquals(annSees, historyOf(root), "ann's turn 2 stays in the segment bob forked from");
    }

    @Test
    void writerOfAnOlderBranch_forksFromItsOwnView_andBecomesTheConversation() {
        ann.saveAll("chat", Chats.turn("ann", 1));
        List<Message> annSees = new ArrayList<>(ann.findByConversationId("chat"));
        List<Message> bobSees = new ArrayList<>(bob.findByConversationId("chat"));
        annSees.addAll(Chats.turn("ann", 2));
        bobSees.addAll(Chats.turn("bob", 2));
        ann.saveAll("chat", annSees);
        bob.saveAll("chat", bobSees); // bob forks
        annSees.addAll(Chats.turn("ann", 3));

        ann.saveAll("chat", annSees); // ann still writes its own segment, which is no longer the newest

        assertEquals(annSees, bob.findByConversationId("chat"));
        assertEquals(3, segments(sessionOf(ann)).size());
    }

    @Test
    void twoRepositories_addingTurnsAtOnce_loseNoMessage() throws Exception {
        int turns = 40;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (SegmentlogChatMemoryRepository repository : List.of(ann, bob)) {
                String who = repository == ann ? "ann" : "bob";
                ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(10).build();
                done.add(threads.submit((Callable<Void>) () -> {
                    start.await();
                    for (int n = 1; n <= turns; n++) {
                        for (Message message : Chats.turn(who, n)) {
                            memory.add("chat", message);
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
                String question = ((UserMessage) Chats.turn(who, n).get(0)).getText();
                assertTrue(stored.contains(question), who + "'s question " + n + " is stored");
            }
        }
    }

    private List<Message> historyOf(SegmentId segment) {
        List<Message> messages = new ArrayList<>();
        new SpringAiMessages().decode(Replay.replay(store.readAll(segment)).history())
                .forEach(decoded -> messages.add(decoded.message()));
        return messages;
    }

    private SessionId sessionOf(SegmentlogChatMemoryRepository repository) {
        return store.info(repository.currentSegment("chat").orElseThrow()).sessionId();
    }

    private List<SegmentId> segments(SessionId session) {
        return Page.<SegmentId>all(page -> store.listSegments(session, page), 100).toList();
    }
}
