package dev.segmentlog.conformance;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.StoredEntry;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The reference {@link SegmentStore}: everything in memory, nothing on disk. It passes the whole
 * conformance kit and is meant for users' unit tests as much as for the kit's own.
 *
 * <p>Every entry goes through {@link EntryCodec#encode} and back through {@link EntryCodec#decode}
 * before it is stored, so this store refuses exactly what real stores refuse (with an
 * {@link dev.segmentlog.spi.InvalidEntryException}, writing nothing) and returns exactly what
 * they return (opaque JSON in the codec's canonical form). Thread-safe: one read-write lock guards
 * all segments, so every operation is atomic.
 *
 * <p>It keeps hash-chained segments ({@link Capability#HASH_CHAIN}): {@link #createHashed},
 * {@link #appendHashedIfCount} and {@link #readHashed} store and return each entry's
 * {@code prev_hash} and {@code hash} exactly as given, passing the entry through
 * {@link EntryCodec#encode(StoredEntry)} and {@link EntryCodec#decodeHashed} as a real store's line
 * would. The plain reads of a chained segment return its plain entries; the plain writes store
 * entries without a chain, which {@link #readHashed} returns with null hashes.
 *
 * <p>{@link #reopen()} gives a new handle on the same data, as a durable store opened again after
 * {@link #close()} would; use it to test a caller's restart path. The data lives as long as some
 * handle references it.
 *
 * <pre>{@code
 * try (SegmentStore store = new InMemorySegmentStore()) {
 *     SegmentLog log = new SegmentLog(store);
 *     SegmentId segment = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
 *     ...
 * }
 * }</pre>
 */
public final class InMemorySegmentStore implements SegmentStore {

    private final Data data;
    private volatile boolean closed;

    /** An empty store using {@link EntryCodec#standard()}. */
    public InMemorySegmentStore() {
        this(EntryCodec.standard());
    }

    /**
     * An empty store that checks entries with {@code codec} (for other limits).
     *
     * @throws NullPointerException if {@code codec} is null
     */
    public InMemorySegmentStore(EntryCodec codec) {
        this(new Data(Objects.requireNonNull(codec, "codec")));
    }

    private InMemorySegmentStore(Data data) {
        this.data = data;
    }

    /**
     * A new open store over the same data as this one, whether this one is closed or not: what a
     * durable store opened again on the same files would show.
     */
    public InMemorySegmentStore reopen() {
        return new InMemorySegmentStore(data);
    }

    /**
     * @throws IllegalArgumentException      if {@code entries} does not open with a {@code segment_start}
     * @throws SegmentAlreadyExistsException if the segment exists
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry
     * @throws BackendException              if this store is closed
     */
    @Override
    public void create(SegmentId segment, List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        createHashed(segment, StoredEntry.plain(entries));
    }

    /**
     * @throws IllegalArgumentException      if {@code entries} does not open with a {@code segment_start}
     * @throws SegmentAlreadyExistsException if the segment exists
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry
     * @throws BackendException              if this store is closed
     */
    @Override
    public void createHashed(SegmentId segment, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entries, "entries");
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, plain(entries));
        ensureOpen();
        List<StoredEntry> stored = roundTrip(segment, 0, entries);
        data.lock.writeLock().lock();
        try {
            if (data.segments.containsKey(segment)) {
                throw new SegmentAlreadyExistsException(segment);
            }
            data.segments.put(segment, new Segment(info, stored));
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry; nothing is written
     * @throws BackendException         if this store is closed
     */
    @Override
    public void appendAll(SegmentId segment, List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        append(segment, -1, StoredEntry.plain(entries));
    }

    /**
     * @throws ConflictException        if the segment holds another number of entries
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry; nothing is written
     * @throws BackendException         if this store is closed
     */
    @Override
    public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        appendHashedIfCount(segment, expectedCount, StoredEntry.plain(entries));
    }

    /**
     * @throws ConflictException        if the segment holds another number of entries
     * @throws IllegalArgumentException if {@code expectedCount} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses an entry; nothing is written
     * @throws BackendException         if this store is closed
     */
    @Override
    public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        if (expectedCount < 0) {
            throw new IllegalArgumentException("expectedCount must not be negative: " + expectedCount);
        }
        append(segment, expectedCount, entries);
    }

    private void append(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entries, "entries");
        ensureOpen();
        long position = expectedCount < 0 ? 0 : expectedCount; // only named in codec errors
        List<StoredEntry> stored = roundTrip(segment, position, entries);
        data.lock.writeLock().lock();
        try {
            Segment target = existing(segment);
            long actual = target.entries.size();
            if (expectedCount >= 0 && actual != expectedCount) {
                throw new ConflictException(segment, expectedCount, actual);
            }
            target.entries.addAll(stored);
            target.info = target.info.withAppended(plain(stored));
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    /**
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public List<LogEntry> readFrom(SegmentId segment, long position) {
        return plain(readHashed(segment, position));
    }

    /**
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public List<StoredEntry> readHashed(SegmentId segment, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        ensureOpen();
        data.lock.readLock().lock();
        try {
            List<StoredEntry> entries = existing(segment).entries;
            return position >= entries.size() ? List.of() : List.copyOf(entries.subList((int) position, entries.size()));
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            List<StoredEntry> entries = existing(segment).entries;
            return entries.isEmpty() ? Optional.empty() : Optional.ofNullable(entries.get(entries.size() - 1).hash());
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public long count(SegmentId segment) {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            return existing(segment).entries.size();
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** @throws BackendException if this store is closed */
    @Override
    public boolean exists(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        data.lock.readLock().lock();
        try {
            return data.segments.containsKey(segment);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public SegmentInfo info(SegmentId segment) {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            return existing(segment).info;
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** @throws BackendException if this store is closed */
    @Override
    public List<SegmentId> listSegments() {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            List<SegmentId> ids = new ArrayList<>(data.segments.keySet());
            ids.sort(Comparator.reverseOrder());
            return List.copyOf(ids);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** @throws BackendException if this store is closed */
    @Override
    public List<SessionId> listSessions() {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            TreeSet<SessionId> sessions = new TreeSet<>(Comparator.reverseOrder());
            data.segments.values().forEach(s -> sessions.add(s.info.sessionId()));
            return List.copyOf(sessions);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** @throws BackendException if this store is closed */
    @Override
    public List<SegmentId> listSegments(SessionId session) {
        Objects.requireNonNull(session, "session");
        ensureOpen();
        data.lock.readLock().lock();
        try {
            List<SegmentId> ids = new ArrayList<>();
            data.segments.forEach((id, s) -> {
                if (s.info.sessionId().equals(session)) {
                    ids.add(id);
                }
            });
            ids.sort(Comparator.reverseOrder());
            return List.copyOf(ids);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** @throws BackendException if this store is closed */
    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        ensureOpen();
        data.lock.writeLock().lock();
        try {
            int deleted = 0;
            for (Iterator<Segment> it = data.segments.values().iterator(); it.hasNext(); ) {
                if (it.next().info.sessionId().equals(session)) {
                    it.remove(); // its trace goes with it
                    deleted++;
                }
            }
            return deleted;
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws dev.segmentlog.spi.InvalidEntryException if the codec refuses the entry
     * @throws BackendException         if this store is closed
     */
    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        ensureOpen();
        TraceEntry stored = data.codec.decodeTrace(data.codec.encodeTrace(entry), segment, 0);
        data.lock.writeLock().lock();
        try {
            existing(segment).trace.add(stored);
        } finally {
            data.lock.writeLock().unlock();
        }
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        ensureOpen();
        data.lock.readLock().lock();
        try {
            return List.copyOf(existing(segment).trace);
        } finally {
            data.lock.readLock().unlock();
        }
    }

    /** Closes this handle; the data stays for {@link #reopen()}. Closing twice is harmless. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemorySegmentStore" + (closed ? "[closed]" : "");
    }

    private void ensureOpen() {
        if (closed) {
            throw new BackendException("the in-memory segment store is closed", null);
        }
    }

    /**
     * Encodes then decodes each entry with its chain fields, as a real store's line: refuses what the
     * codec refuses, before anything is locked or written.
     */
    private List<StoredEntry> roundTrip(SegmentId segment, long firstPosition, List<StoredEntry> entries) {
        List<StoredEntry> stored = new ArrayList<>(entries.size());
        long position = firstPosition;
        for (StoredEntry entry : entries) {
            Objects.requireNonNull(entry, "entry");
            stored.add(data.codec.decodeHashed(data.codec.encode(entry), segment, position++));
        }
        return stored;
    }

    private static List<LogEntry> plain(List<StoredEntry> entries) {
        List<LogEntry> plain = new ArrayList<>(entries.size());
        for (StoredEntry entry : entries) {
            plain.add(Objects.requireNonNull(entry, "entry").entry());
        }
        return List.copyOf(plain);
    }

    /** Caller holds the lock. */
    private Segment existing(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        Segment found = data.segments.get(segment);
        if (found == null) {
            throw new SegmentNotFoundException(segment);
        }
        return found;
    }

    /** What every handle of one store shares. */
    private static final class Data {
        final EntryCodec codec;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final Map<SegmentId, Segment> segments = new HashMap<>();

        Data(EntryCodec codec) {
            this.codec = codec;
        }
    }

    /** One segment, its entries with their chain fields (null hashes when unchained); guarded by {@link Data#lock}. */
    private static final class Segment {
        SegmentInfo info;
        final List<StoredEntry> entries;
        final List<TraceEntry> trace = new ArrayList<>();

        Segment(SegmentInfo info, List<StoredEntry> entries) {
            this.info = info;
            this.entries = new ArrayList<>(entries);
        }
    }
}
