package dev.segmentlog.examples;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A complete, small {@link SegmentStore} kept in memory: the shape of a third-party backend.
 *
 * <p>Like a real backend it stores bytes, not objects: every entry is encoded with the shared
 * {@link EntryCodec} on the way in and decoded on the way out, so the codec's limits and its
 * corrupt-data errors apply exactly as they do for the JSONL, SQLite and S3 stores. Each segment
 * is guarded by its own monitor, which makes the conditional append (the concurrent-writer check)
 * race-free. Nothing survives the JVM. Thread-safe.
 */
public final class HashMapSegmentStore implements SegmentStore {

    private final EntryCodec codec = EntryCodec.standard(); // built once, reused
    private final ConcurrentMap<SegmentId, Segment> segments = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One segment: what the store knows of it, and its entries and trace as encoded JSON. */
    private static final class Segment {
        final List<byte[]> entries = new ArrayList<>(); // guarded by this
        final List<byte[]> trace = new ArrayList<>();   // guarded by this
        volatile SegmentInfo info;                      // written under this
        boolean deleted;                                // guarded by this

        Segment(SegmentInfo info, List<byte[]> entries) {
            this.info = info;
            this.entries.addAll(entries);
        }
    }

    /** An empty store. */
    public HashMapSegmentStore() {}

    @Override
    public void create(SegmentId id, List<LogEntry> entries) {
        requireOpen();
        SegmentInfo info = SegmentInfo.ofNewSegment(id, entries); // refuses a log without segment_start
        Segment segment = new Segment(info, encode(entries));    // refuses bad entries before storing any
        if (segments.putIfAbsent(id, segment) != null) {
            throw new SegmentAlreadyExistsException(id);          // never overwrite
        }
    }

    @Override
    public void appendAll(SegmentId id, List<LogEntry> entries) {
        append(id, -1, entries);
    }

    @Override
    public void appendIfCount(SegmentId id, long expectedCount, List<LogEntry> entries) {
        if (expectedCount < 0) {
            throw new IllegalArgumentException("expectedCount must not be negative: " + expectedCount);
        }
        append(id, expectedCount, entries);
    }

    /** Appends all or nothing; checks the count first when {@code expectedCount} is not -1. */
    private void append(SegmentId id, long expectedCount, List<LogEntry> entries) {
        List<byte[]> encoded = encode(entries); // may throw: nothing is stored yet
        Segment segment = segment(id);
        synchronized (segment) {
            requireNotDeleted(id, segment);
            if (expectedCount != -1 && segment.entries.size() != expectedCount) {
                throw new ConflictException(id, expectedCount, segment.entries.size());
            }
            segment.entries.addAll(encoded);
            segment.info = segment.info.withAppended(entries);
        }
    }

    @Override
    public List<LogEntry> readFrom(SegmentId id, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        Segment segment = segment(id);
        List<byte[]> lines;
        synchronized (segment) {
            requireNotDeleted(id, segment);
            int from = (int) Math.min(position, segment.entries.size());
            lines = List.copyOf(segment.entries.subList(from, segment.entries.size()));
        }
        List<LogEntry> entries = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            entries.add(codec.decode(line, id, position + entries.size())); // CorruptDataException names the position
        }
        return entries;
    }

    @Override
    public long count(SegmentId id) {
        return info(id).entryCount();
    }

    @Override
    public boolean exists(SegmentId id) {
        requireOpen();
        return segments.containsKey(Objects.requireNonNull(id, "id"));
    }

    @Override
    public SegmentInfo info(SegmentId id) {
        return segment(id).info;
    }

    @Override
    public List<SegmentId> listSegments() {
        requireOpen();
        return segments.keySet().stream().sorted(Comparator.reverseOrder()).toList(); // ids are time-ordered
    }

    @Override
    public List<SessionId> listSessions() {
        requireOpen();
        return segments.values().stream().map(segment -> segment.info.sessionId()).distinct()
                .sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public List<SegmentId> listSegments(SessionId session) {
        requireOpen();
        Objects.requireNonNull(session, "session");
        return segments.values().stream().map(segment -> segment.info).filter(info -> info.sessionId().equals(session))
                .map(SegmentInfo::segmentId).sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public int deleteSession(SessionId session) {
        int deleted = 0;
        for (SegmentId id : listSegments(session)) {
            Segment segment = segments.get(id);
            if (segment != null) {
                synchronized (segment) { // a racing append now fails instead of writing into a deleted segment
                    segment.deleted = true;
                }
                if (segments.remove(id, segment)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    @Override
    public void appendTrace(SegmentId id, TraceEntry entry) {
        byte[] encoded = codec.encodeTrace(entry);
        Segment segment = segment(id);
        synchronized (segment) {
            requireNotDeleted(id, segment);
            segment.trace.add(encoded);
        }
    }

    @Override
    public List<TraceEntry> readTrace(SegmentId id) {
        Segment segment = segment(id);
        List<byte[]> lines;
        synchronized (segment) {
            requireNotDeleted(id, segment);
            lines = List.copyOf(segment.trace);
        }
        List<TraceEntry> trace = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            trace.add(codec.decodeTrace(line, id, trace.size()));
        }
        return trace;
    }

    /** Closing twice is harmless; every later call fails with a {@link BackendException}. */
    @Override
    public void close() {
        closed = true;
    }

    private List<byte[]> encode(List<LogEntry> entries) {
        List<byte[]> encoded = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            encoded.add(codec.encode(entry)); // InvalidEntryException if over the codec's limits
        }
        return encoded;
    }

    private Segment segment(SegmentId id) {
        requireOpen();
        Segment segment = segments.get(Objects.requireNonNull(id, "id"));
        if (segment == null) {
            throw new SegmentNotFoundException(id);
        }
        return segment;
    }

    private static void requireNotDeleted(SegmentId id, Segment segment) {
        if (segment.deleted) {
            throw new SegmentNotFoundException(id);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new BackendException("this example-mem store is closed", null);
        }
    }
}
