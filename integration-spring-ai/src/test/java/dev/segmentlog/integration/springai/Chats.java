package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.Turn;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/** Messages of test conversations, built with Spring AI's own types from the test kit's {@link Turn}s. */
final class Chats {
    private Chats() {}

    /** A turn as Spring AI's messages: the question, the tool call (no text), its result, the answer. */
    static List<Message> of(Turn turn) {
        return List.of(
                new UserMessage(turn.question()),
                AssistantMessage.builder().toolCalls(List.of(new AssistantMessage.ToolCall(
                        turn.callId(), "function", turn.tool(), turn.arguments()))).build(),
                ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse(
                        turn.callId(), turn.tool(), turn.result()))).build(),
                new AssistantMessage(turn.answer()));
    }

    /** Turn {@code n} of {@code who}'s conversation. */
    static List<Message> turn(String who, int n) {
        return of(Turn.of(who, n));
    }

    /** Turns 1 to {@code count}, in order. */
    static List<Message> turns(String who, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> turn(who, n)).flatMap(List::stream).toList();
    }
}
