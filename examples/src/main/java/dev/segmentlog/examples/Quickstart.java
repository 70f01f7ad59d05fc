package dev.segmentlog.examples;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.log.StartState;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.List;

/**
 * segmentlog in a few lines: open a store by URI, record a conversation, restore it, fork it and
 * compact it. Run it with a store URI as its argument ({@code sqlite:agent.db}, {@code jsonl:logs});
 * without one it uses the in-memory example store.
 */
public final class Quickstart {

    /** What the quickstart made. */
    public record Result(SegmentId segment, SegmentId fork, SegmentId compacted, RestoredState state) {}

    private Quickstart() {}

    /** Runs the quickstart on the store {@code args[0]} names (default {@code example-mem:quickstart}). */
    public static void main(String[] args) {
        Result result = run(args.length > 0 ? args[0] : "example-mem:quickstart");
        System.out.println("restored " + result.segment() + ": " + result.state().turnCount() + " turn, "
                + result.state().history().size() + " history items");
        System.out.println("forked to " + result.fork() + ", compacted to " + result.compacted());
    }

    /** Records, restores, forks and compacts a conversation in the store {@code storeUri} names. */
    public static Result run(String storeUri) {
        try (SegmentStore store = SegmentStores.open(storeUri)) {
            SegmentLog log = new SegmentLog(store);

            // A new conversation: a new session with its first segment.
            SegmentId segment = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));

            // Record a turn. The writer appends only if no other process extended the segment
            // meanwhile; if one did, it forks, and returns the segment it wrote to.
            SegmentWriter writer = log.writer(segment);
            writer.saveUserInput(List.of(new InputPart.Text("What's the weather in Tokyo?")));
            writer.saveDelta(List.of(
                    new HistoryItem.ToolCall("call-1", "get_weather", "{\"city\":\"Tokyo\"}"),
                    new HistoryItem.ToolResult("call-1", "Sunny, 25C", null, false),
                    HistoryItem.assistant("It's sunny in Tokyo, 25C.")));
            segment = writer.saveTurnEnd(1);

            // Restore: replay the log into the state an agent resumes from.
            RestoredState state = log.restore(segment);

            // Fork as of turn 1, e.g. to try another answer to the next question.
            SegmentId fork = log.forkAtTurn(segment, 1);

            // Compact: a new segment of the same session, seeded with a summary.
            SegmentId compacted = log.createCompacted(new StartState(state.systemPrompt(), state.config(),
                    List.of(HistoryItem.user("Summary so far: it is sunny in Tokyo, 25C."))), segment, state.turnCount());

            return new Result(segment, fork, compacted, state);
        }
    }
}
