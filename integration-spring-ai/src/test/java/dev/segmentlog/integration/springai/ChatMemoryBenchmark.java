package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark;
import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark.Contender;
import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark.Stopwatch;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.sqlite.SQLiteConfig;

/**
 * Spring AI's own {@link JdbcChatMemoryRepository} against {@link SegmentlogChatMemoryRepository}, both
 * on a SQLite file in WAL mode with {@code synchronous=NORMAL}, both under a
 * {@link MessageWindowChatMemory} large enough to keep the whole conversation (the JDBC repository then
 * deletes and inserts all of it on every message). The harness, its figures and its arguments are
 * described in {@link PerTurnBenchmark}. The tool-call messages carry an empty text ({@link #messages}).
 * From the repository root, with the LangChain4j benchmark:
 *
 * <pre>
 * mvn -B -q -pl integration-spring-ai,integration-langchain4j -am -DskipTests -Pchat-memory-benchmark verify
 * </pre>
 */
public final class ChatMemoryBenchmark {
    private static final String CONVERSATION = "bench";

    private ChatMemoryBenchmark() {}

    /** @param args the harness's options: {@code --rounds N}, {@code --warmup N}, {@code --turns A,B,...} */
    public static void main(String[] args) {
        PerTurnBenchmark.run("Spring AI chat memory: JdbcChatMemoryRepository vs SegmentlogChatMemoryRepository",
                new Contender("Spring AI JdbcChatMemoryRepository (SQLite)", ChatMemoryBenchmark::jdbc),
                new Contender("SegmentlogChatMemoryRepository (sqlite:)", ChatMemoryBenchmark::segmentlog), args);
    }

    /** A repository under Spring AI's window memory, with the time spent in the repository counted. */
    private static final class Backend implements PerTurnBenchmark.Backend {
        private final ChatMemoryRepository repository;
        private final Stopwatch stopwatch = new Stopwatch();
        private final ChatMemory memory;
        private final AutoCloseable resource;

        Backend(ChatMemoryRepository repository, AutoCloseable resource) {
            this.repository = repository;
            this.memory = MessageWindowChatMemory.builder().chatMemoryRepository(new TimedRepository(repository, stopwatch))
                    .maxMessages(Integer.MAX_VALUE).build();
            this.resource = resource;
        }

        @Override
        public void seed(int count) {
            repository.saveAll(CONVERSATION, messages(1, count));
        }

        @Override
        public long addTurn(int n) {
            long before = stopwatch.nanos();
            for (Message message : messages(n, n)) {
                memory.add(CONVERSATION, message);
            }
            return stopwatch.nanos() - before;
        }

        @Override
        public int restore() {
            return repository.findByConversationId(CONVERSATION).size();
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    /**
     * Turns {@code from} to {@code to}, the tool-call messages with an empty text rather than none: the
     * JDBC repository's {@code content} column is NOT NULL, and it fails on a message without text.
     */
    private static List<Message> messages(int from, int to) {
        List<Message> messages = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            for (Message message : Chats.turn("ann", n)) {
                messages.add(message instanceof AssistantMessage assistant && assistant.getText() == null
                        ? AssistantMessage.builder().content("").toolCalls(assistant.getToolCalls()).build() : message);
            }
        }
        return messages;
    }

    /** The repository, with the time spent in its reads and saves counted: the persistence, without the window's own work. */
    private record TimedRepository(ChatMemoryRepository repository, Stopwatch stopwatch) implements ChatMemoryRepository {

        @Override
        public List<String> findConversationIds() {
            return repository.findConversationIds();
        }

        @Override
        public List<Message> findByConversationId(String conversationId) {
            return stopwatch.call(() -> repository.findByConversationId(conversationId));
        }

        @Override
        public void saveAll(String conversationId, List<Message> messages) {
            stopwatch.run(() -> repository.saveAll(conversationId, messages));
        }

        @Override
        public void deleteByConversationId(String conversationId) {
            repository.deleteByConversationId(conversationId);
        }
    }

    private static Backend jdbc(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            try (Statement schema = connection.createStatement()) {
                schema.execute("CREATE TABLE IF NOT EXISTS SPRING_AI_CHAT_MEMORY (conversation_id TEXT NOT NULL,"
                        + " content TEXT NOT NULL, type TEXT NOT NULL, timestamp INTEGER NOT NULL,"
                        + " CHECK (type IN ('USER', 'ASSISTANT', 'SYSTEM', 'TOOL')))");
                schema.execute("CREATE INDEX IF NOT EXISTS SPRING_AI_CHAT_MEMORY_CONVERSATION_ID_TIMESTAMP_IDX"
                        + " ON SPRING_AI_CHAT_MEMORY(conversation_id, timestamp)");
            }
            JdbcChatMemoryRepository repository = JdbcChatMemoryRepository.builder()
                    .jdbcTemplate(new JdbcTemplate(new SingleConnectionDataSource(connection, true)))
                    .dialect(new SqliteChatMemoryRepositoryDialect()).build();
            return new Backend(repository, connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Backend segmentlog(Path file) {
        SegmentStore store = SegmentStores.open("sqlite:" + file);
        return new Backend(SegmentlogChatMemoryRepository.of(store), store);
    }
}
