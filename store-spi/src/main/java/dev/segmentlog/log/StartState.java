package dev.segmentlog.log;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import java.util.List;
import java.util.Objects;

/**
 * What a new segment opens with: the state an agent has when it starts, forks or compacts.
 *
 * @param systemPrompt nullable: no system prompt
 * @param config       the request settings
 * @param history      the seed history (for a compaction, the summary)
 */
public record StartState(String systemPrompt, RequestConfig config, List<HistoryItem> history) {

    /** @throws NullPointerException if {@code config} or {@code history} is or holds null */
    public StartState {
        Objects.requireNonNull(config, "config");
        history = List.copyOf(history);
    }

    /** The prompt, config and history of a replayed state. */
    public static StartState of(RestoredState state) {
        return new StartState(state.systemPrompt(), state.config(), state.history());
    }
}
