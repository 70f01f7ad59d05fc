package dev.segmentlog.integration.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;

/** The repository on SQLite and JSONL stores opened by URI, as an application does: restarts and two store instances. */
class RestartTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void aNewStoreOnTheSameFile_seesTheConversation_andGoesOnWhereItStopped(String scheme) {
        String uri = scheme + dir.resolve("chat");
        List<Message> window;
        try (SegmentStore store = SegmentStores.open(uri)) {
            ChatMemory memory = windowOf(SegmentlogChatMemoryRepository.of(store));
            for (int n = 1; n <= 5; n++) {
                memory.add("chat", Chats.turn("ann", n));
            }
            window = memory.get("chat");
        }

        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
            assertEquals(window, repository.findByConversationId("chat"));
            assertEquals(Chats.turns("ann", 5), repository.findHistory("chat"));
            assertEquals(List.of("chat"), repository.findConversationIds());

            windowOf(repository).add("chat", Chats.turn("ann", 6));
            assertEquals(Chats.turns("ann", 6), repository.findHistory("chat"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void twoStoresOnTheSameFile_writingOneConversation_fork_andKeepBothTurns(String scheme) {
        String uri = scheme + dir.resolve("chat");
        try (SegmentStore first = SegmentStores.open(uri); SegmentStore second = SegmentStores.open(uri)) {
            SegmentlogChatMemoryRepository ann = SegmentlogChatMemoryRepository.of(first);
            SegmentlogChatMemoryRepository bob = SegmentlogChatMemoryRepository.of(second);
            ann.saveAll("chat", Chats.turn("ann", 1));
            SegmentId root = ann.currentSegment("chat").orElseThrow();
            List<Message> annSees = new ArrayList<>(ann.findByConversationId("chat"));
            List<Message> bobSees = new ArrayList<>(bob.findByConversationId("chat"));
            annSees.addAll(Chats.turn("ann", 2));
            bobSees.addAll(Chats.turn("bob", 2));

            ann.saveAll("chat", annSees);
            bob.saveAll("chat", bobSees);

            assertNotEquals(root, ann.currentSegment("chat").orElseThrow());
            assertEquals(bobSees, ann.findByConversationId("chat"));
            List<Message> inRoot = new ArrayList<>();
            new SpringAiMessages().decode(new dev.segmentlog.log.SegmentLog(first).restore(root).history())
                    .forEach(decoded -> inRoot.add(decoded.message()));
            assertEquals(annSees, inRoot, "ann's turn 2 stays in the segment bob forked from");
        }
    }

    private static ChatMemory windowOf(SegmentlogChatMemoryRepository repository) {
        return MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(6).build();
    }
}
