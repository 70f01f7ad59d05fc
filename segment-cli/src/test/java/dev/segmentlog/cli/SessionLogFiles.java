package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Log files of the original runtime's hash-chained session log, built here by its rule and not by the code under test:
 * each line is {@code {"hash", "prev_hash", ...entry}} where hash = SHA-256(previous hash, or 32 zero
 * bytes, ‖ the entry as serde_json writes it). Entries are plain (no characters to escape).
 */
final class SessionLogFiles {
    private static final String CONFIG =
            "{\"max_tokens\":1024,\"temperature\":null,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[]}";

    private final List<String> lines = new ArrayList<>();
    private final List<String> hashes = new ArrayList<>();

    /** A conversation of two turns: 7 lines, turn 1 ends at position 3. */
    static SessionLogFiles twoTurns() {
        return new SessionLogFiles()
                .add(start(1_000, null, null))
                .add(userInput(2_000, "What is the weather in Tokyo?"))
                .add(assistantItems(3_000, "Sunny in Tokyo."))
                .add(turnEnd(4_000, 1))
                .add(userInput(5_000, "And in Osaka?"))
                .add(assistantItems(6_000, "Cloudy in Osaka."))
                .add(turnEnd(7_000, 2));
    }

    /** A fork of {@code source} right after its entry whose old hash is {@code atHash}: 3 lines. */
    static SessionLogFiles forkOf(SegmentId source, String atHash) {
        return new SessionLogFiles()
                .add(start(8_000, source, atHash))
                .add(userInput(9_000, "And in Kyoto instead?"))
                .add(assistantItems(9_500, "Rain in Kyoto."));
    }

    SessionLogFiles add(String entry) {
        String prev = hashes.isEmpty() ? null : hashes.get(hashes.size() - 1);
        String hash = sha256(prev == null ? new byte[32] : HexFormat.of().parseHex(prev), entry);
        lines.add("{\"hash\":\"" + hash + "\",\"prev_hash\":" + (prev == null ? "null" : "\"" + prev + "\"") + ","
                + entry.substring(1));
        hashes.add(hash);
        return this;
    }

    /** The old hash of the line at {@code position}. */
    String hash(int position) {
        return hashes.get(position);
    }

    /** Replaces text in one line after it was hashed: its old chain breaks there (ALTERED). */
    SessionLogFiles tamper(int position, String from, String to) {
        if (!lines.get(position).contains(from)) {
            throw new IllegalArgumentException("line " + position + " has no '" + from + "'");
        }
        lines.set(position, lines.get(position).replace(from, to));
        return this;
    }

    /** Writes the log as {@code dir/<segment>.jsonl}, the name the runtime gave it. */
    Path writeTo(Path dir, SegmentId segment) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(segment + ".jsonl"), String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private static String start(long ts, SegmentId source, String atHash) {
        String forkedFrom = source == null ? "null"
                : "{\"session_id\":\"" + source + "\",\"at_hash\":\"" + atHash + "\"}";
        String history = source == null ? "[]"
                : "[" + userItem("What is the weather in Tokyo?") + "," + assistantItem("Sunny in Tokyo.") + "]";
        return "{\"kind\":\"session_start\",\"ts\":" + ts + ",\"system_prompt\":\"Be helpful.\",\"config\":" + CONFIG
                + ",\"history\":" + history + ",\"forked_from\":" + forkedFrom + ",\"compacted_from\":null}";
    }

    private static String userItem(String text) {
        return "{\"type\":\"message\",\"id\":\"msg_u\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
                + text + "\"}]}";
    }

    private static String assistantItem(String text) {
        return "{\"type\":\"message\",\"id\":\"msg_a\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"" + text + "\"}],\"status\":\"completed\"}";
    }

    private static String userInput(long ts, String text) {
        return "{\"kind\":\"user_input\",\"ts\":" + ts + ",\"item\":" + userItem(text) + "}";
    }

    private static String assistantItems(long ts, String text) {
        return "{\"kind\":\"assistant_items\",\"ts\":" + ts + ",\"items\":[" + assistantItem(text) + "]}";
    }

    private static String turnEnd(long ts, int turn) {
        return "{\"kind\":\"turn_end\",\"ts\":" + ts + ",\"turn_count\":" + turn + "}";
    }

    private static String sha256(byte[] previous, String entry) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous);
            digest.update(entry.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
