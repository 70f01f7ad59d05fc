package dev.segmentlog.cli;

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
import java.nio.file.Path;
import java.util.List;

/** Test fixtures: stores in temporary directories, and a small conversation written through the library. */
final class Conversations {
    private Conversations() {}

    /** A store URI of the given scheme inside {@code dir}. */
    static String storeUri(String scheme, Path dir) {
        switch (scheme) {
            case "jsonl":
                return "jsonl:" + dir.resolve("logs");
            case "sqlite":
                return "sqlite:" + dir.resolve("test.db");
            default:
                throw new IllegalArgumentException(scheme);
        }
    }

    /**
     * A store URI of the given scheme inside {@code dir}, of a store that exists and is empty: the
     * reading commands open stores read-only and refuse a missing one.
     */
    static String emptyStore(String scheme, Path dir) {
        String uri = storeUri(scheme, dir);
        SegmentStores.open(uri).close();
        return uri;
    }

    /** What {@link #write} wrote: a two-turn conversation and its fork at turn 1. */
    record Written(SessionId session, SegmentId main, SegmentId fork) {}

    /** Writes a conversation with two turns (a tool call in the first) and forks it at turn 1. */
    static Written write(String uri) {
        return write(uri, false);
    }

    /**
     * {@link #write(String)}, hash-chained: 11 entries, turn 1 ends at position 6, so the fork
     * keeps the first 7 and records the hash of the entry at position 6.
     */
    static Written writeChained(String uri) {
        return write(uri, true);
    }

    private static Written write(String uri, boolean chained) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentLog log = chained ? new SegmentLog(store).chained() : new SegmentLog(store);
            SegmentId main = log.create(new StartState("Be brief.", RequestConfig.DEFAULT.withMaxTokens(512), List.of()));
            log.saveInvoke(main, LogEntry.Trigger.USER_SEND);
            log.saveUserInput(main, List.of(new InputPart.Text("Weather in "), new InputPart.FileRef("cities.txt")));
            log.saveDelta(main, List.of(new HistoryItem.ToolCall("c1", "get_weather", "{\"city\":\"Tokyo\"}")));
            log.saveDelta(main, List.of(new HistoryItem.ToolResult("c1", "Sunny, 25C", null, false)));
            log.saveDelta(main, List.of(HistoryItem.assistant("Sunny in Tokyo.")));
            log.saveTurnEnd(main, 1);
            log.saveRunCompleted(main, LogEntry.RunResult.FINISHED, false);
            log.saveUserInput(main, List.of(new InputPart.Text("Thanks")));
            log.saveDelta(main, List.of(HistoryItem.assistant("You're welcome.")));
            log.saveTurnEnd(main, 2);
            SegmentId fork = log.forkAtTurn(main, 1);
            return new Written(store.info(main).sessionId(), main, fork);
        }
    }
}
