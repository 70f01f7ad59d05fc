package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.util.Optional;

/**
 * The object layout under the store's prefix (see the package documentation). Positions are
 * zero-padded to 20 digits, so key order is position order; index entries name ids
 * {@linkplain #newestFirst newest first}, so key order is newest first.
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

    /** Where one run of the startup check of conditional writes puts its probe objects (deleted after it). */
    String conditionalWriteCheck(String run) {
        return root + "conditional-write-check/" + run + "/";
    }

    /** The index of every segment: one empty object per segment. */
    String segmentIndex() {
        return root + "index/segments/";
    }

    String segmentIndex(SegmentId segment) {
        return segmentIndex() + newestFirst(segment.toString());
    }

    /** The index of every session: one empty object per segment, under its session's name. */
    String sessionIndex() {
        return root + "index/sessions/";
    }

    String sessionIndex(SessionId session) {
        return sessionIndex() + newestFirst(session.toString()) + "/";
    }

    String sessionIndex(SessionId session, SegmentId segment) {
        return sessionIndex(session) + newestFirst(segment.toString());
    }

    /**
     * The name of an id in an index: each hex digit d of its canonical text written as f-d, the bitwise
     * complement of its 128 bits. Ids are time-ordered, so the ascending order in which S3 lists these
     * names is newest first. Applying it twice gives the id back.
     */
    static String newestFirst(String id) {
        char[] chars = id.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            int digit = Character.digit(chars[i], 16);
            if (digit >= 0) {
                chars[i] = Character.forDigit(15 - digit, 16);
            }
        }
        return new String(chars);
    }

    /**
     * The smallest key after every key under {@code commonPrefix} (which ends with '/'), to list on from:
     * '0' is the character after '/'. A start-after of the prefix itself would list the prefix again.
     */
    static String past(String commonPrefix) {
        return commonPrefix.substring(0, commonPrefix.length() - 1) + (char) ('/' + 1);
    }
}
