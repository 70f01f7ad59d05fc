package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * LangChain4j's documented persistent store pattern ({@link JsonRowChatMemoryStore}: one row of JSON per
 * memory) against {@link SegmentlogChatMemoryStore}, both on a SQLite file in WAL mode with
 * {@code synchronous=NORMAL}, both under a {@link MessageWindowChatMemory} large enough to keep the
 * whole conversation. A turn is four messages, about 1 KB: question, tool call, tool result, answer
 * ({@link Chats#turn}). For each length, the conversation is first stored in one update, then ten more
 * turns are added: per-turn persist is the time spent in the store during them (gets and updates; the
 * window's own work is left out, being the same for both), per turn. Restore is the first read of the memory by
 * a new store on a newly opened file; size is the files' bytes after closing. A plain main (no JMH): its
 * figures are indicative, the ratios are the point.
 *
 * <pre>
 * mvn -q -pl integration-langchain4j exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.langchain4j.ChatMemoryBenchmark
 * </pre>
 */
public final class ChatMemoryBenchmark {
    private static final int TIMED_TURNS = 10;
    private static final String MEMORY = "bench";

    private ChatMemoryBenchmark() {}

    /** A backend under test: opens a chat memory store on a file, and closes what it opened. */
    private interface Backend extends AutoCloseable {
        ChatMemoryStore store();

        @Override
        void close();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("chat-memory-bench");
        List<Function<Path, Backend>> backends = List.of(ChatMemoryBenchmark::jsonRow, ChatMemoryBenchmark::segmentlog);
        List<String> names = List.of("one JSON row per memory (SQLite)", "SegmentlogChatMemoryStore (sqlite:)");
        for (int b = 0; b < backends.size(); b++) {
            run(dir.resolve("warm-up-" + b), backends.get(b), 100);
        }
        System.out.println("| chat memory store | turns | per-turn persist (ms) | restore (ms) | bytes on disk |");
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
                backend.store().updateMessages(MEMORY, Chats.turns("ann", turns - TIMED_TURNS));
                TimedStore timed = new TimedStore(backend.store());
                ChatMemory memory = MessageWindowChatMemory.builder().id(MEMORY).maxMessages(Integer.MAX_VALUE)
                        .chatMemoryStore(timed).build();
                for (int n = turns - TIMED_TURNS + 1; n <= turns; n++) {
                    for (ChatMessage message : Chats.turn("ann", n)) {
                        memory.add(message);
                    }
                }
                perTurn = timed.nanos / 1e6 / TIMED_TURNS;
            }
            double restore;
            try (Backend backend = open.apply(file)) {
                long start = System.nanoTime();
                int read = backend.store().getMessages(MEMORY).size();
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

    /** Adds up the time spent in the store: the persistence, without the window's own work. */
    private static final class TimedStore implements ChatMemoryStore {
        private final ChatMemoryStore store;
        private long nanos;

        TimedStore(ChatMemoryStore store) {
            this.store = store;
        }

        @Override
        public List<ChatMessage> getMessages(Object memoryId) {
            long start = System.nanoTime();
            List<ChatMessage> messages = store.getMessages(memoryId);
            nanos += System.nanoTime() - start;
            return messages;
        }

        @Override
        public void updateMessages(Object memoryId, List<ChatMessage> messages) {
            long start = System.nanoTime();
            store.updateMessages(memoryId, messages);
            nanos += System.nanoTime() - start;
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
            JsonRowChatMemoryStore store = new JsonRowChatMemoryStore(connection);
            return new Backend() {
                @Override
                public ChatMemoryStore store() {
                    return store;
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
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Backend segmentlog(Path file) {
        SegmentStore segments = SegmentStores.open("sqlite:" + file);
        SegmentlogChatMemoryStore store = SegmentlogChatMemoryStore.of(segments);
        return new Backend() {
            @Override
            public ChatMemoryStore store() {
                return store;
            }

            @Override
            public void close() {
                segments.close();
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
