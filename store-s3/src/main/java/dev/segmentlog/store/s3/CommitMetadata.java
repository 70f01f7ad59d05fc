package dev.segmentlog.store.s3;

import dev.segmentlog.store.s3.Bodies.Batch;
import java.util.HashMap;
import java.util.Map;

/**
 * The user metadata of the store's objects: a commit carries a random writer token (to recognise its
 * own write behind a 412 after an SDK retry), its entry count and the ts of its last entry (so a
 * {@code HEAD} tells the tail without the body), and on position 0 the session (so listings check an
 * index entry without reading the object). A pack carries its entry count.
 */
final class CommitMetadata {
    static final String WRITER = "segmentlog-writer";
    static final String ENTRIES = "segmentlog-entries";
    static final String LAST_TS = "segmentlog-last-ts";
    static final String SESSION = "segmentlog-session";

    private CommitMetadata() {}

    /** The metadata of a commit object holding {@code batch}, written by the holder of {@code token}. */
    static Map<String, String> of(String token, Batch batch) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(WRITER, token);
        metadata.put(ENTRIES, Integer.toString(batch.size()));
        metadata.put(LAST_TS, Long.toString(batch.lastTs()));
        return metadata;
    }

    /** Whether the object whose metadata this is was written by the holder of {@code token}. */
    static boolean writtenBy(Map<String, String> metadata, String token) {
        return token.equals(metadata.get(WRITER));
    }

    /** A numeric value, or {@code Long.MIN_VALUE} when missing or not a number (a foreign object). */
    static long number(Map<String, String> metadata, String name) {
        String text = metadata.get(name);
        if (text == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
