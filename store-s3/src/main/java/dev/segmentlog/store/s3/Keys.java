package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.util.Optional;

/**
 * The object layout under the store's prefix (see the package documentation). Positions are
 * zero-padded to 20 digits, so key order is position order.
 */
final class Keys {
    static final String LOG = "log/";
    static final String PACK = "pack/";
    static final String TRACE = "trace/";
    static final String HINT = "hint";

    private final String root;

    Keys(String prefix) {
        this.root = prefix.isEmpty() ? "" : prefix + "/";
    }

    static String pad(long position) {
        String digits = Long.toString(position);
        return "0".repeat(20 - digits.length()) + digits;
    }

    /** The 0-based position a padded key suffix names, if it is one. */
    static Optional<Long> position(String padded) {
        if (padded.length() != 20) {
            return Optional.empty();
        }
        for (int i = 0; i < 20; i++) {
            if (padded.charAt(i) < '0' || padded.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Long.parseLong(padded));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String segments() {
        return root + "segments/";
    }

    String segment(SegmentId segment) {
        return segments() + segment + "/";
    }

    String commit(SegmentId segment, long position) {
        return segment(segment) + LOG + pad(position);
    }

    String pack(SegmentId segment, long start, long end) {
        return segment(segment) + PACK + pad(start) + "-" + pad(end);
    }

    String hint(SegmentId segment) {
        return segment(segment) + HINT;
    }

    String traces(SegmentId segment) {
        return segment(segment) + TRACE;
    }

    String trace(SegmentId segment, long position) {
        return traces(segment) + pad(position);
    }

    String sessions() {
        return root + "sessions/";
    }

    String session(SessionId session) {
        return sessions() + session + "/";
    }

    String sessionIndex(SessionId session, SegmentId segment) {
        return session(session) + segment;
    }
}
