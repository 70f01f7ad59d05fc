package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;

/**
 * LangChain4j's {@link MessageWindowChatMemory} kept in a SQLite file by {@link SegmentlogChatMemoryStore},
 * through a {@link ChatMemoryProvider} as an AI service uses it. Each run adds one scripted turn (what an
 * AI service with a tool would add; no model is called) and prints what the window and the stored
 * history hold: run it twice and the second run continues the conversation the first one stored.
 *
 * <pre>
 * mvn -q -pl integration-langchain4j exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.langchain4j.Langchain4jChatMemoryExample -Dexec.args=chat.db
 * </pre>
 */
public final class Langchain4jChatMemoryExample {
    private Langchain4jChatMemoryExample() {}

    /** @param args the SQLite file (default {@code langchain4j-chat.db}) */
    public static void main(String[] args) {
        String uri = "sqlite:" + (args.length > 0 ? args[0] : "langchain4j-chat.db");
        try (SegmentStore segments = SegmentStores.open(uri)) {
            SegmentlogChatMemoryStore store = SegmentlogChatMemoryStore.of(segments);
            ChatMemoryProvider memories = id -> MessageWindowChatMemory.builder()
                    .id(id).maxMessages(6).chatMemoryStore(store).build();
            String user = "user-42";
            ChatMemory memory = memories.get(user);
            int turn = (int) store.getHistory(user).stream().filter(UserMessage.class::isInstance).count() + 1;

            memory.add(UserMessage.from("Turn " + turn + ": what is the weather in Paris?"));
            ToolExecutionRequest call = ToolExecutionRequest.builder()
                    .id("call-" + turn).name("weather").arguments("{\"city\":\"Paris\"}").build();
            memory.add(AiMessage.from(call));
            memory.add(ToolExecutionResultMessage.from(call, "{\"sky\":\"clear\"}"));
            memory.add(AiMessage.from("It is clear in Paris (turn " + turn + ")."));

            SegmentId segment = store.currentSegment(user).orElseThrow();
            System.out.println("memory '" + user + "' is segment " + segment + " in " + uri);
            System.out.println("window sent to the model: " + memory.messages().size() + " messages");
            System.out.println("history kept in the store: " + store.getHistory(user).size()
                    + " messages, " + new SegmentLog(segments).restore(segment).turnCount() + " turns");
        }
    }
}
