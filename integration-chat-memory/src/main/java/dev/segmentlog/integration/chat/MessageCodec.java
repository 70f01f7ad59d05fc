package dev.segmentlog.integration.chat;

import dev.segmentlog.core.HistoryItem;
import java.util.List;
import java.util.Optional;

/**
 * How one framework's messages are recorded as segmentlog history items and read back: the one
 * part of a chat-memory integration that knows the framework's message type.
 *
 * <p>Map each message onto the history items that mean the same to segmentlog's tools: a user
 * message onto {@link HistoryItem#user} (stored as a {@code user_input} when it is one text), a
 * system message onto {@link HistoryItem#system}, a model's answer onto an assistant
 * {@link HistoryItem.Message} followed by one {@link HistoryItem.ToolCall} per tool call, its
 * thinking onto a {@link HistoryItem.Reasoning}, a tool's answer onto {@link HistoryItem.ToolResult}s.
 * {@link #decode} must read back the items {@link #items} wrote, grouped as they were written. What
 * the items cannot carry (media, metadata, ...) either is documented as not kept, or travels in a
 * {@link #sidecar}, the message in the framework's own serialized form.
 *
 * <p>Implementations are stateless or thread-safe: a {@link ConversationLog} calls them from every
 * thread that uses it.
 *
 * @param <M> the framework's message type
 */
public interface MessageCodec<M> {

    /**
     * The history items that record {@code message}, in order; at least one.
     *
     * @throws IllegalArgumentException if the message cannot be recorded (the framework's caller
     *                                  gets it from the save)
     */
    List<HistoryItem> items(M message);

    /**
     * Groups history items into messages, in order. Each message names the items it was read from;
     * items that belong to no message of the framework (e.g. reasoning, where the framework has no
     * message for it) are skipped. Must accept any items {@link #items} wrote, concatenated.
     *
     * @throws IllegalArgumentException if the items cannot be read as messages
     */
    List<Decoded<M>> decode(List<HistoryItem> items);

    /**
     * Whether {@code message} ends a turn (the model's final answer, asking for no tool): the log
     * writes a {@code turn_end} after it, so that forks and {@code segmentlog show} count turns.
     */
    boolean endsTurn(M message);

    /**
     * The message in full, when its history items do not give it back exactly (kept beside them in
     * a {@code <namespace>.message} extension entry and returned instead of what they decode to);
     * empty when they do. The default keeps no sidecars: what the items cannot carry is lost.
     *
     * @throws IllegalArgumentException if the message cannot be serialized
     */
    default Optional<String> sidecar(M message) {
        return Optional.empty();
    }

    /**
     * The message a {@link #sidecar} holds.
     *
     * @throws IllegalArgumentException if it cannot be read (the log reports the entry as corrupt)
     */
    default M fromSidecar(String sidecar) {
        throw new IllegalArgumentException("this codec writes no sidecars");
    }
}
