package dev.segmentlog.integration.springai;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.integration.chat.Decoded;
import dev.segmentlog.integration.chat.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Spring AI messages as history items.
 *
 * <table>
 *   <caption>What each message becomes</caption>
 *   <tr><th>message</th><th>history items</th></tr>
 *   <tr><td>{@link UserMessage}</td><td>a user message (stored as a {@code user_input})</td></tr>
 *   <tr><td>{@link SystemMessage}</td><td>a system message</td></tr>
 *   <tr><td>{@link AssistantMessage}</td><td>an assistant message (no text part when its text is
 *       null), then one tool call per {@link AssistantMessage.ToolCall}: call id, tool name,
 *       arguments</td></tr>
 *   <tr><td>{@link ToolResponseMessage}</td><td>one tool result per
 *       {@link ToolResponseMessage.ToolResponse}: call id, the tool's name as the summary, the
 *       response data as the content</td></tr>
 * </table>
 *
 * <p>Read back, an assistant message starts at each assistant item and takes the tool calls after
 * it; consecutive tool results make one tool response message. Not kept (as with Spring AI's JDBC
 * repository): message metadata other than the type, media, and a tool call's type, which comes
 * back as {@code "function"}. A null tool call id, name or argument string comes back empty.
 */
final class SpringAiMessages implements MessageCodec<Message> {
    private static final String TOOL_CALL_TYPE = "function";

    @Override
    public List<HistoryItem> items(Message message) {
        return switch (message.getMessageType()) {
            case USER -> List.of(HistoryItem.user(text(message)));
            case SYSTEM -> List.of(HistoryItem.system(text(message)));
            case ASSISTANT -> assistant(message);
            case TOOL -> toolResults(message);
        };
    }

    private static List<HistoryItem> assistant(Message message) {
        List<HistoryItem> items = new ArrayList<>();
        items.add(new HistoryItem.Message(HistoryItem.Role.ASSISTANT, message.getText() == null
                ? List.of() : List.of(new HistoryItem.Content.Text(message.getText()))));
        if (message instanceof AssistantMessage assistant) {
            for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                items.add(new HistoryItem.ToolCall(orEmpty(call.id()), orEmpty(call.name()), orEmpty(call.arguments())));
            }
        }
        return items;
    }

    private static List<HistoryItem> toolResults(Message message) {
        if (!(message instanceof ToolResponseMessage tool) || tool.getResponses().isEmpty()) {
            throw new IllegalArgumentException("a tool message is stored as its responses, and this one has none: " + message);
        }
        List<HistoryItem> items = new ArrayList<>();
        for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
            items.add(new HistoryItem.ToolResult(orEmpty(response.id()), orEmpty(response.name()),
                    response.responseData(), false));
        }
        return items;
    }

    @Override
    public List<Decoded<Message>> decode(List<HistoryItem> items) {
        List<Decoded<Message>> messages = new ArrayList<>();
        int i = 0;
        while (i < items.size()) {
            int start = i;
            HistoryItem item = items.get(i);
            if (item instanceof HistoryItem.Message message && message.role() != HistoryItem.Role.ASSISTANT) {
                i++;
                messages.add(new Decoded<>(message.role() == HistoryItem.Role.USER
                        ? new UserMessage(message.text()) : new SystemMessage(message.text()), start, i));
            } else if (item instanceof HistoryItem.Message || item instanceof HistoryItem.ToolCall) {
                String text = null;
                if (item instanceof HistoryItem.Message message) {
                    text = message.content().isEmpty() ? null : message.text();
                    i++;
                }
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                while (i < items.size() && items.get(i) instanceof HistoryItem.ToolCall call) {
                    calls.add(new AssistantMessage.ToolCall(call.callId(), TOOL_CALL_TYPE, call.name(), call.arguments()));
                    i++;
                }
                messages.add(new Decoded<>(AssistantMessage.builder().content(text).toolCalls(calls).build(), start, i));
            } else if (item instanceof HistoryItem.ToolResult) {
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                while (i < items.size() && items.get(i) instanceof HistoryItem.ToolResult result) {
                    responses.add(new ToolResponseMessage.ToolResponse(result.callId(), result.summary(), result.content()));
                    i++;
                }
                messages.add(new Decoded<>(ToolResponseMessage.builder().responses(responses).build(), start, i));
            } else {
                i++; // reasoning: Spring AI has no message for it
            }
        }
        return messages;
    }

    @Override
    public boolean endsTurn(Message message) {
        return message instanceof AssistantMessage assistant && !assistant.hasToolCalls();
    }

    private static String text(Message message) {
        return Objects.requireNonNullElse(message.getText(), "");
    }

    private static String orEmpty(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
