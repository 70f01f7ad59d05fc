package dev.segmentlog.store.s3;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small entry factories for the adapter tests. */
final class Entries {
    private Entries() {}

    static LogEntry.SegmentStart start(SessionId session) {
        return new LogEntry.SegmentStart(1_000, session, "You are helpful.", RequestConfig.DEFAULT, List.of(), null, null);
    }

    static LogEntry turn(int n) {
        return new LogEntry.TurnEnd(2_000L + n, n);
    }

    static List<LogEntry> turns(int from, int count) {
        List<LogEntry> turns = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            turns.add(turn(i));
        }
        return turns;
    }

    /** Plain entries as the port takes them. */
    static List<StoredEntry> stored(List<LogEntry> entries) {
        return StoredEntry.plain(entries);
    }

    static String freshPrefix(String what) {
        return "adapter/" + what + "/" + UUID.randomUUID();
    }
}
