package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.MessageCodec;
import dev.segmentlog.integration.chat.testkit.ChatFramework;
import dev.segmentlog.integration.chat.testkit.Turn;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Optional;

/**
 * LangChain4j's side of the shared chat-memory tests: {@link SegmentlogChatMemoryStore} as a
 * {@code ChatMemoryStore}, under LangChain4j's own {@link MessageWindowChatMemory}.
 */
final class Langchain4jFramework implements ChatFramework<ChatMessage> {

    @Override
    public Conversations<ChatMessage> open(SegmentStore store) {
        SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);
        return new Conversations<>() {
            @Override
            public List<ChatMessage> read(String id) {
                return memories.getMessages(id);
            }

            @Override
            public void save(String id, List<ChatMessage> messages) {
                memories.updateMessages(id, messages);
            }

            @Override
            public void delete(String id) {
                memories.deleteMessages(id);
            }

            @Override
            public List<ChatMessage> history(String id) {
                return memories.getHistory(id);
            }

            @Override
            public Optional<SegmentId> currentSegment(String id) {
                return memories.currentSegment(id);
            }

            @Override
            public List<String> ids() {
                return memories.memoryIds();
            }

            @Override
            public Window<ChatMessage> window(String id, int maxMessages) {
                ChatMemory memory = MessageWindowChatMemory.builder()
                        .id(id).maxMessages(maxMessages).chatMemoryStore(memories).build();
                return new Window<>() {
                    @Override
                    public void add(List<ChatMessage> messages) {
                        messages.forEach(memory::add);
                    }

                    @Override
                    public List<ChatMessage> messages() {
                        return memory.messages();
                    }
                };
            }
        };
    }

    @Override
    public List<ChatMessage> messages(Turn turn) {
        return Chats.of(turn);
    }

    @Override
    public String namespace() {
        return "langchain4j";
    }

    @Override
    public MessageCodec<ChatMessage> codec() {
        return new Langchain4jMessages();
    }
}
