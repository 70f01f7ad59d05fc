package dev.segmentlog.conformance;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Broken stores that would pass with one instance but lose or corrupt data in a deployment of
 * several: each keeps per instance what another instance can change (a count, existence, an index,
 * decoded entries, the head hash, the trace), or lets racing creates or readers see what they must
 * not. Each caches consistently with its own writes, so only the clauses with a second instance or
 * racing threads catch it.
 */
final class SharedStorageKits {
    private SharedStorageKits() {}

    /** Caches each segment's info (and so its count) per instance, updated by its own writes only. */
    static class CachesCountsPerInstance extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new CountCache(store, false);
        }
    }

    /** The same cache, and conditional appends checked against it (then written unconditionally). */
    static final class ChecksCountsAgainstItsCache extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new CountCache(store, true);
        }
    }

    /** Per instance: info by segment, filled on first use and by its own writes. */
    private static final class CountCache extends ForwardingSegmentStore {
        private final Map<SegmentId, SegmentInfo> infos = new ConcurrentHashMap<>();
        private final boolean checksConditionalAppends;

        CountCache(SegmentStore store, boolean checksConditionalAppends) {
            super(store);
            this.checksConditionalAppends = checksConditionalAppends;
        }

        @Override
        public void create(SegmentId segment, List<StoredEntry> entries) {
            delegate().create(segment, entries);
            infos.put(segment, delegate().info(segment));
        }

        @Override
        public synchronized void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
            if (checksConditionalAppends && expected instanceof ExpectedCount.Exactly exactly) {
                long cached = count(segment);
                if (cached != exactly.count()) {
                    throw new ConflictException(segment, exactly.count(), cached);
                }
                delegate().append(segment, ExpectedCount.any(), entries);
            } else {
                delegate().append(segment, expected, entries);
            }
            infos.put(segment, delegate().info(segment));
        }

        @Override
        public SegmentInfo info(SegmentId segment) {
            return infos.computeIfAbsent(segment, delegate()::info);
        }

        @Override
        public long count(SegmentId segment) {
            return info(segment).entryCount();
        }

        @Override
        public int deleteSession(SessionId session) {
            Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(infos::remove);
            return delegate().deleteSession(session);
        }
    }

    /** Caches per instance whether a segment exists, both ways, updated by its own creates and deletes only. */
    static final class CachesExistencePerInstance extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, Boolean> known = new ConcurrentHashMap<>();

                @Override
                public boolean exists(SegmentId segment) {
                    return known.computeIfAbsent(segment, delegate()::exists);
                }

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    known.put(segment, true);
                }

                @Override
                public int deleteSession(SessionId session) {
                    Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(id -> known.put(id, false));
                    return delegate().deleteSession(session);
                }
            };
        }
    }

    /**
     * Lists from an index each instance loads when it opens and keeps up with its own creates and
     * deletes only (as a store that scans its directory once would).
     */
    static final class IndexLoadedAtOpen extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            NavigableMap<SegmentId, SessionId> index = new TreeMap<>();
            Page.<SegmentId>all(store::listSegments, 100).forEach(id -> index.put(id, store.info(id).sessionId()));
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    synchronized (index) {
                        index.put(segment, delegate().info(segment).sessionId());
                    }
                }

                @Override
                public int deleteSession(SessionId session) {
                    synchronized (index) {
                        index.values().removeIf(session::equals);
                    }
                    return delegate().deleteSession(session);
                }

                @Override
                public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
                    synchronized (index) {
                        return Page.of(index.keySet(), page);
                    }
                }

                @Override
                public Page<SessionId> listSessions(PageRequest<SessionId> page) {
                    synchronized (index) {
                        return Page.of(new TreeSet<>(index.values()), page);
                    }
                }

                @Override
                public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
                    synchronized (index) {
                        List<SegmentId> ofSession = new ArrayList<>();
                        index.forEach((id, owner) -> {
                            if (owner.equals(session)) {
                                ofSession.add(id);
                            }
                        });
                        return Page.of(ofSession, page);
                    }
                }
            };
        }
    }

    /**
     * Caches decoded entries by position per instance, since an entry at a position never changes:
     * true until a session is deleted and an id created again by another instance.
     */
    static final class CachesEntriesByPosition extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, Map<Long, StoredEntry>> cache = new ConcurrentHashMap<>();

                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> page = delegate().read(segment, position, limit);
                    Map<Long, StoredEntry> cached = cache.computeIfAbsent(segment, s -> new ConcurrentHashMap<>());
                    List<StoredEntry> out = new ArrayList<>(page.size());
                    for (int i = 0; i < page.size(); i++) {
                        StoredEntry read = page.get(i);
                        out.add(cached.computeIfAbsent(position + i, p -> read));
                    }
                    return List.copyOf(out);
                }

                @Override
                public int deleteSession(SessionId session) {
                    Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(cache::remove);
                    return delegate().deleteSession(session);
                }
            };
        }
    }

    /** Caches each segment's head hash per instance, updated by its own writes only. */
    static final class CachesHeadHashPerInstance extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, Optional<EntryHash>> heads = new ConcurrentHashMap<>();

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    heads.put(segment, delegate().headHash(segment));
                }

                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    delegate().append(segment, expected, entries);
                    heads.put(segment, delegate().headHash(segment));
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    return heads.computeIfAbsent(segment, delegate()::headHash);
                }

                @Override
                public int deleteSession(SessionId session) {
                    Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(heads::remove);
                    return delegate().deleteSession(session);
                }
            };
        }
    }

    /** Caches each segment's trace per instance, updated by its own trace appends only. */
    static final class CachesTracePerInstance extends SampleKits.BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, List<TraceEntry>> traces = new HashMap<>();

                @Override
                public synchronized void appendTrace(SegmentId segment, TraceEntry entry) {
                    delegate().appendTrace(segment, entry);
                    traces.put(segment, delegate().readTrace(segment));
                }

                @Override
                public synchronized List<TraceEntry> readTrace(SegmentId segment) {
                    List<TraceEntry> cached = traces.get(segment);
                    if (cached == null) {
                        cached = delegate().readTrace(segment);
                        traces.put(segment, cached);
                    }
                    return cached;
                }

                @Override
                public synchronized int deleteSession(SessionId session) {
                    Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(traces::remove);
                    return delegate().deleteSession(session);
                }
            };
        }
    }

    /**
     * Creates by checking that the id is free, then inserting "or ignore": of racing creates (threads
     * or instances), those that lose the insert are reported created too.
     */
    static final class CreateIsCheckThenInsert extends SampleKits.BrokenKit {
        private final Rendezvous window = new Rendezvous(50, TimeUnit.MILLISECONDS);

        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    if (delegate().exists(segment)) {
                        throw new SegmentAlreadyExistsException(segment);
                    }
                    window.meet();
                    try {
                        delegate().create(segment, entries);
                    } catch (SegmentAlreadyExistsException ignored) {
                        // INSERT OR IGNORE: the lost insert is reported as done
                    }
                }
            };
        }
    }

    /** Writes a batch of several entries in two halves, visible in between (to readers of any instance). */
    static final class BatchesVisibleHalfWritten extends SampleKits.BrokenKit {
        private final HalfWay halfWay = new HalfWay(100);

        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    if (entries.size() < 2) {
                        delegate().append(segment, expected, entries);
                        return;
                    }
                    int half = entries.size() / 2;
                    delegate().append(segment, expected, entries.subList(0, half));
                    halfWay.awaitAReader();
                    delegate().append(segment, ExpectedCount.any(), entries.subList(half, entries.size()));
                }

                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> page = delegate().read(segment, position, limit);
                    halfWay.readerWasHere();
                    return page;
                }
            };
        }
    }
}
