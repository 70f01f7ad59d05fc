package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark;
import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark.Contender;
import dev.segmentlog.integration.chat.testkit.PerTurnBenchmark.Stopwatch;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * LangChain4j's documented persistent store pattern ({@link JsonRowChatMemoryStore}: one row of JSON per
 * memory) against {@link SegmentlogChatMemoryStore}, both on a SQLite file in WAL mode with
 * {@code synchronous=NORMAL}, both under a {@link MessageWindowChatMemory} large enough to keep the
 * whole conversation. The harness, its figures and its arguments are described in
 * {@link PerTurnBenchmark}. From the repository root, with the Spring AI benchmark:
 *
 * <pre>
 * mvn -B -q -pl integration-spring-ai,integration-langchain4j -am -DskipTests -Pchat-memory-benchmark verify
 * </pre>
 */
public final class ChatMemoryBenchmark {
    private static final String MEMORY = "bench";

    private ChatMemoryBenchmark() {}

    /** @param args the harness's options: {@code --rounds N}, {@code --warmup N}, {@code --turns A,B,...} */
    public static void main(String[] args) {
        PerTurnBenchmark.run("LangChain4j chat memory: one JSON row per memory vs SegmentlogChatMemoryStore",
                new Contender("one JSON row per memory (SQLite)", ChatMemoryBenchmark::jsonRow),
                new Contender("SegmentlogChatMemoryStore (sqlite:)", ChatMemoryBenchmark::segmentlog), args);
    }

    /** A chat memory store under LangChain4j's window memory, with the time spent in the store counted. */
    private static final class Backend implements PerTurnBenchmark.Backend {
        private final ChatMemoryStore store;
        private final Stopwatch stopwatch = new Stopwatch();
        private final ChatMemory memory;
        private final AutoCloseable resource;

        Backend(ChatMemoryStore store, AutoCloseable resource) {
            this.store = store;
            this.memory = MessageWindowChatMemory.builder().id(MEMORY).maxMessages(Integer.MAX_VALUE)
                    .chatMemoryStore(new TimedStore(store, stopwatch)).build();
            this.resource = resource;
        }

        @Override
        public void seed(int count) {
            store.updateMessages(MEMORY, Chats.turns("ann", count));
        }

        @Override
        public long addTurn(int n) {
            long before = stopwatch.nanos();
            Chats.turn("ann", n).forEach(memory::add);
            return stopwatch.nanos() - before;
        }

        @Override
        public int restore() {
            return store.getMessages(MEMORY).size();
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    /** The store, with the time spent in its gets and updates counted: the persistence, without the window's own work. */
    private record TimedStore(ChatMemoryStore store, Stopwatch stopwatch) implements ChatMemoryStore {

        @Override
        public List<ChatMessage> getMessages(Object memoryId) {
            return stopwatch.call(() -> store.getMessages(memoryId));
        }

        @Override
        public void updateMessages(Object memoryId, List<ChatMessage> messages) {
            stopwatch.run(() -> store.updateMessages(memoryId, messages));
        }

        @Override
        public void deleteMessages(Object memoryId) {
            store.deleteMessages(memoryId);
        }
    }

    private static Backend jsonRow(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            return new Backend(new JsonRowChatMemoryStore(connection), connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Backend segmentlog(Path file) {
        SegmentStore segments = SegmentStores.open("sqlite:" + file);
        return new Backend(SegmentlogChatMemoryStore.of(segments), segments);
    }
}
