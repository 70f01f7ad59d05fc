package dev.segmentlog.integration.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;

/** Spring AI's {@link MessageWindowChatMemory} on the repository: the window it keeps, and the history the segment keeps. */
class WindowedMemoryTest {
    private final InMemorySegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);

    @Test
    void messageWindowChatMemory_showsTheSameWindowAsOnSpringsOwnRepository_andTheSegmentKeepsEverything() {
        ChatMemory ours = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(7).build();
        ChatMemory stock = MessageWindowChatMemory.builder()
                .chatMemoryRepository(new InMemoryChatMemoryRepository()).maxMessages(7).build();
        List<Message> everything = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            if (n == 1 || n == 6) {
                Message system = new SystemMessage(n == 1 ? "Be brief." : "Be verbose.");
                ours.add("chat", system);
                stock.add("chat", system);
                everything.add(system);
            }
            for (Message message : Chats.turn("ann", n)) {
                ours.add("chat", message);
                stock.add("chat", message);
                everything.add(message);
                assertEquals(stock.get("chat"), ours.get("chat"));
            }
        }

        assertEquals(stock.get("chat"), SegmentlogChatMemoryRepository.of(store).findByConversationId("chat"),
                "read back by a repository that never saw the conversation");
        assertEquals(everything, repository.findHistory("chat"));
    }

    @Test
    void windowedSave_appendsTheNewMessagesAndOneWindowEntry_neverTheKeptOnes() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(4).build();
        memory.add("chat", Chats.turns("ann", 5));
        long count = store.count(repository.currentSegment("chat").orElseThrow());

        memory.add("chat", Chats.turn("ann", 6));

        assertEquals(count + 5 + 1 + 1, store.count(repository.currentSegment("chat").orElseThrow()),
                "five history items, a turn_end and a window entry");
        assertEquals(Chats.turn("ann", 6), memory.get("chat"));
    }
}
