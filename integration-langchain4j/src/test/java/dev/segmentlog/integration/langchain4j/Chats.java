package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/** Messages of test conversations, built with LangChain4j's own types. */
final class Chats {
    private Chats() {}

    /** Turn {@code n}: a question, a tool call, its result and the answer (about 1 KB of text in all). */
    static List<ChatMessage> turn(String who, int n) {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id(who + "-call-" + n).name("weather")
                .arguments("{\"city\":\"Paris\",\"turn\":" + n + "}").build();
        return List.of(
                UserMessage.from(who + " asks question " + n + ": " + "what is the weather like? ".repeat(8)),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "{\"sky\":\"clear\",\"celsius\":" + (n % 30) + "}"),
                AiMessage.from(who + " answer " + n + ": " + "it is sunny in Paris today. ".repeat(12)));
    }

    /** Turns 1 to {@code count}, in order. */
    static List<ChatMessage> turns(String who, int count) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            messages.addAll(turn(who, n));
        }
        return messages;
    }
}
