package dev.segmentlog.integration.springai;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
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
 * rewrites all of it on every message). A turn is four messages, about 1 KB: question, tool call, tool
 * result, answer ({@link Chats#turn}). For each length, the conversation is first stored in one
 * {@code saveAll}, then ten more turns are added: per-turn persist is the time spent in the repository during them
 * (reads and saves; the window's own work is left out, being the same for both), per turn. Restore is
 * the first read of the conversation by a new repository on a newly opened file; size is the files'
 * bytes after closing. The tool-call messages carry an empty text ({@link #turns}). A plain main (no JMH): its figures are indicative, the ratios are the point.
 *
 * <pre>
 * mvn -q -pl integration-spring-ai exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.springai.ChatMemoryBenchmark
 * </pre>
 */
public final class ChatMemoryBenchmark {
    private static final int TIMED_TURNS = 10;
    private static final String CONVERSATION = "bench";

    private ChatMemoryBenchmark() {}

    /** A backend under test: opens a repository on a file, and closes what it opened. */
    private interface Backend extends AutoCloseable {
        ChatMemoryRepository repository();

        @Override
        void close();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("chat-memory-bench");
        List<Function<Path, Backend>> backends = List.of(ChatMemoryBenchmark::jdbc, ChatMemoryBenchmark::segmentlog);
        List<String> names = List.of("Spring AI JdbcChatMemoryRepository (SQLite)", "SegmentlogChatMemoryRepository (sqlite:)");
        for (int b = 0; b < backends.size(); b++) {
            run(dir.resolve("warm-up-" + b), backends.get(b), 100);
        }
        System.out.println("| repository | turns | per-turn persist (ms) | restore (ms) | bytes on disk |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int turns : new int[] {10, 100, 1000}) {
            for (int b = 0; b < backends.size(); b++) {
                double[] result = run(dir.resolve(b + "-" + turns), backends.get(b), turns);
                System.out.printf("| %s | %d | %.3f | %.2f | %,d |%n", names.get(b), turns, result[0], result[1], (long) result[2]);
            }
        }
    }

    /** @return per-turn persist (ms), restore (ms), bytes on disk */
    private static double[] run(Path dir, Function<Path, Backend> open, int turns) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("chat.db");
            double perTurn;
            try (Backend backend = open.apply(file)) {
                backend.repository().saveAll(CONVERSATION, turns(1, turns - TIMED_TURNS));
                TimedRepository timed = new TimedRepository(backend.repository());
                ChatMemory memory = MessageWindowChatMemory.builder()
                        .chatMemoryRepository(timed).maxMessages(Integer.MAX_VALUE).build();
                for (Message message : turns(turns - TIMED_TURNS + 1, turns)) {
                    memory.add(CONVERSATION, message);
                }
                perTurn = timed.nanos / 1e6 / TIMED_TURNS;
            }
            double restore;
            try (Backend backend = open.apply(file)) {
                long start = System.nanoTime();
                int read = backend.repository().findByConversationId(CONVERSATION).size();
                restore = (System.nanoTime() - start) / 1e6;
                if (read != turns * 4) {
                    throw new IllegalStateException("restored " + read + " messages, expected " + turns * 4);
                }
            }
            long bytes;
            try (Stream<Path> files = Files.list(dir)) {
                bytes = files.mapToLong(ChatMemoryBenchmark::size).sum();
            }
            return new double[] {perTurn, restore, bytes};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Turns {@code from} to {@code to}, the tool-call messages with an empty text rather than none: the
     * JDBC repository's {@code content} column is NOT NULL, and it fails on a message without text.
     */
    private static List<Message> turns(int from, int to) {
        List<Message> messages = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            for (Message message : Chats.turn("ann", n)) {
                messages.add(message instanceof AssistantMessage assistant && assistant.getText() == null
                        ? AssistantMessage.builder().content("").toolCalls(assistant.getToolCalls()).build() : message);
            }
        }
        return messages;
    }

    /** Adds up the time spent in the repository: the persistence, without the window's own work. */
    private static final class TimedRepository implements ChatMemoryRepository {
        private final ChatMemoryRepository repository;
        private long nanos;

        TimedRepository(ChatMemoryRepository repository) {
            this.repository = repository;
        }

        @Override
        public List<String> findConversationIds() {
            return repository.findConversationIds();
        }

        @Override
        public List<Message> findByConversationId(String conversationId) {
            long start = System.nanoTime();
            List<Message> messages = repository.findByConversationId(conversationId);
            nanos += System.nanoTime() - start;
            return messages;
        }

        @Override
        public void saveAll(String conversationId, List<Message> messages) {
            long start = System.nanoTime();
            repository.saveAll(conversationId, messages);
            nanos += System.nanoTime() - start;
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
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
            try (Statement schema = connection.createStatement()) {
                schema.execute("CREATE TABLE IF NOT EXISTS SPRING_AI_CHAT_MEMORY (conversation_id TEXT NOT NULL,"
                        + " content TEXT NOT NULL, type TEXT NOT NULL, timestamp INTEGER NOT NULL,"
                        + " CHECK (type IN ('USER', 'ASSISTANT', 'SYSTEM', 'TOOL')))");
                schema.execute("CREATE INDEX IF NOT EXISTS SPRING_AI_CHAT_MEMORY_CONVERSATION_ID_TIMESTAMP_IDX"
                        + " ON SPRING_AI_CHAT_MEMORY(conversation_id, timestamp)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection, true);
        JdbcChatMemoryRepository repository = JdbcChatMemoryRepository.builder()
                .jdbcTemplate(new JdbcTemplate(dataSource)).dialect(new SqliteChatMemoryRepositoryDialect()).build();
        return new Backend() {
            @Override
            public ChatMemoryRepository repository() {
                return repository;
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Backend segmentlog(Path file) {
        SegmentStore store = SegmentStores.open("sqlite:" + file);
        SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
        return new Backend() {
            @Override
            public ChatMemoryRepository repository() {
                return repository;
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
