package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;

/** One item of the conversation history a model sees: a message, a tool call, a tool result or reasoning. */
public sealed interface HistoryItem {

    /** A user message with one text part. */
    static Message user(String text) {
        return new Message(Role.USER, List.of(new Content.Text(text)));
    }

    /** An assistant message with one text part. */
    static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Content.Text(text)));
    }

    /** A system message with one text part. */
    static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new Content.Text(text)));
    }

    /** Who speaks a {@link Message}. */
    enum Role {
        USER("user"), ASSISTANT("assistant"), SYSTEM("system");

        private final String wireName;

        Role(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the wire format. */
        public String wireName() {
            return wireName;
        }
    }

    /** One part of a message's content. */
    sealed interface Content {
        /** @param text the text; may be empty */
        record Text(String text) implements Content {
            /** @throws NullPointerException if {@code text} is null */
            public Text {
                Objects.requireNonNull(text, "text");
            }
        }

        /** @param refusal the model's refusal text */
        record Refusal(String refusal) implements Content {
            /** @throws NullPointerException if {@code refusal} is null */
            public Refusal {
                Objects.requireNonNull(refusal, "refusal");
            }
        }
    }

    /**
     * A message.
     *
     * @param role    who speaks
     * @param content the parts, in order
     */
    record Message(Role role, List<Content> content) implements HistoryItem {
        /** @throws NullPointerException if any argument is or holds null */
        public Message {
            Objects.requireNonNull(role, "role");
            content = List.copyOf(content);
        }

        /** The text parts concatenated (refusals left out). */
        public String text() {
            StringBuilder text = new StringBuilder();
            for (Content part : content) {
                if (part instanceof Content.Text t) {
                    text.append(t.text());
                }
            }
            return text.toString();
        }
    }

    /**
     * The model asks for a tool to be run.
     *
     * @param callId    the id a {@link ToolResult} answers
     * @param name      the tool
     * @param arguments the arguments, a JSON document as a string (kept verbatim)
     */
    record ToolCall(String callId, String name, String arguments) implements HistoryItem {
        /** @throws NullPointerException if any argument is null */
        public ToolCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * The result of a tool call.
     *
     * @param callId  the {@link ToolCall#callId()} it answers
     * @param summary a short summary of the result
     * @param content nullable: the full content, when kept
     * @param isError whether the tool failed
     */
    record ToolResult(String callId, String summary, String content, boolean isError) implements HistoryItem {
        /** @throws NullPointerException if {@code callId} or {@code summary} is null */
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * The model's reasoning.
     *
     * @param text             the reasoning text; may be empty
     * @param summary          summary parts; empty when none
     * @param encryptedContent nullable: provider-encrypted reasoning to send back
     * @param signature        nullable: the provider's signature over the reasoning
     */
    record Reasoning(String text, List<String> summary, String encryptedContent, String signature)
            implements HistoryItem {
        /** @throws NullPointerException if {@code text} or {@code summary} is or holds null */
        public Reasoning {
            Objects.requireNonNull(text, "text");
            summary = List.copyOf(summary);
        }
    }
}
