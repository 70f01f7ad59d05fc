package dev.segmentlog.integration.chat.testkit;

import dev.segmentlog.core.HistoryItem;
import java.util.List;

/**
 * The texts of turn {@code n} of a test conversation, about 1 KB in all: a question, a call of the
 * weather tool with its arguments, the tool's result and the answer. Every framework's suite builds
 * its messages of a turn from these texts ({@link ChatFramework#messages}), so a shared test can say
 * what any integration must store.
 *
 * @param question  the user's question
 * @param callId    the id of the tool call
 * @param tool      the tool's name
 * @param arguments the tool call's arguments (JSON)
 * @param result    the tool's result (JSON)
 * @param answer    the assistant's final answer
 */
public record Turn(String question, String callId, String tool, String arguments, String result, String answer) {

    /** Turn {@code n} of {@code who}'s conversation; {@code who} makes the texts of two writers differ. */
    public static Turn of(String who, int n) {
        return new Turn(who + " asks question " + n + ": " + "what is the weather like? ".repeat(8),
                who + "-call-" + n, "weather", "{\"city\":\"Paris\",\"turn\":" + n + "}",
                "{\"sky\":\"clear\",\"celsius\":" + (n % 30) + "}",
                who + " answer " + n + ": " + "it is sunny in Paris today. ".repeat(12));
    }

    /**
     * The history items an integration records the turn as: the question, the assistant's message
     * (without text) and its tool call, the tool's result, the answer.
     */
    public List<HistoryItem> items() {
        return List.of(
                HistoryItem.user(question),
                new HistoryItem.Message(HistoryItem.Role.ASSISTANT, List.of()),
                new HistoryItem.ToolCall(callId, tool, arguments),
                new HistoryItem.ToolResult(callId, tool, result, false),
                HistoryItem.assistant(answer));
    }
}
