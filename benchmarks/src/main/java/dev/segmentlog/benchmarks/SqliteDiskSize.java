package dev.segmentlog.benchmarks;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/**
 * SQLite bytes on disk (issue #19): the store's file after {@code turns} turns saved through a
 * {@link SegmentLog} (user input, delta, turn end: three appends a turn, the store's default durability),
 * against a plain table of the same messages written turn by turn with the same pragmas. Both files are
 * measured after their last connection closed (the WAL checkpointed into the file); whatever files are left
 * next to each database count too. The figure measures whatever schema the store writes.
 */
final class SqliteDiskSize {
    static final String PLAIN_TABLE = "CREATE TABLE messages (id INTEGER PRIMARY KEY, session TEXT NOT NULL, "
            + "role TEXT NOT NULL, content TEXT NOT NULL)";

    private SqliteDiskSize() {}

    static Figure measure(int turns) throws SQLException {
        Path directory = Work.newDirectory("sqlite-size");
        try {
            Path storeFile = directory.resolve("store.db");
            SessionId session = SessionId.generate();
            try (SegmentStore store = SegmentStores.open("sqlite:" + storeFile)) {
                SegmentLog log = new SegmentLog(store);
                SegmentId segment = SegmentId.generate();
                log.createWithId(segment, session, new StartState(Entries.SYSTEM_PROMPT, RequestConfig.DEFAULT, List.of()));
                for (int n = 1; n <= turns; n++) {
                    Entries.Turn turn = Entries.turn(n);
                    log.saveUserInput(segment, turn.input());
                    log.saveDelta(segment, turn.delta());
                    log.saveTurnEnd(segment, n);
                }
            }
            String ourPages = pages(storeFile);
            long ours = bytes(directory, "store.db");
            Path plainFile = directory.resolve("plain.db");
            writePlain(plainFile, session.toString(), turns);
            String plainPages = pages(plainFile);
            long plain = bytes(directory, "plain.db");
            return Figure.ratio("sqlite.disk", "SQLite bytes on disk after " + turns + " turns",
                    Figure.value(ours / 1e6, 0, "MB"), Figure.value(plain / 1e6, 0, "MB"),
                    "plain table (id, session, role, content) of the same messages: the user's text, the tool "
                            + "call's arguments, the tool result's content, the assistant's text",
                    "≤ 1.2×", r -> r <= 1.2, "a turn is " + turnBytes() + " B of JSON; store: " + ourPages
                            + "; plain: " + plainPages);
        } finally {
            Work.delete(directory);
        }
    }

    /** The mean size of a turn's entries as the codec encodes them. */
    private static long turnBytes() {
        EntryCodec codec = EntryCodec.standard();
        long bytes = 0;
        for (int n = 1; n <= 100; n++) {
            for (LogEntry entry : Entries.turn(n).entries(1000L + n)) {
                bytes += codec.encode(entry).length;
            }
        }
        return bytes / 100;
    }

    /** The messages of each turn, one transaction a turn, as a hand-written chat store keeps them. */
    private static void writePlain(Path file, String session, int turns) throws SQLException {
        try (Connection connection = SqliteAppendBenchmark.openRaw(file, "normal");
             Statement statement = connection.createStatement()) {
            statement.execute(PLAIN_TABLE);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO messages (session, role, content) VALUES (?, ?, ?)")) {
                for (int n = 1; n <= turns; n++) {
                    Entries.Turn turn = Entries.turn(n);
                    statement.execute("BEGIN IMMEDIATE");
                    insert(insert, session, "user", InputPart.flatten(turn.input()));
                    for (HistoryItem item : turn.delta()) {
                        if (item instanceof HistoryItem.ToolCall call) {
                            insert(insert, session, "tool_call", call.arguments());
                        } else if (item instanceof HistoryItem.ToolResult result) {
                            insert(insert, session, "tool", result.content());
                        } else {
                            HistoryItem.Message message = (HistoryItem.Message) item;
                            insert(insert, session, "assistant",
                                    ((HistoryItem.Content.Text) message.content().get(0)).text());
                        }
                    }
                    statement.execute("COMMIT");
                }
            }
        }
    }

    private static void insert(PreparedStatement insert, String session, String role, String content)
            throws SQLException {
        insert.setString(1, session);
        insert.setString(2, role);
        insert.setString(3, content);
        insert.executeUpdate();
    }

    /**
     * Where the bytes go: the file's page count and, when the driver has SQLite's {@code dbstat} table,
     * the bytes of each table and index.
     */
    private static String pages(Path file) throws SQLException {
        try (Connection connection = SqliteAppendBenchmark.openRaw(file, "normal");
             Statement statement = connection.createStatement()) {
            StringJoiner out = new StringJoiner(", ");
            out.add(single(statement, "PRAGMA page_count") + " pages of " + single(statement, "PRAGMA page_size")
                    + " B, " + single(statement, "PRAGMA freelist_count") + " free");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT name, SUM(pgsize), SUM(payload), SUM(unused) FROM dbstat GROUP BY name ORDER BY 2 DESC")) {
                while (rows.next()) {
                    out.add(rows.getString(1) + " " + Figure.format(rows.getLong(2) / 1e3) + " kB (payload "
                            + Figure.format(rows.getLong(3) / 1e3) + " kB, unused " + Figure.format(rows.getLong(4) / 1e3)
                            + " kB)");
                }
            } catch (SQLException e) {
                out.add("no dbstat in this SQLite build");
            }
            return out.toString();
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The bytes of the database file and of every file next to it that starts with its name (-wal, -shm). */
    private static long bytes(Path directory, String database) {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(database))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
