package dev.segmentlog.integration.examples;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.springai.SegmentlogChatMemoryRepository;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.List;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Spring AI's {@link MessageWindowChatMemory} with its conversations kept by
 * {@link SegmentlogChatMemoryRepository}. Each run adds one turn with a tool call to the conversation
 * (the messages a chat client's memory advisor and tool loop add; no model is called) and prints
 * what the window gives the model and what the store keeps: run it again and it goes on where the
 * previous run stopped. From the repository root:
 *
 * <pre>
 * mvn -B -q -pl examples -am install -DskipTests
 * mvn -B -q -pl examples exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.examples.SpringAiChatMemoryExample
 * </pre>
 */
public final class SpringAiChatMemoryExample {
    private SpringAiChatMemoryExample() {}

    /** @param args a store URI; without one, the embedded default store ({@code sqlite:segmentlog.db}) */
    public static void main(String[] args) {
        try (SegmentStore store = args.length > 0 ? SegmentStores.open(args[0]) : SegmentStores.openDefault()) {
            // The setup: Spring AI's chat memory on a segmentlog repository (with Spring Boot, a @Bean of it).
            SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
            ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(6).build();

            String conversation = "weather-chat";
            long turn = repository.findHistory(conversation).stream().filter(UserMessage.class::isInstance).count() + 1;
            AssistantMessage.ToolCall call = new AssistantMessage.ToolCall(
                    "call-" + turn, "function", "get_weather", "{\"city\":\"Paris\"}");
            memory.add(conversation, new UserMessage("What is the weather in Paris?"));
            memory.add(conversation, AssistantMessage.builder().toolCalls(List.of(call)).build());
            memory.add(conversation, ToolResponseMessage.builder().responses(List.of(
                    new ToolResponseMessage.ToolResponse(call.id(), call.name(), "{\"sky\":\"clear\"}"))).build());
            memory.add(conversation, new AssistantMessage("It is clear in Paris."));

            // The conversation is an ordinary segmentlog session: restore, fork, verify and the CLI work on it.
            SegmentId segment = repository.currentSegment(conversation).orElseThrow();
            System.out.println("turn " + turn + " of " + conversation + " saved in segment " + segment);
            System.out.println("window sent to the model: " + memory.get(conversation).size() + " messages");
            System.out.println("history kept in the store: " + repository.findHistory(conversation).size()
                    + " messages, turn count " + new SegmentLog(store).restore(segment).turnCount());
        }
    }
}
