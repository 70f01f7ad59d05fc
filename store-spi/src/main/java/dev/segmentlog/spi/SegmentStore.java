package dev.segmentlog.spi;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HashedEntry;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import java.util.List;
import java.util.Optional;

/**
 * The port every storage backend implements: append-only segment logs of typed entries.
 *
 * <p>Implementations are thread-safe and synchronous. A method that returns normally has done
 * all it says (an append that returns is acknowledged, and survives as the store's durability
 * setting promises); a method that throws has written nothing. Every failure is a
 * {@link StoreException}. The shared conformance kit ({@code dev.segmentlog.conformance}) holds
 * each implementation to this contract.
 *
 * <p><b>Hash-chained segments</b> (optional capability): {@link #createHashed},
 * {@link #appendHashedIfCount} and {@link #readHashed} store and return each entry with its
 * {@code hash} and {@code prev_hash} exactly as given; the writer computes them (see
 * {@link SegmentLog#chained()}), the store only keeps them and does not check them. A store without
 * the capability throws
 * {@link UnsupportedCapabilityException} from these methods (their default).
 */
public interface SegmentStore extends AutoCloseable {

    /**
     * Creates a segment holding {@code entries}, the first of which opens it.
     *
     * @throws IllegalArgumentException       if {@code entries} does not open with a {@code segment_start}
     * @throws SegmentAlreadyExistsException  if the segment exists (it is never overwritten)
     * @throws InvalidEntryException          if an entry is refused by the codec; nothing is written
     * @throws BackendException               if the backend fails
     */
    void create(SegmentId segment, List<LogEntry> entries);

    /**
     * Appends one entry.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws InvalidEntryException    if the entry is refused by the codec
     * @throws BackendException         if the backend fails
     */
    default void append(SegmentId segment, LogEntry entry) {
        appendAll(segment, List.of(entry));
    }

    /**
     * Appends {@code entries} atomically: after a failure none of them is stored. An empty list
     * writes nothing (the segment must still exist).
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws InvalidEntryException    if an entry is refused by the codec; nothing is written
     * @throws BackendException         if the backend fails
     */
    void appendAll(SegmentId segment, List<LogEntry> entries);

    /**
     * Appends {@code entries} atomically if, and only if, the segment holds exactly
     * {@code expectedCount} entries. This is what makes concurrent-writer detection race-free.
     *
     * @throws ConflictException        if the segment holds another number of entries; nothing is written
     * @throws IllegalArgumentException if {@code expectedCount} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws InvalidEntryException    if an entry is refused by the codec; nothing is written
     * @throws BackendException         if the backend fails
     */
    void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries);

    /**
     * Reads every entry, in append order.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    default List<LogEntry> readAll(SegmentId segment) {
        return readFrom(segment, 0);
    }

    /**
     * Reads the entries from 0-based {@code position} on, in append order; empty when
     * {@code position} is at or past the end.
     *
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    List<LogEntry> readFrom(SegmentId segment, long position);

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
     * Every segment, newest first (by id: ids are time-ordered).
     *
     * @throws BackendException if the backend fails
     */
    List<SegmentId> listSegments();

    /**
     * Every session, newest first (by id: ids are time-ordered).
     *
     * @throws BackendException if the backend fails
     */
    List<SessionId> listSessions();

    /**
     * The segments of one session (its forks and compactions included), newest first; empty for an
     * unknown session.
     *
     * @throws BackendException if the backend fails
     */
    List<SegmentId> listSegments(SessionId session);

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
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws InvalidEntryException    if the entry is refused by the codec
     * @throws BackendException         if the backend fails
     */
    void appendTrace(SegmentId segment, TraceEntry entry);

    /**
     * Reads the segment's trace, in append order; empty when nothing was traced.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if a trace entry cannot be decoded
     * @throws BackendException         if the backend fails
     */
    List<TraceEntry> readTrace(SegmentId segment);

    /**
     * Creates a hash-chained segment: as {@link #create}, keeping each entry's chain fields.
     *
     * @throws IllegalArgumentException        if {@code entries} does not open with a {@code segment_start}
     * @throws SegmentAlreadyExistsException   if the segment exists
     * @throws InvalidEntryException           if an entry is refused by the codec; nothing is written
     * @throws UnsupportedCapabilityException  if the store does not keep chain fields
     * @throws BackendException                if the backend fails
     */
    default void createHashed(SegmentId segment, List<HashedEntry> entries) {
        throw new UnsupportedCapabilityException(getClass().getName(), "hash-chained segments");
    }

    /**
     * Appends entries with their chain fields, atomically, if and only if the segment holds exactly
     * {@code expectedCount} entries: as {@link #appendIfCount}.
     *
     * @throws ConflictException              if the segment holds another number of entries
     * @throws IllegalArgumentException       if {@code expectedCount} is negative
     * @throws SegmentNotFoundException       if the segment does not exist
     * @throws InvalidEntryException          if an entry is refused by the codec; nothing is written
     * @throws UnsupportedCapabilityException if the store does not keep chain fields
     * @throws BackendException               if the backend fails
     */
    default void appendHashedIfCount(SegmentId segment, long expectedCount, List<HashedEntry> entries) {
        throw new UnsupportedCapabilityException(getClass().getName(), "hash-chained segments");
    }

    /**
     * Reads entries from {@code position} on with their chain fields, as {@link #readFrom}; entries
     * written without a chain come back with null hashes.
     *
     * @throws IllegalArgumentException       if {@code position} is negative
     * @throws SegmentNotFoundException       if the segment does not exist
     * @throws CorruptDataException           if an entry cannot be decoded
     * @throws UnsupportedCapabilityException if the store does not keep chain fields
     * @throws BackendException               if the backend fails
     */
    default List<HashedEntry> readHashed(SegmentId segment, long position) {
        throw new UnsupportedCapabilityException(getClass().getName(), "hash-chained segments");
    }

    /**
     * The hash of the segment's last entry: empty when the segment is not chained. Cheap when
     * {@link #count} and {@link #readHashed} from the last position are.
     *
     * @throws SegmentNotFoundException       if the segment does not exist
     * @throws UnsupportedCapabilityException if the store does not keep chain fields
     * @throws BackendException               if the backend fails
     */
    default Optional<EntryHash> headHash(SegmentId segment) {
        List<HashedEntry> last = readHashed(segment, Math.max(0, count(segment) - 1));
        return last.isEmpty() ? Optional.empty() : Optional.ofNullable(last.get(last.size() - 1).hash());
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
