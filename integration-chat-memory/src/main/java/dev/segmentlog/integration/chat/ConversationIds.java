package dev.segmentlog.integration.chat;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Where a conversation lives, computed from its id alone, so that no index has to be kept, read at
 * start-up or repaired after a crash, and every store works the same way.
 *
 * <ul>
 *   <li>The session is a name-based UUID (version 8) of SHA-256({@code namespace}, NUL, the
 *       conversation id): the same conversation id always maps to the same session, on any store
 *       and after any restart.</li>
 *   <li>The conversation's first segment (its root) has the session's random bits with a zero
 *       timestamp field: it sorts before every segment minted later (UUIDv7), so the newest segment
 *       of the session is the root until a writer forks it, and then the newest fork. Two writers
 *       that start the same conversation at once both try to create the root; the store lets one
 *       win.</li>
 * </ul>
 */
final class ConversationIds {
    private static final long TIMESTAMP_BITS = 0xFFFF_FFFF_FFFF_0000L;

    private final String namespace;

    ConversationIds(String namespace) {
        this.namespace = namespace;
    }

    /** The session that holds the conversation. */
    SessionId session(String conversationId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(namespace.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(conversationId.getBytes(StandardCharsets.UTF_8)));
        long msb = (digest.getLong() & ~0xF000L) | 0x8000L; // version 8: a custom, name-based UUID
        long lsb = (digest.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // RFC 9562 variant
        return new SessionId(new UUID(msb, lsb));
    }

    /** The first segment of the conversation held by {@code session}. */
    SegmentId root(SessionId session) {
        UUID id = session.value();
        return new SegmentId(new UUID(id.getMostSignificantBits() & ~TIMESTAMP_BITS, id.getLeastSignificantBits()));
    }
}
