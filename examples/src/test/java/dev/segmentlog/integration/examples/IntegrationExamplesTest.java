package dev.segmentlog.integration.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.adk.events.Event;
import com.google.adk.sessions.Session;
import dev.segmentlog.integration.adk.SegmentlogSessionService;
import dev.segmentlog.integration.langchain4j.SegmentlogChatMemoryStore;
import dev.segmentlog.integration.springai.SegmentlogChatMemoryRepository;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Each framework's example, run as a user runs it, on a SQLite store: what it prints and what it leaves stored. */
@ResourceLock(Resources.SYSTEM_OUT)
class IntegrationExamplesTest {
    @TempDir
    Path dir;

    @Test
    void springAiExample_threeRunsContinueOneConversation_theWindowKeepsSix_andTheStoreEveryMessage() {
        String third = threeRuns(SpringAiChatMemoryExample::main, "weather-chat");

        assertTrue(third.contains("window sent to the model: 6 messages"), third);
        try (SegmentStore store = SegmentStores.open(uri())) {
            SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
            assertEquals(12, repository.findHistory("weather-chat").size());
            assertEquals(6, repository.findByConversationId("weather-chat").size());
        }
    }

    @Test
    void langchain4jExample_threeRunsContinueOneMemory_theWindowKeepsWhatFits_andTheStoreEveryMessage() {
        String third = threeRuns(Langchain4jChatMemoryExample::main, "user-42");

        // six at most; evicting an AI message with a tool request evicts its tool result with it
        assertTrue(third.contains("window sent to the model: 5 messages"), third);
        try (SegmentStore store = SegmentStores.open(uri())) {
            SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);
            assertEquals(12, memories.getHistory("user-42").size());
            assertEquals(5, memories.getMessages("user-42").size());
        }
    }

    @Test
    void adkExample_theSecondRunContinuesTheSessionOfTheFirst_withTheToolCallsAndTheState() {
        String first = printedBy(AdkSessionExample::main);
        String second = printedBy(AdkSessionExample::main);

        assertTrue(first.contains("holds 4 events"), first);
        assertTrue(second.contains("holds 8 events"), second);
        assertTrue(second.contains("state last_answer: In Tokyo it is sunny, 25C."), second);
        try (SegmentStore store = SegmentStores.open(uri())) {
            Session session = new SegmentlogSessionService(store)
                    .getSession("weather-app", "ada", "first-conversation", Optional.empty()).blockingGet();
            List<Event> events = session.events();
            assertEquals(List.of("user", "weather", "weather", "weather", "user", "weather", "weather", "weather"),
                    events.stream().map(Event::author).toList());
            assertEquals("get_weather", events.get(5).functionCalls().get(0).name().orElseThrow());
        }
    }

    /** Runs a chat-memory example three times; each run adds a turn of four messages. @return what the third printed */
    private String threeRuns(Consumer<String[]> main, String conversation) {
        String printed = "";
        for (int run = 1; run <= 3; run++) {
            printed = printedBy(main);
            assertTrue(printed.contains("turn " + run + " of " + conversation), printed);
            assertTrue(printed.contains("history kept in the store: " + 4 * run + " messages, turn count " + run), printed);
        }
        return printed;
    }

    /** What {@code main} prints when run on this test's store. */
    private String printedBy(Consumer<String[]> main) {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.accept(new String[] {uri()});
        } finally {
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private String uri() {
        return "sqlite:" + dir.resolve("segmentlog.db");
    }
}
