package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chat memory store on SQLite and JSONL stores opened by URI, as an application does: restarts and two store instances. */
class RestartTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void aNewStoreOnTheSameFile_seesTheConversation_andGoesOnWhereItStopped(String scheme) {
        String uri = scheme + dir.resolve("chat");
        List<ChatMessage> window;
        try (SegmentStore store = SegmentStores.open(uri)) {
            ChatMemory memory = windowOf(SegmentlogChatMemoryStore.of(store));
            Chats.turns("ann", 5).forEach(memory::add);
            window = memory.messages();
        }

        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);
            assertEquals(window, memories.getMessages("chat"));
            assertEquals(Chats.turns("ann", 5), memories.getHistory("chat"));
            assertEquals(List.of("chat"), memories.memoryIds());

            Chats.turn("ann", 6).forEach(windowOf(memories)::add);
            assertEquals(Chats.turns("ann", 6), memories.getHistory("chat"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void twoStoresOnTheSameFile_writingOneConversation_fork_andKeepBothTurns(String scheme) {
        String uri = scheme + dir.resolve("chat");
        try (SegmentStore first = SegmentStores.open(uri); SegmentStore second = SegmentStores.open(uri)) {
            SegmentlogChatMemoryStore ann = SegmentlogChatMemoryStore.of(first);
            SegmentlogChatMemoryStore bob = SegmentlogChatMemoryStore.of(second);
            ann.updateMessages("chat", Chats.turn("ann", 1));
            SegmentId root = ann.currentSegment("chat").orElseThrow();
            List<ChatMessage> annSees = new ArrayList<>(ann.getMessages("chat"));
            List<ChatMessage> bobSees = new ArrayList<>(bob.getMessages("chat"));
            annSees.addAll(Chats.turn("ann", 2));
            bobSees.addAll(Chats.turn("bob", 2));

            ann.updateMessages("chat", annSees);
            bob.updateMessages("chat", bobSees);

            assertNotEquals(root, ann.currentSegment("chat").orElseThrow());
            assertEquals(bobSees, ann.getMessages("chat"));
            List<ChatMessage> inRoot = new ArrayList<>();
            new Langchain4jMessages().decode(new dev.segmentlog.log.SegmentLog(first).restore(root).history())
                    .forEach(decoded -> inRoot.add(decoded.message()));
            assertEquals(annSees, inRoot, "ann's turn 2 stays in the segment bob forked from");
        }
    }

    private static ChatMemory windowOf(SegmentlogChatMemoryStore memories) {
        return MessageWindowChatMemory.builder().id("chat").maxMessages(6).chatMemoryStore(memories).build();
    }
}
