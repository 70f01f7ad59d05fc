package dev.segmentlog.integration.springai;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.chat.MessageCodec;
import dev.segmentlog.integration.chat.testkit.ChatFramework;
import dev.segmentlog.integration.chat.testkit.Turn;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.Message;

/**
 * Spring AI's side of the shared chat-memory tests: {@link SegmentlogChatMemoryRepository} as a
 * {@code ChatMemoryRepository}, under Spring AI's own {@link MessageWindowChatMemory}.
 */
final class SpringAiFramework implements ChatFramework<Message> {

    @Override
    public Conversations<Message> open(SegmentStore store) {
        SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
        return new Conversations<>() {
            @Override
            public List<Message> read(String id) {
                return repository.findByConversationId(id);
            }

            @Override
            public void save(String id, List<Message> messages) {
                repository.saveAll(id, messages);
            }

            @Override
            public void delete(String id) {
                repository.deleteByConversationId(id);
            }

            @Override
            public List<Message> history(String id) {
                return repository.findHistory(id);
            }

            @Override
            public Optional<SegmentId> currentSegment(String id) {
                return repository.currentSegment(id);
            }

            @Override
            public List<String> ids() {
                return repository.findConversationIds();
            }

            @Override
            public Window<Message> window(String id, int maxMessages) {
                ChatMemory memory = MessageWindowChatMemory.builder()
                        .chatMemoryRepository(repository).maxMessages(maxMessages).build();
                return new Window<>() {
                    @Override
                    public void add(List<Message> messages) {
                        memory.add(id, messages);
                    }

                    @Override
                    public List<Message> messages() {
                        return memory.get(id);
                    }
                };
            }
        };
    }

    @Override
    public List<Message> messages(Turn turn) {
        return Chats.of(turn);
    }

    @Override
    public String namespace() {
        return "spring-ai";
    }

    @Override
    public MessageCodec<Message> codec() {
        return new SpringAiMessages();
    }
}
