package dev.segmentlog.integration.springai;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/** Messages of test conversations, built with Spring AI's own types. */
final class Chats {
    private Chats() {}

    /** Turn {@code n}: a question, a tool call, its result and the answer (about 1 KB of text in all). */
    static List<Message> turn(String who, int n) {
        String callId = who + "-call-" + n;
        return List.of(
                new UserMessage(who + " asks question " + n + ": " + "what is the weather like? ".repeat(8)),
                AssistantMessage.builder().toolCalls(List.of(new AssistantMessage.ToolCall(
                        callId, "function", "weather", "{\"city\":\"Paris\",\"turn\":" + n + "}"))).build(),
                ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse(
                        callId, "weather", "{\"sky\":\"clear\",\"celsius\":" + (n % 30) + "}"))).build(),
                new AssistantMessage(who + " answer " + n + ": " + "it is sunny in Paris today. ".repeat(12)));
    }

    /** Turns 1 to {@code count}, in order. */
    static List<Message> turns(String who, int count) {
        List<Message> messages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            messages.addAll(turn(who, n));
        }
        return messages;
    }
}
