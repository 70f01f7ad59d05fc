package dev.segmentlog.core;

import java.util.Objects;

/**
 * A payload owned by a domain, committed together with a user input (the original runtime's
 * {@code user_input.extensions}): replay adds each to the restored extensions, as if an
 * {@code extension} entry with the input's time stood right after the input.
 *
 * @param domain  who owns the payload
 * @param payload any JSON
 * @param unknown members this version does not know
 */
public record ExtensionPayload(String domain, RawJson payload, UnknownFields unknown) {

    /** @throws NullPointerException if an argument is null */
    public ExtensionPayload {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(unknown, "unknown");
    }

    /** A payload without unknown members. */
    public ExtensionPayload(String domain, RawJson payload) {
        this(domain, payload, UnknownFields.NONE);
    }
}
