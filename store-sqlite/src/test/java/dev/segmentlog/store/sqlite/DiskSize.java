package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes on disk of a SQLite store against a plain table of the same messages, and where the store's
 * bytes go.
 *
 * <p>The workload: {@code sessions} conversations of {@code turns} turns each, written through
 * {@link SegmentWriter} as an agent does: a user input, a delta of a tool call, its result and the
 * assistant's answer, and a turn end (the turn of the chat-memory benchmarks: about 630 bytes of
 * text). The baseline holds the same four messages of each turn in the table Spring AI's JDBC chat
 * memory uses ({@code conversation_id, content, type, timestamp}, indexed on
 * {@code (conversation_id, timestamp)}), the session's id as the conversation id, each message's
 * text as its content (the question, the call's arguments, the result, the answer). It holds less
 * than the store: no call ids or tool names, no session start, no turn ends, nothing a hash chain or
 * a fork needs, which makes the ratio an upper bound. Both files are in WAL mode and measured after
 * their last connection closed (the WAL checkpointed into the file and removed); the breakdown is
 * SQLite's {@code dbstat} (what {@code sqlite3_analyzer} reads): pages, payload and unused bytes per
 * table and index, and the free list.
 *
 * <p>Run, printing the breakdown of both files and the ratio:
 * <pre>
 * mvn -q -pl store-sqlite exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.store.sqlite.DiskSize [-Dexec.args="SESSIONS TURNS"]
 * </pre>
 * (defaults: 10 sessions of 500 turns, 25,010 entries). {@code SqliteDiskSizeTest} runs a smaller one.
 */
final class DiskSize {

    /** The bytes of one table or index: pages, what its cells hold, and the room left unused in its pages. */
    record Part(String name, long pages, long bytes, long payload, long unused) {}

    /** A file's size, its parts (the free list as {@code "(free list)"}), and its page size. */
    record FileBytes(long size, int pageSize, Map<String, Part> parts) {
        long partsBytes() {
            return parts.values().stream().mapToLong(Part::bytes).sum();
        }
    }

    /** Both files, measured. */
    record Result(FileBytes store, FileBytes plain, long entries, long messages) {
        double ratio() {
            return (double) store.size() / plain.size();
        }
    }

    /** The baseline's timestamps: milliseconds, one apart, as Spring AI's repository writes them. */
    private static final long FIRST_TIMESTAMP = 1_700_000_000_000L;

    private DiskSize() {}

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("segmentlog-disk-size");
        Result result = measure(dir, sessions, turns);
        System.out.printf(Locale.ROOT, "%d sessions x %d turns: %d entries, %d messages%n", sessions, turns,
                result.entries(), result.messages());
        print("segmentlog sqlite: store", result.store());
        print("plain table of the same messages", result.plain());
        System.out.printf(Locale.ROOT, "ratio: %.3f (%d / %d bytes)%n", result.ratio(), result.store().size(),
                result.plain().size());
    }

    private static void print(String title, FileBytes file) {
        System.out.printf(Locale.ROOT, "%s: %d bytes (%d-byte pages)%n", title, file.size(), file.pageSize());
        System.out.printf(Locale.ROOT, "  %-28s %7s %11s %11s %10s%n", "table or index", "pages", "bytes", "payload",
                "unused");
        for (Part part : file.parts().values()) {
            System.out.printf(Locale.ROOT, "  %-28s %7d %11d %11d %10d%n", part.name(), part.pages(), part.bytes(),
                    part.payload(), part.unused());
        }
    }

    /** Writes the workload into {@code store.db} and the baseline into {@code plain.db} in {@code dir}, and measures both. */
    static Result measure(Path dir, int sessions, int turns) throws SQLException, IOException {
        Path storeFile = dir.resolve("store.db");
        Path plainFile = dir.resolve("plain.db");
        long messages = 0;
        try (SqliteSegmentStore store = SqliteSegmentStore.open(storeFile);
             Connection plain = Sqlite.connect(plainFile)) {
            try (Statement schema = plain.createStatement()) {
                schema.execute("PRAGMA journal_mode = WAL");
                schema.execute("CREATE TABLE messages (conversation_id TEXT NOT NULL, content TEXT NOT NULL, "
                        + "type TEXT NOT NULL, timestamp INTEGER NOT NULL)");
                schema.execute("CREATE INDEX messages_by_conversation ON messages (conversation_id, timestamp)");
            }
            SegmentLog log = new SegmentLog(store);
            try (PreparedStatement insert = plain.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, ?)")) {
                for (int s = 0; s < sessions; s++) {
                    SegmentId segment = log.create(new StartState("You are a helpful assistant.", RequestConfig.DEFAULT,
                            List.of()));
                    String conversation = store.info(segment).sessionId().toString();
                    SegmentWriter writer = log.writer(segment);
                    for (int n = 1; n <= turns; n++) {
                        Turn turn = Turn.of("user-" + s, n);
                        writer.saveUserInput(List.of(new InputPart.Text(turn.question())));
                        writer.saveDelta(List.of(new HistoryItem.ToolCall(turn.callId(), "weather", turn.arguments()),
                                new HistoryItem.ToolResult(turn.callId(), turn.result(), null, false),
                                HistoryItem.assistant(turn.answer())));
                        writer.saveTurnEnd(n);
                        List<String[]> rows = List.of(new String[] {turn.question(), "USER"},
                                new String[] {turn.arguments(), "ASSISTANT"}, new String[] {turn.result(), "TOOL"},
                                new String[] {turn.answer(), "ASSISTANT"});
                        for (String[] row : rows) {
                            insert.setString(1, conversation);
                            insert.setString(2, row[0]);
                            insert.setString(3, row[1]);
                            insert.setLong(4, FIRST_TIMESTAMP + messages++);
                            insert.executeUpdate();
                        }
                    }
                }
            }
        }
        long entries = Sqlite.queryLong(storeFile, "SELECT count(*) FROM entries");
        return new Result(bytes(storeFile), bytes(plainFile), entries, messages);
    }

    /** The file's size and its pages by table and index, as {@code dbstat} counts them. */
    static FileBytes bytes(Path file) throws SQLException, IOException {
        Map<String, Part> parts = new LinkedHashMap<>();
        int pageSize;
        try (Connection connection = Sqlite.connect(file); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT name, count(*), sum(pgsize), sum(payload), sum(unused) "
                    + "FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC, name")) {
                while (rs.next()) {
                    parts.put(rs.getString(1), new Part(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT (SELECT freelist_count FROM pragma_freelist_count), "
                    + "(SELECT page_size FROM pragma_page_size)")) {
                rs.next();
                pageSize = rs.getInt(2);
                long free = rs.getLong(1);
                parts.put("(free list)", new Part("(free list)", free, free * pageSize, 0, free * pageSize));
            }
        }
        return new FileBytes(Files.size(file), pageSize, parts);
    }

    /** The messages of turn {@code n}: the chat-memory benchmarks' turn (a question, a tool call, its result, the answer). */
    record Turn(String callId, String question, String arguments, String result, String answer) {
        static Turn of(String who, int n) {
            return new Turn(who + "-call-" + n,
                    who + " asks question " + n + ": " + "what is the weather like? ".repeat(8),
                    "{\"city\":\"Paris\",\"turn\":" + n + "}",
                    "{\"sky\":\"clear\",\"celsius\":" + (n % 30) + "}",
                    who + " answer " + n + ": " + "it is sunny in Paris today. ".repeat(12));
        }
    }
}
