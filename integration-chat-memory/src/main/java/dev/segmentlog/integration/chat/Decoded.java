package dev.segmentlog.integration.chat;

import java.util.Objects;

/**
 * A message {@link MessageCodec#decode} read back, with the history items it was read from: items
 * {@code from} (inclusive) to {@code to} (exclusive) of the list given to {@code decode}. The log
 * locates the message in the segment by these indices, so a later save can name it in a window
 * without storing it again.
 *
 * @param message the framework's message
 * @param from    the index of its first history item
 * @param to      one past the index of its last history item
 * @param <M>     the framework's message type
 */
public record Decoded<M>(M message, int from, int to) {

    /**
     * @throws NullPointerException     if {@code message} is null
     * @throws IllegalArgumentException if {@code from} is negative or the range holds no item: every
     *                                  message is recorded as at least one
     */
    public Decoded {
        Objects.requireNonNull(message, "message");
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("a decoded message covers items [from, to) with 0 <= from < to: ["
                    + from + ", " + to + ")");
        }
    }
}
