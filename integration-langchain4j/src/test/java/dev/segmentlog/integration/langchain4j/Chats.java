package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.segmentlog.integration.chat.testkit.Turn;
import java.util.List;
import java.util.stream.IntStream;

/** Messages of test conversations, built with LangChain4j's own types from the test kit's {@link Turn}s. */
final class Chats {
    private Chats() {}

    /** A turn as LangChain4j's messages: the question, the tool request (no text), its result, the answer. */
    static List<ChatMessage> of(Turn turn) {
        ToolExecutionRequest call = ToolExecutionRequest.builder()
                .id(turn.callId()).name(turn.tool()).arguments(turn.arguments()).build();
        return List.of(
                UserMessage.from(turn.question()),
                AiMessage.from(call),
                ToolExecutionResultMessage.from(call, turn.result()),
                AiMessage.from(turn.answer()));
    }

    /** Turn {@code n} of {@code who}'s conversation. */
    static List<ChatMessage> turn(String who, int n) {
        return of(Turn.of(who, n));
    }

    /** Turns 1 to {@code count}, in order. */
    static List<ChatMessage> turns(String who, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> turn(who, n)).flatMap(List::stream).toList();
    }
}
