package dev.segmentlog.integration.springai;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.List;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Spring AI's {@link MessageWindowChatMemory} kept in a SQLite file by {@link SegmentlogChatMemoryRepository}.
 * Each run adds one scripted turn (what a {@code ChatClient} with a memory advisor and a tool would add;
 * no model is called) and prints what the window and the stored history hold: run it twice and the
 * second run continues the conversation the first one stored.
 *
 * <pre>
 * mvn -q -pl integration-spring-ai exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.springai.SpringAiChatMemoryExample -Dexec.args=chat.db
 * </pre>
 */
public final class SpringAiChatMemoryExample {
    private SpringAiChatMemoryExample() {}

    /** @param args the SQLite file (default {@code spring-ai-chat.db}) */
    public static void main(String[] args) {
        String uri = "sqlite:" + (args.length > 0 ? args[0] : "spring-ai-chat.db");
        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
            ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(6).build();
            String conversation = "weather-chat";
            int turn = (int) repository.findHistory(conversation).stream().filter(UserMessage.class::isInstance).count() + 1;

            memory.add(conversation, new UserMessage("Turn " + turn + ": what is the weather in Paris?"));
            String callId = "call-" + turn;
            memory.add(conversation, List.<Message>of(
                    AssistantMessage.builder().toolCalls(List.of(new AssistantMessage.ToolCall(
                            callId, "function", "weather", "{\"city\":\"Paris\"}"))).build(),
                    ToolResponseMessage.builder().responses(List.of(
                            new ToolResponseMessage.ToolResponse(callId, "weather", "{\"sky\":\"clear\"}"))).build(),
                    new AssistantMessage("It is clear in Paris (turn " + turn + ").")));

            SegmentId segment = repository.currentSegment(conversation).orElseThrow();
            System.out.println("conversation '" + conversation + "' is segment " + segment + " in " + uri);
            System.out.println("window sent to the model: " + memory.get(conversation).size() + " messages");
            System.out.println("history kept in the store: " + repository.findHistory(conversation).size()
                    + " messages, " + new SegmentLog(store).restore(segment).turnCount() + " turns");
        }
    }
}
