package dev.segmentlog.examples.store;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A complete, small {@link SegmentStore} kept in memory: the shape of a third-party backend.
 *
 * <p>Like a real backend it stores bytes, not objects: every entry is encoded with the shared
 * {@link EntryCodec} on the way in (with its chain fields, so the store keeps hash-chained segments)
 * and decoded on the way out, so the codec's limits and its corrupt-data errors apply exactly as
 * they do for the JSONL, SQLite and S3 stores. One monitor guards the index of segments and
 * sessions; each segment is guarded by its own monitor, which makes the conditional append (the
 * concurrent-writer check) race-free. Nothing survives the JVM. Thread-safe.
 *
 * <p>The maps are the store's <em>storage</em>, kept apart from the store object as a real backend's
 * directory, database or bucket is: {@link #reopen()} opens another store on the same storage, as
 * another process (or the same one after closing its store) would open the same files. An instance
 * keeps nothing of its own but whether it is closed, so each sees at once what the others write.
 *
 * <p>What a page costs: a read decodes only the entries of its page; a listing walks only the ids
 * of its page (and one more) in sorted sets.
 */
public final class HashMapSegmentStore implements SegmentStore {

    private final EntryCodec codec = EntryCodec.standard(); // built once, reused
    private final Storage storage;
    private volatile boolean closed;

    /** What every store opened on it shares: the index of segments and sessions, and the segments. */
    private static final class Storage {
        final Object index = new Object();
        final NavigableMap<SegmentId, Segment> segments = new TreeMap<>();                 // guarded by index
        final NavigableMap<SessionId, NavigableSet<SegmentId>> sessions = new TreeMap<>(); // guarded by index
    }

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

    /** An empty store, on a storage of its own. */
    public HashMapSegmentStore() {
        this(new Storage());
    }

    private HashMapSegmentStore(Storage storage) {
        this.storage = storage;
    }

    /**
     * Another open store on this store's storage, whether this one is closed or not: what opening a
     * durable backend again on the same directory or database gives.
     *
     * @return a new store that reads and writes the same segments
     */
    public HashMapSegmentStore reopen() {
        return new HashMapSegmentStore(storage);
    }

    @Override
    public void create(SegmentId id, List<StoredEntry> entries) {
        Objects.requireNonNull(id, "id");
        SegmentInfo info = SegmentInfo.ofNewSegment(id, StoredEntry.entries(entries)); // refuses a log without segment_start
        Segment segment = new Segment(info, encode(entries));                           // refuses bad entries before storing any
        requireOpen();
        synchronized (storage.index) {
            if (storage.segments.putIfAbsent(id, segment) != null) {
                throw new SegmentAlreadyExistsException(id);                              // never overwrite
            }
            storage.sessions.computeIfAbsent(info.sessionId(), session -> new TreeSet<>()).add(id);
        }
    }

    /** Appends all or nothing, if {@code expected} holds for the count: checked and written under the segment's monitor. */
    @Override
    public void append(SegmentId id, ExpectedCount expected, List<StoredEntry> entries) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expected, "expected");
        List<byte[]> encoded = encode(entries); // may throw: nothing is stored yet
        Segment segment = segment(id);
        synchronized (segment) {
            requireNotDeleted(id, segment);
            long actual = segment.entries.size();
            if (!expected.matches(actual)) {
                throw new ConflictException(id, ((ExpectedCount.Exactly) expected).count(), actual);
            }
            segment.entries.addAll(encoded);
            segment.info = segment.info.withAppended(StoredEntry.entries(entries));
        }
    }

    @Override
    public List<StoredEntry> read(SegmentId id, long position, int limit) {
        Objects.requireNonNull(id, "id");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("a page limit must be at least 1, not " + limit);
        }
        Segment segment = segment(id);
        List<byte[]> lines;
        synchronized (segment) {
            requireNotDeleted(id, segment);
            int from = (int) Math.min(position, segment.entries.size());
            lines = List.copyOf(segment.entries.subList(from, (int) Math.min((long) from + limit, segment.entries.size())));
        }
        List<StoredEntry> page = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            page.add(codec.decodeHashed(line, id, position + page.size())); // CorruptDataException names the position
        }
        return Collections.unmodifiableList(page);
    }

    @Override
    public long count(SegmentId id) {
        return info(id).entryCount();
    }

    @Override
    public boolean exists(SegmentId id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        synchronized (storage.index) {
            return storage.segments.containsKey(id);
        }
    }

    @Override
    public SegmentInfo info(SegmentId id) {
        return segment(id).info;
    }

    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        Objects.requireNonNull(page, "page");
        requireOpen();
        synchronized (storage.index) {
            return page(storage.segments.navigableKeySet(), page);
        }
    }

    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        Objects.requireNonNull(page, "page");
        requireOpen();
        synchronized (storage.index) {
            return page(storage.sessions.navigableKeySet(), page);
        }
    }

    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(page, "page");
        requireOpen();
        synchronized (storage.index) {
            return page(storage.sessions.getOrDefault(session, Collections.emptyNavigableSet()), page);
        }
    }

    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        requireOpen();
        List<Segment> doomed = new ArrayList<>();
        synchronized (storage.index) {
            NavigableSet<SegmentId> ids = storage.sessions.remove(session);
            if (ids != null) {
                ids.forEach(id -> doomed.add(storage.segments.remove(id)));
            }
        }
        for (Segment segment : doomed) {
            synchronized (segment) { // a racing append that found it before now fails instead of writing into a deleted segment
                segment.deleted = true;
            }
        }
        return doomed.size();
    }

    @Override
    public void appendTrace(SegmentId id, TraceEntry entry) {
        Objects.requireNonNull(id, "id");
        byte[] encoded = codec.encodeTrace(Objects.requireNonNull(entry, "entry"));
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
        return Collections.unmodifiableList(trace);
    }

    /** Closing twice is harmless; every later call fails with a {@link BackendException}. */
    @Override
    public void close() {
        closed = true;
    }

    /** The page {@code request} asks of {@code ids}: walks the ids older than the cursor, newest first, and stops one past the limit. */
    private static <T extends Comparable<? super T>> Page<T> page(NavigableSet<T> ids, PageRequest<T> request) {
        NavigableSet<T> older = request.after().map(after -> ids.headSet(after, false)).orElse(ids);
        List<T> newestFirst = new ArrayList<>();
        for (Iterator<T> it = older.descendingIterator(); it.hasNext() && newestFirst.size() <= request.limit(); ) {
            newestFirst.add(it.next());
        }
        return Page.fromNewestFirst(newestFirst, request); // the one past the limit only says a next page exists
    }

    private List<byte[]> encode(List<StoredEntry> entries) {
        List<byte[]> encoded = new ArrayList<>(entries.size());
        for (StoredEntry entry : List.copyOf(entries)) { // List.copyOf: a null entry fails before anything is encoded
            encoded.add(codec.encode(entry)); // InvalidEntryException if over the codec's limits
        }
        return encoded;
    }

    private Segment segment(SegmentId id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        Segment segment;
        synchronized (storage.index) {
            segment = storage.segments.get(id);
        }
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
