package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.integration.chat.Decoded;
import dev.segmentlog.integration.chat.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * LangChain4j messages as history items.
 *
 * <table>
 *   <caption>What each message becomes</caption>
 *   <tr><th>message</th><th>history items</th></tr>
 *   <tr><td>{@link UserMessage}</td><td>a user message with its text contents (one text: stored as a
 *       {@code user_input})</td></tr>
 *   <tr><td>{@link SystemMessage}</td><td>a system message</td></tr>
 *   <tr><td>{@link AiMessage}</td><td>a reasoning item when it has thinking, an assistant message
 *       (no text part when its text is null), then one tool call per {@link ToolExecutionRequest}:
 *       id, tool name, arguments</td></tr>
 *   <tr><td>{@link ToolExecutionResultMessage}</td><td>a tool result: id, the tool's name as the
 *       summary, the text as the content, the error flag</td></tr>
 * </table>
 *
 * <p>A message these items do not give back exactly (images or other non-text contents, a user
 * name, attributes, a null id, several contents of a tool result) is kept in full as well, as
 * LangChain4j's own JSON ({@link ChatMessageSerializer}), in a {@code <namespace>.message} extension
 * entry beside its items: reading it back gives the message exactly. A {@code CustomMessage} has no
 * history item to stand for it and is refused.
 */
final class Langchain4jMessages implements MessageCodec<ChatMessage> {

    @Override
    public List<HistoryItem> items(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return List.of(HistoryItem.system(system.text()));
        } else if (message instanceof UserMessage user) {
            List<HistoryItem.Content> texts = new ArrayList<>();
            for (Content content : user.contents()) {
                if (content instanceof TextContent text) {
                    texts.add(new HistoryItem.Content.Text(text.text()));
                }
            }
            return List.of(new HistoryItem.Message(HistoryItem.Role.USER, texts));
        } else if (message instanceof AiMessage ai) {
            return assistant(ai);
        } else if (message instanceof ToolExecutionResultMessage result) {
            return List.of(new HistoryItem.ToolResult(orEmpty(result.id()), orEmpty(result.toolName()),
                    textOf(result.contents()), Boolean.TRUE.equals(result.isError())));
        }
        throw new IllegalArgumentException("a " + message.type() + " message cannot be stored: it has no history"
                + " item to stand for it; store system, user, AI and tool result messages");
    }

    private static List<HistoryItem> assistant(AiMessage ai) {
        List<HistoryItem> items = new ArrayList<>();
        if (ai.thinking() != null) {
            items.add(new HistoryItem.Reasoning(ai.thinking(), List.of(), null, null));
        }
        items.add(new HistoryItem.Message(HistoryItem.Role.ASSISTANT,
                ai.text() == null ? List.of() : List.of(new HistoryItem.Content.Text(ai.text()))));
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
            items.add(new HistoryItem.ToolCall(orEmpty(request.id()), orEmpty(request.name()), orEmpty(request.arguments())));
        }
        return items;
    }

    @Override
    public List<Decoded<ChatMessage>> decode(List<HistoryItem> items) {
        List<Decoded<ChatMessage>> messages = new ArrayList<>();
        int i = 0;
        while (i < items.size()) {
            int start = i;
            HistoryItem item = items.get(i);
            if (item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.SYSTEM) {
                i++;
                messages.add(new Decoded<>(SystemMessage.from(message.text()), start, i));
            } else if (item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER) {
                i++;
                List<Content> texts = new ArrayList<>();
                message.content().forEach(part -> texts.add(TextContent.from(part instanceof HistoryItem.Content.Text text
                        ? text.text() : ((HistoryItem.Content.Refusal) part).refusal())));
                messages.add(new Decoded<>(texts.isEmpty() ? UserMessage.from("") : UserMessage.from(texts), start, i));
            } else if (item instanceof HistoryItem.ToolResult result) {
                i++;
                messages.add(new Decoded<>(ToolExecutionResultMessage.builder().id(result.callId())
                        .toolName(result.summary()).text(Objects.requireNonNullElse(result.content(), ""))
                        .isError(result.isError() ? Boolean.TRUE : null).build(), start, i));
            } else { // reasoning, an assistant message or a tool call: an AI message starts here
                AiMessage.Builder ai = AiMessage.builder();
                if (item instanceof HistoryItem.Reasoning reasoning) {
                    ai.thinking(reasoning.text());
                    i++;
                }
                if (i < items.size() && items.get(i) instanceof HistoryItem.Message message
                        && message.role() == HistoryItem.Role.ASSISTANT) {
                    ai.text(message.content().isEmpty() ? null : message.text());
                    i++;
                }
                List<ToolExecutionRequest> requests = new ArrayList<>();
                while (i < items.size() && items.get(i) instanceof HistoryItem.ToolCall call) {
                    requests.add(ToolExecutionRequest.builder().id(call.callId()).name(call.name())
                            .arguments(call.arguments()).build());
                    i++;
                }
                ai.toolExecutionRequests(requests);
                messages.add(new Decoded<>(ai.build(), start, i));
            }
        }
        return messages;
    }

    @Override
    public boolean endsTurn(ChatMessage message) {
        return message instanceof AiMessage ai && !ai.hasToolExecutionRequests();
    }

    /** LangChain4j's JSON of the message when its items do not give it back exactly. */
    @Override
    public Optional<String> sidecar(ChatMessage message) {
        List<Decoded<ChatMessage>> decoded = decode(items(message));
        if (decoded.size() == 1 && decoded.get(0).message().equals(message)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChatMessageSerializer.messageToJson(message));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message cannot be stored: LangChain4j cannot write it as JSON: " + e, e);
        }
    }

    @Override
    public ChatMessage fromSidecar(String sidecar) {
        try {
            return ChatMessageDeserializer.messageFromJson(sidecar);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("LangChain4j cannot read the message JSON: " + e, e);
        }
    }

    private static String textOf(List<Content> contents) {
        StringBuilder text = new StringBuilder();
        contents.stream().filter(TextContent.class::isInstance).forEach(content -> text.append(((TextContent) content).text()));
        return text.toString();
    }

    private static String orEmpty(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
