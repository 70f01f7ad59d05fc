package dev.segmentlog.integration.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.integration.langchain4j.SegmentlogChatMemoryStore;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;

/**
 * LangChain4j's {@link MessageWindowChatMemory}, handed out by a {@link ChatMemoryProvider} as an AI
 * service asks for it, with every memory kept by {@link SegmentlogChatMemoryStore}. Each run adds
 * one turn with a tool call to the user's memory (the messages an AI service with a tool adds; no
 * model is called) and prints what the window gives the model and what the store keeps: run it again
 * and it goes on where the previous run stopped. From the repository root:
 *
 * <pre>
 * mvn -B -q -pl examples -am install -DskipTests
 * mvn -B -q -pl examples exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.examples.Langchain4jChatMemoryExample
 * </pre>
 */
public final class Langchain4jChatMemoryExample {
    private Langchain4jChatMemoryExample() {}

    /** @param args a store URI; without one, the embedded default store ({@code sqlite:segmentlog.db}) */
    public static void main(String[] args) {
        try (SegmentStore segments = args.length > 0 ? SegmentStores.open(args[0]) : SegmentStores.openDefault()) {
            // The setup: one chat memory store for every memory, and the provider an AI service is built with.
            SegmentlogChatMemoryStore store = SegmentlogChatMemoryStore.of(segments);
            ChatMemoryProvider memories = id -> MessageWindowChatMemory.builder()
                    .id(id).maxMessages(6).chatMemoryStore(store).build();

            String user = "user-42";
            ChatMemory memory = memories.get(user);
            long turn = store.getHistory(user).stream().filter(UserMessage.class::isInstance).count() + 1;
            ToolExecutionRequest call = ToolExecutionRequest.builder()
                    .id("call-" + turn).name("get_weather").arguments("{\"city\":\"Paris\"}").build();
            memory.add(UserMessage.from("What is the weather in Paris?"));
            memory.add(AiMessage.from(call));
            memory.add(ToolExecutionResultMessage.from(call, "{\"sky\":\"clear\"}"));
            memory.add(AiMessage.from("It is clear in Paris."));

            // The memory is an ordinary segmentlog session: restore, fork, verify and the CLI work on it.
            SegmentId segment = store.currentSegment(user).orElseThrow();
            System.out.println("turn " + turn + " of " + user + " saved in segment " + segment);
            System.out.println("window sent to the model: " + memory.messages().size() + " messages");
            System.out.println("history kept in the store: " + store.getHistory(user).size()
                    + " messages, turn count " + new SegmentLog(segments).restore(segment).turnCount());
        }
    }
}
