package dev.segmentlog.store.memory;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SegmentStore} that keeps everything in memory: for unit tests and short-lived processes.
 * It passes the whole conformance kit, hash-chained segments included.
 *
 * <p>Every entry goes through {@link EntryCodec#encode(StoredEntry)} and back through
 * {@link EntryCodec#decodeHashed} before it is kept, so this store refuses exactly what the stores
 * on disk refuse (with an {@link InvalidEntryException}, writing nothing) and returns exactly what
 * they return (opaque JSON in the codec's canonical form, chain fields as given). Thread-safe: one
 * read-write lock per storage makes every operation atomic. A page costs only its own entries or
 * ids: segments and sessions are kept in sorted maps.
 *
 * <p><b>Storage and its lifetime.</b> A store reads and writes a <em>storage</em>, which several
 * store instances can share:
 * <ul>
 *   <li>{@code new InMemorySegmentStore()} has a storage of its own, which no one else can open;
 *       {@link #reopen()} gives another instance on it, as opening a durable store again on the
 *       same files would. It is garbage once no instance refers to it.</li>
 *   <li>{@link #named(String) named("agent-tests")}, or {@code SegmentStores.open("mem:agent-tests")},
 *       opens the storage of that name, the same for every caller in this JVM (like H2's
 *       {@code jdbc:h2:mem:name}). A named storage lives as long as the JVM, until
 *       {@link #drop(String)} forgets it. Closing an instance never loses data.</li>
 *   <li>{@link #openReadOnly(String) openReadOnly("agent-tests")}, or
 *       {@code SegmentStores.open("mem:agent-tests?mode=ro")}, reads a named storage that exists and
 *       refuses every write with a {@link ReadOnlyStoreException}; it creates no storage.</li>
 * </ul>
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

    /**
     * Named storages: a mutable static on purpose, since sharing a name across the JVM is what a
     * {@code mem:NAME} URI promises.
     */
    private static final ConcurrentMap<String, Storage> NAMED = new ConcurrentHashMap<>();

    private final Storage storage;
    private final EntryCodec codec;
    /** {@code mem:NAME}, or null for a storage of its own: only used to say which store this is. */
    private final String name;
    private final boolean readOnly;
    private volatile boolean closed;

    /** A store with an empty storage of its own, using {@link EntryCodec#standard()}. */
    public InMemorySegmentStore() {
        this(EntryCodec.standard());
    }

    /**
     * A store with an empty storage of its own, that checks entries with {@code codec} (for other
     * limits).
     *
     * @throws NullPointerException if {@code codec} is null
     */
    public InMemorySegmentStore(EntryCodec codec) {
        this(new Storage(), Objects.requireNonNull(codec, "codec"), null, false);
    }

    private InMemorySegmentStore(Storage storage, EntryCodec codec, String name, boolean readOnly) {
        this.storage = storage;
        this.codec = codec;
        this.name = name;
        this.readOnly = readOnly;
    }

    /**
     * A store on the storage named {@code name}, created empty on first use: every store opened with
     * this name in this JVM reads and writes the same data, until {@link #drop(String)}.
     *
     * @throws IllegalArgumentException if {@code name} is empty
     * @throws NullPointerException     if {@code name} is null
     */
    public static InMemorySegmentStore named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an in-memory storage name must not be empty");
        }
        return new InMemorySegmentStore(NAMED.computeIfAbsent(name, unused -> new Storage()), EntryCodec.standard(), name,
                false);
    }

    /**
     * A read-only store on the existing storage named {@code name}: it reads what every store on that
     * storage wrote and refuses every write. Creates nothing.
     *
     * @throws BackendException     if no storage of that name exists in this JVM
     * @throws NullPointerException if {@code name} is null
     */
    public static InMemorySegmentStore openReadOnly(String name) {
        Storage storage = NAMED.get(Objects.requireNonNull(name, "name"));
        if (storage == null) {
            throw new BackendException("mem:" + name + " does not exist in this JVM (nothing has opened it to write);"
                    + " a read-only open creates nothing", null);
        }
        return new InMemorySegmentStore(storage, EntryCodec.standard(), name, true);
    }

    /**
     * Forgets the storage named {@code name}: the next {@link #named(String)} with that name starts
     * empty. Stores already open on it keep working on the forgotten data (as open files do after
     * their name is deleted), which is freed once they are gone.
     *
     * @return whether a storage of that name existed
     * @throws NullPointerException if {@code name} is null
     */
    public static boolean drop(String name) {
        return NAMED.remove(Objects.requireNonNull(name, "name")) != null;
    }

    /**
     * A new open store on the same storage as this one, whether this one is closed or not: what a
     * durable store opened again on the same files would show.
     */
    public InMemorySegmentStore reopen() {
        return new InMemorySegmentStore(storage, codec, name, readOnly);
    }

    /**
     * @throws IllegalArgumentException      if {@code entries} does not open with a {@code segment_start}
     * @throws InvalidEntryException         if the codec refuses an entry; nothing is written
     * @throws SegmentAlreadyExistsException if the segment exists
     * @throws ReadOnlyStoreException        if this store is read-only
     * @throws BackendException              if this store is closed
     */
    @Override
    public void create(SegmentId segment, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        List<StoredEntry> given = List.copyOf(entries); // a null anywhere fails before anything else
        ensureWritable("create segment " + segment);
        SegmentInfo info = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(given));
        storage.create(info, roundTrip(segment, 0, given));
    }

    /**
     * @throws InvalidEntryException    if the codec refuses an entry; nothing is written
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws ConflictException        if the segment holds another number of entries than {@code expected}
     * @throws ReadOnlyStoreException   if this store is read-only
     * @throws BackendException         if this store is closed
     */
    @Override
    public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(expected, "expected");
        List<StoredEntry> given = List.copyOf(entries); // a null anywhere fails before anything else
        ensureWritable("append to segment " + segment);
        // positions only name the entry in a codec error: the count is known only under the lock
        long firstPosition = expected instanceof ExpectedCount.Exactly exactly ? exactly.count() : 0;
        storage.append(segment, expected, roundTrip(segment, firstPosition, given));
    }

    /**
     * Copies only the entries of the page.
     *
     * @throws IllegalArgumentException if {@code position} is negative or {@code limit} less than 1
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public List<StoredEntry> read(SegmentId segment, long position, int limit) {
        Objects.requireNonNull(segment, "segment");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("a page limit must be at least 1, not " + limit);
        }
        ensureOpen();
        return storage.read(segment, position, limit);
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public long count(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        return storage.count(segment);
    }

    /** @throws BackendException if this store is closed */
    @Override
    public boolean exists(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        return storage.exists(segment);
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public SegmentInfo info(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        return storage.info(segment);
    }

    /**
     * Reads the last entry only.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public Optional<EntryHash> headHash(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        return storage.headHash(segment);
    }

    /** @throws BackendException if this store is closed */
    @Override
    public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
        Objects.requireNonNull(page, "page");
        ensureOpen();
        return storage.segments(page);
    }

    /** @throws BackendException if this store is closed */
    @Override
    public Page<SessionId> listSessions(PageRequest<SessionId> page) {
        Objects.requireNonNull(page, "page");
        ensureOpen();
        return storage.sessions(page);
    }

    /** @throws BackendException if this store is closed */
    @Override
    public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(page, "page");
        ensureOpen();
        return storage.segments(session, page);
    }

    /**
     * @throws ReadOnlyStoreException if this store is read-only
     * @throws BackendException       if this store is closed
     */
    @Override
    public int deleteSession(SessionId session) {
        Objects.requireNonNull(session, "session");
        ensureWritable("delete session " + session);
        return storage.deleteSession(session);
    }

    /**
     * @throws InvalidEntryException    if the codec refuses the entry
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws ReadOnlyStoreException   if this store is read-only
     * @throws BackendException         if this store is closed
     */
    @Override
    public void appendTrace(SegmentId segment, TraceEntry entry) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(entry, "entry");
        ensureWritable("append to the trace of segment " + segment);
        storage.appendTrace(segment, codec.decodeTrace(codec.encodeTrace(entry), segment, 0));
    }

    /**
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if this store is closed
     */
    @Override
    public List<TraceEntry> readTrace(SegmentId segment) {
        Objects.requireNonNull(segment, "segment");
        ensureOpen();
        return storage.readTrace(segment);
    }

    /** Closes this store; the data stays for the other stores on its storage. Closing twice is harmless. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemorySegmentStore[" + (name == null ? "own storage" : "mem:" + name) + (readOnly ? ", read-only" : "")
                + (closed ? ", closed]" : "]");
    }

    private void ensureWritable(String operation) {
        ensureOpen();
        if (readOnly) {
            throw new ReadOnlyStoreException("mem:" + name, operation);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new BackendException(this + " is closed", null);
        }
    }

    /**
     * Encodes then decodes each entry with its chain fields, as a store on disk writes and reads a
     * line: refuses what the codec refuses before anything is locked or written.
     */
    private List<StoredEntry> roundTrip(SegmentId segment, long firstPosition, List<StoredEntry> entries) {
        List<StoredEntry> kept = new ArrayList<>(entries.size());
        long position = firstPosition;
        for (StoredEntry entry : entries) {
            kept.add(codec.decodeHashed(codec.encode(entry), segment, position++));
        }
        return kept;
    }
}
