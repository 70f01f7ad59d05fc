package dev.segmentlog.integration.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringAiChatMemoryExampleTest {
    @TempDir
    Path dir;

    @Test
    void threeRuns_continueOneConversation_andKeepEveryTurn() {
        Path file = dir.resolve("chat.db");
        for (int run = 0; run < 3; run++) {
            SpringAiChatMemoryExample.main(new String[] {file.toString()});
        }

        try (SegmentStore store = SegmentStores.open("sqlite:" + file)) {
            SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);
            assertEquals(12, repository.findHistory("weather-chat").size());
            assertEquals(6, repository.findByConversationId("weather-chat").size());
        }
    }
}
