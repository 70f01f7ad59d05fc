package dev.segmentlog.store.memory;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The data of one in-memory store, shared by every {@link InMemorySegmentStore} handle on it. One
 * read-write lock makes each operation atomic. Ids are kept in sorted maps, so a page of a listing
 * walks only the ids it returns (plus one, to tell whether a next page exists), and a page of a
 * segment copies only its own range of entries.
 *
 * <p>Callers hand in entries that are already checked and encoded once by the codec; this class
 * only keeps them.
 */
final class Storage {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<SegmentId, Segment> segments = new TreeMap<>();
    /** Each session's segments: listing a session's segments or deleting it never scans other sessions. */
    private final NavigableMap<SessionId, NavigableSet<SegmentId>> sessions = new TreeMap<>();

    void create(SegmentInfo info, List<StoredEntry> entries) {
        writing(() -> {
            if (segments.containsKey(info.segmentId())) {
                throw new SegmentAlreadyExistsException(info.segmentId());
            }
            segments.put(info.segmentId(), new Segment(info, entries));
            sessions.computeIfAbsent(info.sessionId(), session -> new TreeSet<>()).add(info.segmentId());
            return null;
        });
    }

    void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
        writing(() -> {
            Segment target = existing(segment);
            long actual = target.entries.size();
            if (!expected.matches(actual)) {
                throw new ConflictException(segment, ((ExpectedCount.Exactly) expected).count(), actual);
            }
            target.entries.addAll(entries);
            target.info = target.info.withAppended(StoredEntry.entries(entries));
            return null;
        });
    }

    List<StoredEntry> read(SegmentId segment, long position, int limit) {
        return reading(() -> {
            List<StoredEntry> entries = existing(segment).entries;
            int from = (int) Math.min(position, entries.size());
            int to = (int) Math.min((long) from + limit, entries.size());
            return List.copyOf(entries.subList(from, to));
        });
    }

    long count(SegmentId segment) {
        return reading(() -> (long) existing(segment).entries.size());
    }

    boolean exists(SegmentId segment) {
        return reading(() -> segments.containsKey(segment));
    }

    SegmentInfo info(SegmentId segment) {
        return reading(() -> existing(segment).info);
    }

    Optional<EntryHash> headHash(SegmentId segment) {
        return reading(() -> {
            List<StoredEntry> entries = existing(segment).entries;
            return Optional.ofNullable(entries.get(entries.size() - 1).hash());
        });
    }

    Page<SegmentId> segments(PageRequest<SegmentId> request) {
        return reading(() -> page(segments.navigableKeySet(), request));
    }

    Page<SessionId> sessions(PageRequest<SessionId> request) {
        return reading(() -> page(sessions.navigableKeySet(), request));
    }

    Page<SegmentId> segments(SessionId session, PageRequest<SegmentId> request) {
        return reading(() -> page(sessions.getOrDefault(session, Collections.emptyNavigableSet()), request));
    }

    int deleteSession(SessionId session) {
        return writing(() -> {
            NavigableSet<SegmentId> doomed = sessions.remove(session);
            if (doomed == null) {
                return 0;
            }
            doomed.forEach(segments::remove); // each segment's trace goes with it
            return doomed.size();
        });
    }

    void appendTrace(SegmentId segment, TraceEntry entry) {
        writing(() -> existing(segment).trace.add(entry));
    }

    List<TraceEntry> readTrace(SegmentId segment) {
        return reading(() -> List.copyOf(existing(segment).trace));
    }

    /** The page of {@code ids} the request asks for, walking only that page's ids and one more. */
    private static <T extends Comparable<? super T>> Page<T> page(NavigableSet<T> ids, PageRequest<T> request) {
        NavigableSet<T> admitted = request.after().map(after -> ids.headSet(after, false)).orElse(ids);
        List<T> newestFirst = new ArrayList<>();
        for (Iterator<T> older = admitted.descendingIterator(); older.hasNext() && newestFirst.size() <= request.limit(); ) {
            newestFirst.add(older.next());
        }
        return Page.fromNewestFirst(newestFirst, request);
    }

    /** Caller holds the lock. */
    private Segment existing(SegmentId segment) {
        Segment found = segments.get(segment);
        if (found == null) {
            throw new SegmentNotFoundException(segment);
        }
        return found;
    }

    private <T> T reading(Supplier<T> action) {
        return locked(lock.readLock(), action);
    }

    private <T> T writing(Supplier<T> action) {
        return locked(lock.writeLock(), action);
    }

    private static <T> T locked(Lock held, Supplier<T> action) {
        held.lock();
        try {
            return action.get();
        } finally {
            held.unlock();
        }
    }

    /** One segment: its entries with their chain fields (null when written without), its info and trace; guarded by the lock. */
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
