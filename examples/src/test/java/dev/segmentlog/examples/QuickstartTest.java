package dev.segmentlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @Test
    void quickstart_onTheExampleStore_restoresOneTurn() {
        Quickstart.Result result = Quickstart.run("example-mem:quickstart");

        assertEquals(1, result.state().turnCount());
        assertEquals(4, result.state().history().size());
        assertEquals("You are helpful.", result.state().systemPrompt());
    }

    @Test
    void quickstart_onAJsonlStore_leavesAForkAndACompactionInOneSession(@TempDir Path dir) {
        String uri = "jsonl:" + dir;

        Quickstart.Result result = Quickstart.run(uri);

        try (SegmentStore store = SegmentStores.open(uri)) {
            assertEquals(new SegmentOrigin(result.segment(), 1), store.info(result.fork()).forkedFrom());
            assertEquals(new SegmentOrigin(result.segment(), 1), store.info(result.compacted()).compactedFrom());
            assertEquals(3, store.listSegments(store.info(result.segment()).sessionId(), PageRequest.first(10)).items().size());
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.readAll(result.fork()).get(0);
            assertEquals(result.state().history(), start.history());
        }
    }

    @Test
    void main_runsWithoutArguments() {
        Quickstart.main(new String[0]);
    }
}
