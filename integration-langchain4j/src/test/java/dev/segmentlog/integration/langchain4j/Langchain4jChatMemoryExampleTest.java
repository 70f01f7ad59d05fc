package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Langchain4jChatMemoryExampleTest {
    @TempDir
    Path dir;

    @Test
    void threeRuns_continueOneConversation_andKeepEveryTurn() {
        Path file = dir.resolve("chat.db");
        for (int run = 0; run < 3; run++) {
            Langchain4jChatMemoryExample.main(new String[] {file.toString()});
        }

        try (SegmentStore store = SegmentStores.open("sqlite:" + file)) {
            SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);
            assertEquals(12, memories.getHistory("user-42").size());
            // six at most; evicting an AI message with a tool call evicts its tool result with it
            assertEquals(5, memories.getMessages("user-42").size());
        }
    }
}
