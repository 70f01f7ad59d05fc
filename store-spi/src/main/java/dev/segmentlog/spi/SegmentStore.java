package dev.segmentlog.spi;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port every storage backend implements: append-only segment logs of typed entries.
 *
 * <p>One write path and one read path: {@link #create} and {@link #append} take
 * {@link StoredEntry} values, {@link #read} returns them, a page at a time. Listings are paged
 * too ({@link PageRequest}, {@link Page}), newest first, so every operation works in bounded
 * memory on a store of any size. {@link #append(SegmentId, LogEntry)}, {@link #readEach} and {@link #readAll} are
 * conveniences built on the port; implementations do not override them.
 *
 * <p>Implementations are thread-safe and synchronous. A method that returns normally has done
 * all it says (an append that returns is acknowledged, and survives as the store's durability
 * setting promises); a method that throws has written nothing. Every failure is a
 * {@link StoreException}. Several instances may be open on one storage (processes of one deployment
 * sharing a directory, a database or a bucket): each sees what the others wrote, created and deleted
 * as soon as their calls returned, so an instance caches nothing another one can change (only what is
 * immutable, and a store that cannot notice another instance's delete says so in its documentation).
 * Lists a store returns are the caller's: changing the store afterwards
 * never changes them, and they cannot be modified. The shared conformance kit
 * ({@code dev.segmentlog.conformance}) holds each implementation to this contract; the project's
 * {@code docs/ARCHITECTURE.md} explains why each rule exists.
 *
 * <p><b>Which error wins</b> when several apply: a null argument ({@link NullPointerException}),
 * then an invalid argument ({@link IllegalArgumentException}), then a missing capability
 * ({@link UnsupportedCapabilityException}), then an entry the codec refuses
 * ({@link InvalidEntryException}), then a segment that does not exist
 * ({@link SegmentNotFoundException}) or already exists ({@link SegmentAlreadyExistsException}),
 * then a count that does not match ({@link ConflictException}).
 *
 * <p><b>Hash-chained segments</b> (optional capability): a store that has it keeps each entry's
 * {@code prev_hash} and {@code hash} exactly as given and returns them from {@link #read}; the
 * writer computes them (see {@link dev.segmentlog.log.SegmentLog#chained()}), the store only keeps them and does not
 * check them. A store without the capability refuses any entry that carries chain fields with an
 * {@link UnsupportedCapabilityException}, and returns every entry {@linkplain StoredEntry#plain plain}.
 */
public interface SegmentStore extends AutoCloseable {

    /** The page size {@link #readAll} reads with. */
    int READ_ALL_PAGE = 4096;

    /**
     * Creates a segment holding {@code entries}, the first of which opens it.
     *
     * @throws IllegalArgumentException       if {@code entries} does not open with a {@code segment_start}
     * @throws UnsupportedCapabilityException if an entry carries chain fields and the store does not keep them
     * @throws InvalidEntryException          if an entry is refused by the codec; nothing is written
     * @throws SegmentAlreadyExistsException  if the segment exists (it is never overwritten)
     * @throws BackendException               if the backend fails
     */
    void create(SegmentId segment, List<StoredEntry> entries);

    /**
     * Appends {@code entries} atomically, if {@code expected} holds for the segment's count: after
     * a failure none of them is stored. With {@link ExpectedCount#exactly}, checking the count and
     * writing are one atomic step, which is what makes concurrent-writer detection race-free. An
     * empty list writes nothing, but the segment must still exist and {@code expected} must still hold.
     *
     * @throws UnsupportedCapabilityException if an entry carries chain fields and the store does not keep them
     * @throws InvalidEntryException          if an entry is refused by the codec; nothing is written
     * @throws SegmentNotFoundException       if the segment does not exist
     * @throws ConflictException              if the segment holds another number of entries than
     *                                        {@code expected}; nothing is written
     * @throws BackendException               if the backend fails
     */
    void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries);

    /**
     * Reads at most {@code limit} entries from 0-based {@code position} on, in append order, with
     * their chain fields (null for entries written without). Fewer than {@code limit} entries means
     * the end of the segment was reached; empty when {@code position} is at or past the end.
     * Answers without reading the entries before {@code position} when the backend allows it (each
     * adapter documents what a page costs).
     *
     * @throws IllegalArgumentException if {@code position} is negative or {@code limit} less than 1
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    List<StoredEntry> read(SegmentId segment, long position, int limit);

    /**
     * How many entries the segment holds. Cheap: never re-reads the whole log.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if the backend fails
     */
    long count(SegmentId segment);

    /**
     * Whether the segment exists.
     *
     * @throws BackendException if the backend fails
     */
    boolean exists(SegmentId segment);

    /**
     * What the store knows of the segment, without reading its entries.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if the backend fails
     */
    SegmentInfo info(SegmentId segment);

    /**
     * A page of every segment, newest first (by id: ids are time-ordered).
     *
     * @throws BackendException if the backend fails
     */
    Page<SegmentId> listSegments(PageRequest<SegmentId> page);

    /**
     * A page of every session, newest first (by id: ids are time-ordered).
     *
     * @throws BackendException if the backend fails
     */
    Page<SessionId> listSessions(PageRequest<SessionId> page);

    /**
     * A page of the segments of one session (its forks and compactions included), newest first;
     * empty for an unknown session.
     *
     * @throws BackendException if the backend fails
     */
    Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page);

    /**
     * Deletes a session with all its segments and their traces: retention, the only operation that
     * removes data. Their ids no longer exist afterwards and may be created again (a store that
     * caches immutable data must forget what it cached of them).
     *
     * @return how many segments were deleted (0 for an unknown session)
     * @throws BackendException if the backend fails
     */
    int deleteSession(SessionId session);

    /**
     * Appends to the segment's trace, a debug side log kept apart from the segment log.
     *
     * @throws InvalidEntryException    if the entry is refused by the codec
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if the backend fails
     */
    void appendTrace(SegmentId segment, TraceEntry entry);

    /**
     * Reads the segment's trace, in append order (whatever the entries' timestamps); empty when
     * nothing was traced.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if a trace entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    List<TraceEntry> readTrace(SegmentId segment);

    /**
     * The hash of the segment's last entry: empty when that entry carries none (the segment is not
     * chained, or its last entry was appended without chain fields). Cheap when {@link #count} and a
     * {@link #read} of the last position are.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if the backend fails
     */
    default Optional<EntryHash> headHash(SegmentId segment) {
        List<StoredEntry> last = read(segment, Math.max(0, count(segment) - 1), 1);
        return last.isEmpty() ? Optional.empty() : Optional.ofNullable(last.get(0).hash());
    }

    /**
     * Appends one entry, whatever the segment holds: {@code append(segment, ExpectedCount.any(),
     * List.of(StoredEntry.plain(entry)))}.
     *
     * @throws InvalidEntryException    if the entry is refused by the codec
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws BackendException         if the backend fails
     */
    default void append(SegmentId segment, LogEntry entry) {
        append(segment, ExpectedCount.any(), List.of(StoredEntry.plain(entry)));
    }

    /**
     * Hands every entry of the segment, with its chain fields, to {@code action} in append order,
     * reading a page of {@link #READ_ALL_PAGE} at a time, so no more than one page is held at once.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    default void readEach(SegmentId segment, Consumer<? super StoredEntry> action) {
        long position = 0;
        List<StoredEntry> page;
        do {
            page = read(segment, position, READ_ALL_PAGE);
            page.forEach(action);
            position += page.size();
        } while (page.size() == READ_ALL_PAGE);
    }

    /**
     * Every entry of the segment without its chain fields, in append order (see {@link #readEach}).
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    default List<LogEntry> readAll(SegmentId segment) {
        List<LogEntry> entries = new ArrayList<>();
        readEach(segment, stored -> entries.add(stored.entry()));
        return Collections.unmodifiableList(entries);
    }

    /**
     * Releases the store's resources. Closing twice is harmless; any other call after closing
     * throws a {@link StoreException} (a {@link BackendException} saying the store is closed).
     *
     * @throws BackendException if the backend fails while closing
     */
    @Override
    void close();
}
