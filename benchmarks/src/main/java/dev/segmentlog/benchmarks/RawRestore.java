package dev.segmentlog.benchmarks;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The hand-written restore the restore figures are measured against: the conversation's entries, as the
 * codec's JSON, read as plainly as possible (one {@code readAllBytes} of a {@code .jsonl} file split at
 * {@code \n}, or one {@code SELECT} of a table: a plain SQLite table, or the PostgreSQL store's own rows)
 * and each parsed by Jackson's {@code readTree} into the objects a chat runtime resumes from: the system
 * prompt, the core's {@link HistoryItem}s and the turn count. It knows only the kinds and members
 * {@link Entries#turn} writes and checks nothing beyond Jackson's parse: it is the floor, not an alternative
 * implementation.
 */
final class RawRestore {

    /** What the baseline restores; the restore figures check it equals segmentlog's restored state. */
    record Conversation(String systemPrompt, List<HistoryItem> history, int turnCount) {}

    private String systemPrompt;
    private final List<HistoryItem> history = new ArrayList<>();
    private int turnCount;

    private RawRestore() {}

    /** Writes {@code entries} as the codec's lines into a new {@code .jsonl} file. */
    static void writeJsonl(Path file, List<LogEntry> entries) {
        try {
            Files.write(file, AppendFixture.lines(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the whole file, splits it into lines and parses each. */
    static Conversation fromJsonl(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RawRestore restore = new RawRestore();
        AppendFixture.parseLines(bytes, restore::add);
        return restore.conversation();
    }

    /**
     * Writes {@code entries} as the codec's JSON into {@link SqliteAppendBenchmark#TABLE} under {@code segment},
     * in one transaction.
     */
    static void writeTable(Connection connection, String segment, List<LogEntry> entries) throws SQLException {
        EntryCodec codec = EntryCodec.standard();
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqliteAppendBenchmark.TABLE);
        }
        try (Statement statement = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement(SqliteAppendBenchmark.INSERT)) {
            statement.execute("BEGIN IMMEDIATE");
            for (int seq = 0; seq < entries.size(); seq++) {
                LogEntry entry = entries.get(seq);
                insert.setString(1, segment);
                insert.setLong(2, seq);
                insert.setString(3, entry.kind().wireName());
                insert.setLong(4, entry.ts());
                insert.setString(5, new String(codec.encode(entry), StandardCharsets.UTF_8)); // TEXT, as the store keeps it
                insert.addBatch();
            }
            insert.executeBatch();
            statement.execute("COMMIT");
        }
    }

    /** The statement that reads a segment's JSON in order: {@link #fromTable} runs it. */
    static PreparedStatement selectJson(Connection connection) throws SQLException {
        return connection.prepareStatement("SELECT json FROM entries WHERE segment_id = ? ORDER BY seq");
    }

    /**
     * Runs {@code select} for {@code segment} (its key as the table holds it: a String in SQLite, a UUID in
     * PostgreSQL) and parses each row's JSON, read as UTF-8 bytes (no String).
     */
    static Conversation fromTable(PreparedStatement select, Object segment) throws SQLException {
        RawRestore restore = new RawRestore();
        select.setObject(1, segment);
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                restore.add(AppendFixture.READER.readTree(rows.getBytes(1)));
            }
        }
        return restore.conversation();
    }

    private void add(JsonNode entry) {
        switch (entry.get("kind").asString()) {
            case "segment_start" -> systemPrompt = entry.get("system_prompt").asString();
            case "user_input" -> history.add(HistoryItem.user(userText(entry.get("segments"))));
            case "assistant_item", "tool_result" -> history.add(item(entry.get("item")));
            case "turn_end" -> turnCount = entry.get("turn_count").asInt();
            default -> { } // nothing else is written by the fixture
        }
    }

    private static String userText(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            text.append(part.get("content").asString());
        }
        return text.toString();
    }

    private static HistoryItem item(JsonNode item) {
        return switch (item.get("kind").asString()) {
            case "tool_call" -> new HistoryItem.ToolCall(item.get("call_id").asString(), item.get("name").asString(),
                    item.get("arguments").asString());
            case "tool_result" -> new HistoryItem.ToolResult(item.get("call_id").asString(),
                    item.get("summary").asString(), item.hasNonNull("content") ? item.get("content").asString() : null,
                    item.path("is_error").asBoolean(false));
            default -> HistoryItem.assistant(item.get("content").get(0).get("text").asString());
        };
    }

    private Conversation conversation() {
        return new Conversation(systemPrompt, history, turnCount);
    }
}
