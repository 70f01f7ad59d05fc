package dev.segmentlog.store.postgres;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SessionId;
import java.util.List;

/** Small factories for the entries the adapter tests write. */
final class Entries {
    private Entries() {}

    static LogEntry.SegmentStart start(SessionId session) {
        return new LogEntry.SegmentStart(1_000, session, "You are helpful.", RequestConfig.DEFAULT, List.of(), null,
                null);
    }

    /** An assistant message whose text is {@code marker}, so tests can find each entry again. */
    static LogEntry said(long ts, String marker) {
        return new LogEntry.AssistantItem(ts, HistoryItem.assistant(marker));
    }

    /** The marker of an entry made by {@link #said}; null for any other entry. */
    static String marker(LogEntry entry) {
        if (entry instanceof LogEntry.AssistantItem assistant
                && assistant.item() instanceof HistoryItem.Message message
                && !message.content().isEmpty()
                && message.content().get(0) instanceof HistoryItem.Content.Text text) {
            return text.text();
        }
        return null;
    }
}
