package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small entry factories for the adapter's tests. */
final class Entries {
    private Entries() {}

    static LogEntry.SegmentStart start(SessionId session) {
        return new LogEntry.SegmentStart(1_000, session, "You are helpful.", RequestConfig.DEFAULT, List.of(), null, null);
    }

    static LogEntry.SegmentStart forkOf(SessionId session, SegmentId source) {
        return new LogEntry.SegmentStart(1_000, session, null, RequestConfig.DEFAULT, List.of(),
                new SegmentOrigin(source, 0), null);
    }

    /** A distinctive entry: its message names the writer and a sequence number. */
    static LogEntry mark(String writer, int i) {
        return new LogEntry.RunErrored(2_000 + i, false, writer + "-" + i);
    }

    /** Entries as a store takes them, without chain fields. */
    static List<StoredEntry> plain(LogEntry... entries) {
        return StoredEntry.plain(List.of(entries));
    }

    static List<LogEntry> marks(String writer, int from, int count) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            entries.add(mark(writer, i));
        }
        return entries;
    }

    /** A fresh directory under target/, left for inspection after a failure. */
    static Path freshDirectory(String purpose) {
        try {
            Path dir = Path.of("target", purpose, UUID.randomUUID().toString());
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
