package dev.segmentlog.core;

import java.util.List;
import java.util.Objects;

/**
 * One item of the conversation history a model sees: a message, a tool call, a tool result or
 * reasoning. Each known item keeps the {@link UnknownFields} it was read with; an item of a kind
 * this version does not know is kept whole as {@link Unknown}.
 */
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
        /** @param text the text; may be empty @param unknown members this version does not know */
        record Text(String text, UnknownFields unknown) implements Content {
            /** @throws NullPointerException if an argument is null */
            public Text {
                Objects.requireNonNull(text, "text");
                Objects.requireNonNull(unknown, "unknown");
            }

            /** A text part without unknown members. */
            public Text(String text) {
                this(text, UnknownFields.NONE);
            }
        }

        /** @param refusal the model's refusal text @param unknown members this version does not know */
        record Refusal(String refusal, UnknownFields unknown) implements Content {
            /** @throws NullPointerException if an argument is null */
            public Refusal {
                Objects.requireNonNull(refusal, "refusal");
                Objects.requireNonNull(unknown, "unknown");
            }

            /** A refusal without unknown members. */
            public Refusal(String refusal) {
                this(refusal, UnknownFields.NONE);
            }
        }

        /**
         * A content part of a kind this version does not know, kept whole.
         *
         * @param kind     its {@code kind} tag
         * @param original the whole part as it was read, {@code kind} included
         */
        record Unknown(String kind, RawJson original) implements Content {
            /** @throws NullPointerException if an argument is null */
            public Unknown {
                Objects.requireNonNull(kind, "kind");
                Objects.requireNonNull(original, "original");
            }
        }
    }

    /**
     * A message.
     *
     * @param role    who speaks
     * @param content the parts, in order
     * @param unknown members this version does not know
     */
    record Message(Role role, List<Content> content, UnknownFields unknown) implements HistoryItem {
        /** @throws NullPointerException if any argument is or holds null */
        public Message {
            Objects.requireNonNull(role, "role");
            content = List.copyOf(content);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A message without unknown members. */
        public Message(Role role, List<Content> content) {
            this(role, content, UnknownFields.NONE);
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
     * @param unknown   members this version does not know
     */
    record ToolCall(String callId, String name, String arguments, UnknownFields unknown) implements HistoryItem {
        /** @throws NullPointerException if any argument is null */
        public ToolCall {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A tool call without unknown members. */
        public ToolCall(String callId, String name, String arguments) {
            this(callId, name, arguments, UnknownFields.NONE);
        }
    }

    /**
     * The result of a tool call.
     *
     * @param callId  the {@link ToolCall#callId()} it answers
     * @param summary a short summary of the result
     * @param content     nullable: the full content, when kept
     * @param attachments images and other media the tool returned; empty when none
     * @param isError     whether the tool failed
     * @param unknown     members this version does not know
     */
    record ToolResult(String callId, String summary, String content, List<Attachment> attachments, boolean isError,
                      UnknownFields unknown) implements HistoryItem {
        /** @throws NullPointerException if a non-nullable argument is or holds null */
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(summary, "summary");
            attachments = List.copyOf(attachments);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** A tool result without attachments or unknown members. */
        public ToolResult(String callId, String summary, String content, boolean isError) {
            this(callId, summary, content, List.of(), isError, UnknownFields.NONE);
        }
    }

    /** Media a tool returned with its result. */
    sealed interface Attachment {

        /**
         * An image.
         *
         * @param mimeType its media type, such as {@code image/png}
         * @param data     its bytes in standard base64, kept as written
         * @param unknown  members this version does not know
         */
        record Image(String mimeType, String data, UnknownFields unknown) implements Attachment {
            /** @throws NullPointerException if an argument is null */
            public Image {
                Objects.requireNonNull(mimeType, "mimeType");
                Objects.requireNonNull(data, "data");
                Objects.requireNonNull(unknown, "unknown");
            }

            /** An image without unknown members. */
            public Image(String mimeType, String data) {
                this(mimeType, data, UnknownFields.NONE);
            }
        }

        /**
         * An attachment of a kind this version does not know, kept whole.
         *
         * @param kind     its {@code kind} tag
         * @param original the whole attachment as it was read, {@code kind} included
         */
        record Unknown(String kind, RawJson original) implements Attachment {
            /** @throws NullPointerException if an argument is null */
            public Unknown {
                Objects.requireNonNull(kind, "kind");
                Objects.requireNonNull(original, "original");
            }
        }
    }

    /**
     * The model's reasoning.
     *
     * @param text             the reasoning text; may be empty
     * @param summary          summary parts; empty when none
     * @param encryptedContent nullable: provider-encrypted reasoning to send back
     * @param signature        nullable: the provider's signature over the reasoning
     * @param unknown          members this version does not know
     */
    record Reasoning(String text, List<String> summary, String encryptedContent, String signature,
                     UnknownFields unknown) implements HistoryItem {
        /** @throws NullPointerException if {@code text}, {@code summary} or {@code unknown} is or holds null */
        public Reasoning {
            Objects.requireNonNull(text, "text");
            summary = List.copyOf(summary);
            Objects.requireNonNull(unknown, "unknown");
        }

        /** Reasoning without unknown members. */
        public Reasoning(String text, List<String> summary, String encryptedContent, String signature) {
            this(text, summary, encryptedContent, signature, UnknownFields.NONE);
        }
    }

    /**
     * A history item of a kind this version does not know, kept whole so that reading and writing
     * it loses nothing. {@link Replay} refuses to restore a history that holds one (a model would
     * be sent something nobody understood) unless asked to skip such entries.
     *
     * @param kind     its {@code kind} tag
     * @param original the whole item as it was read, {@code kind} included
     */
    record Unknown(String kind, RawJson original) implements HistoryItem {
        /** @throws NullPointerException if an argument is null */
        public Unknown {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(original, "original");
        }
    }
}
