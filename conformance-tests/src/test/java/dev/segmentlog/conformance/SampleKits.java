package dev.segmentlog.conformance;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * Concrete kits the self-tests run through the Launcher: one per deliberately broken store, plus a
 * few that exercise capability skipping and the mandatory-clause guard. They are static nested
 * classes of a class without a Test suffix, so Surefire never runs them on its own.
 */
final class SampleKits {
    private SampleKits() {}

    /**
     * A kit over an in-memory store wrapped by one broken rule; reopen wraps the reopened data again,
     * and a second instance is another wrapper on the same data (so what a wrapper keeps per instance
     * is not shared, as in two processes). State that two instances share (a race window) belongs in
     * the kit's fields: JUnit makes a kit instance per clause.
     */
    abstract static class BrokenKit extends SegmentStoreConformanceTest {
        private InMemorySegmentStore current;

        abstract SegmentStore wrap(InMemorySegmentStore store);

        @Override
        protected SegmentStore openStore() {
            current = new InMemorySegmentStore();
            return wrap(current);
        }

        @Override
        protected SegmentStore reopen(SegmentStore closed) {
            current = current.reopen();
            return wrap(current);
        }

        @Override
        protected SegmentStore openSecondStore(SegmentStore first) {
            return wrap(current.reopen());
        }
    }

    // ---- create ------------------------------------------------------------------------------

    /** create of an existing segment replaces it. */
    static final class OverwritesOnCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final InMemorySegmentStore replacements = new InMemorySegmentStore();
                final Set<SegmentId> replaced = ConcurrentHashMap.newKeySet();

                SegmentStore target(SegmentId segment) {
                    return replaced.contains(segment) ? replacements : delegate();
                }

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    if (delegate().exists(segment)) {
                        replaced.add(segment);
                        replacements.create(segment, entries);
                    } else {
                        delegate().create(segment, entries);
                    }
                }

                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return target(segment).read(segment, position, limit);
                }

                @Override
                public long count(SegmentId segment) {
                    return target(segment).count(segment);
                }

                @Override
                public SegmentInfo info(SegmentId segment) {
                    return target(segment).info(segment);
                }
            };
        }
    }

    /** create writes its entries one by one: a refused entry leaves the segment half made. */
    static final class NonAtomicCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries.subList(0, Math.min(1, entries.size())));
                    entries.subList(1, entries.size()).forEach(entry -> delegate().append(segment, ExpectedCount.any(), List.of(entry)));
                }
            };
        }
    }

    /** create with no entries silently does nothing. */
    static final class AcceptsEmptyCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    if (!entries.isEmpty()) {
                        delegate().create(segment, entries);
                    }
                }
            };
        }
    }

    /** Reads text through ISO-8859-1: emoji, CJK, Arabic and Hebrew come back as '?'. */
    static final class ManglesUnicode extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> out = new ArrayList<>();
                    for (StoredEntry stored : delegate().read(segment, position, limit)) {
                        out.add(new StoredEntry(mangle(stored.entry()), stored.prevHash(), stored.hash()));
                    }
                    return out;
                }

                private LogEntry mangle(LogEntry entry) {
                    if (!(entry instanceof LogEntry.UserInput input)) {
                        return entry;
                    }
                    List<InputPart> parts = new ArrayList<>();
                    for (InputPart part : input.parts()) {
                        parts.add(part instanceof InputPart.Text text
                                ? new InputPart.Text(new String(text.content().getBytes(StandardCharsets.ISO_8859_1),
                                        StandardCharsets.ISO_8859_1))
                                : part);
                    }
                    return new LogEntry.UserInput(input.ts(), parts);
                }
            };
        }
    }

    /** Refuses entries over 256 KB (as a key-value store with small items would). */
    static class SmallEntriesOnly extends BrokenKit {
        private static final EntryCodec CODEC = EntryCodec.standard();

        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    entries.forEach(this::check);
                    delegate().create(segment, entries);
                }

                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    entries.forEach(this::check);
                    delegate().append(segment, expected, entries);
                }

                private void check(StoredEntry stored) {
                    if (CODEC.encode(stored).length > 256 * 1024) {
                        throw new InvalidEntryException(stored.entry().kind().wireName(), "larger than this store's 256 KB items");
                    }
                }
            };
        }
    }

    /** The same small-item store, honest about it: it declares {@link Capability#LARGE_ENTRIES} unsupported. */
    static final class SmallEntriesDeclared extends SmallEntriesOnly {
        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.LARGE_ENTRIES);
        }
    }

    // ---- append ------------------------------------------------------------------------------

    /** A batch of more than one entry loses its last entry. */
    static final class DropsLastEntryOfBatch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    delegate().append(segment, expected, entries.size() > 1 ? entries.subList(0, entries.size() - 1) : entries);
                }
            };
        }
    }

    /** Reads come back in reverse order. */
    static final class ReordersReads extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return reversed(delegate().read(segment, position, limit));
                }
            };
        }
    }

    /** A batch is written entry by entry: a refused entry leaves the ones before it behind. */
    static final class NonAtomicBatch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    for (int i = 0; i < entries.size(); i++) {
                        ExpectedCount each = expected instanceof ExpectedCount.Exactly exactly
                                ? ExpectedCount.exactly(exactly.count() + i) : expected;
                        delegate().append(segment, each, List.of(entries.get(i)));
                    }
                }
            };
        }
    }

    // ---- conditional append -------------------------------------------------------------------

    /** A conditional append never checks the count. */
    static final class UncheckedConditionalAppend extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    delegate().append(segment, ExpectedCount.any(), entries);
                }
            };
        }
    }

    /** A conflict reports the expected count as the actual one. */
    static final class WrongConflictCounts extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    try {
                        delegate().append(segment, expected, entries);
                    } catch (ConflictException conflict) {
                        throw new ConflictException(segment, conflict.expectedCount(), conflict.expectedCount());
                    }
                }
            };
        }
    }

    /** Checks the count, then appends, with no lock between: two racing writers (threads or instances) both pass the check. */
    static final class CheckThenActConditionalAppend extends BrokenKit {
        private final Rendezvous window = new Rendezvous(200, TimeUnit.MILLISECONDS);

        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    if (expected instanceof ExpectedCount.Exactly exactly) {
                        long actual = delegate().count(segment);
                        if (actual != exactly.count()) {
                            throw new ConflictException(segment, exactly.count(), actual);
                        }
                        window.meet();
                    }
                    delegate().append(segment, ExpectedCount.any(), entries);
                }
            };
        }
    }

    /** An unconditional append reads the count, then writes at it: of two concurrent appends one is silently lost. */
    static final class LosesConcurrentAppends extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            Rendezvous window = new Rendezvous(50, TimeUnit.MILLISECONDS);
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    if (expected instanceof ExpectedCount.Exactly) {
                        delegate().append(segment, expected, entries);
                        return;
                    }
                    long count = delegate().count(segment);
                    window.meet();
                    try {
                        delegate().append(segment, ExpectedCount.exactly(count), entries);
                    } catch (ConflictException lost) {
                        // the lost update: acknowledged, never stored
                    }
                }
            };
        }
    }

    // ---- reads, count, exists, not found -----------------------------------------------------

    /** read(K, limit) for K &gt; 0 starts one entry late. */
    static final class ReadOffByOne extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position > 0 ? position + 1 : position, limit);
                }
            };
        }
    }

    /** read past the end throws instead of returning nothing. */
    static final class ReadPastEndFails extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    if (position > delegate().count(segment)) {
                        throw new IndexOutOfBoundsException("position " + position);
                    }
                    return delegate().read(segment, position, limit);
                }
            };
        }
    }

    /** read of a negative position reads from 0. */
    static final class AcceptsNegativePosition extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, Math.max(0, position), limit);
                }
            };
        }
    }

    /** count is cached at create and never updated. */
    static final class CountFrozenAtCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, Long> counts = new ConcurrentHashMap<>();

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    counts.put(segment, (long) entries.size());
                }

                @Override
                public long count(SegmentId segment) {
                    Long cached = counts.get(segment);
                    return cached != null ? cached : delegate().count(segment);
                }
            };
        }
    }

    /** count adds up every segment of the store. */
    static final class CountsEverySegment extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public long count(SegmentId segment) {
                    delegate().count(segment); // still throws for an unknown segment
                    return Page.<SegmentId>all(request -> delegate().listSegments(request), 100).mapToLong(delegate()::count).sum();
                }
            };
        }
    }

    /** exists always says yes. */
    static final class ExistsLies extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public boolean exists(SegmentId segment) {
                    return true;
                }
            };
        }
    }

    /** An unknown segment reads as empty, with count 0, instead of not found. */
    static final class UnknownSegmentIsEmpty extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().exists(segment) ? delegate().read(segment, position, limit) : List.of();
                }

                @Override
                public long count(SegmentId segment) {
                    return delegate().exists(segment) ? delegate().count(segment) : 0;
                }
            };
        }
    }

    /** An unknown segment has an empty head hash instead of not found. */
    static final class UnknownSegmentHasNoHead extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    return delegate().exists(segment) ? delegate().headHash(segment) : Optional.empty();
                }
            };
        }
    }

    // ---- info and listing ----------------------------------------------------------------------

    /** info is cached at create and never updated. */
    static final class InfoFrozenAtCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, SegmentInfo> infos = new ConcurrentHashMap<>();

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    infos.put(segment, delegate().info(segment));
                }

                @Override
                public SegmentInfo info(SegmentId segment) {
                    SegmentInfo cached = infos.get(segment);
                    return cached != null ? cached : delegate().info(segment);
                }
            };
        }
    }

    /** info forgets forked_from and compacted_from. */
    static final class InfoForgetsLineage extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public SegmentInfo info(SegmentId segment) {
                    SegmentInfo info = delegate().info(segment);
                    return new SegmentInfo(info.segmentId(), info.sessionId(), info.createdAt(), null, null,
                            info.entryCount(), info.lastEntryTs());
                }
            };
        }
    }

    /** Lists every segment oldest first, in one page. */
    static final class ListsSegmentsOldestFirst extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
                    return new Page<>(reversed(Page.<SegmentId>all(request -> delegate().listSegments(request), 100).toList()), Optional.empty());
                }
            };
        }
    }

    /** Lists every session oldest first, in one page. */
    static final class ListsSessionsOldestFirst extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Page<SessionId> listSessions(PageRequest<SessionId> page) {
                    return new Page<>(reversed(Page.<SessionId>all(request -> delegate().listSessions(request), 100).toList()), Optional.empty());
                }
            };
        }
    }

    /** A session's listing leaves forks out. */
    static final class SessionListingMissesForks extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
                    Page<SegmentId> all = delegate().listSegments(session, page);
                    return new Page<>(all.items().stream().filter(id -> delegate().info(id).forkedFrom() == null).toList(), all.next());
                }
            };
        }
    }

    // ---- retention -----------------------------------------------------------------------------

    /** deleteSession also deletes the next older session. */
    static final class DeleteRemovesTooMuch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public int deleteSession(SessionId session) {
                    List<SessionId> sessions = Page.<SessionId>all(request -> delegate().listSessions(request), 100).toList();
                    int index = sessions.indexOf(session);
                    int deleted = delegate().deleteSession(session);
                    if (index >= 0 && index + 1 < sessions.size()) {
                        delegate().deleteSession(sessions.get(index + 1));
                    }
                    return deleted;
                }
            };
        }
    }

    /** deleteSession always says it deleted one segment. */
    static final class DeleteMiscounts extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public int deleteSession(SessionId session) {
                    delegate().deleteSession(session);
                    return 1;
                }
            };
        }
    }

    /** Traces live in a side table that deleteSession forgets. */
    static final class DeleteKeepsTraces extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, List<TraceEntry>> traces = new ConcurrentHashMap<>();

                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    requireExists(delegate(), segment);
                    traces.computeIfAbsent(segment, s -> new CopyOnWriteArrayList<>()).add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate(), segment);
                    return List.copyOf(traces.getOrDefault(segment, List.of()));
                }
            };
        }
    }

    // ---- trace ---------------------------------------------------------------------------------

    /** A trace entry is also written into the segment log, as an extension entry. */
    static final class TraceMixedIntoLog extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    delegate().appendTrace(segment, entry);
                    delegate().append(segment, new LogEntry.Extension(entry.ts(), "trace", entry.event()));
                }
            };
        }
    }

    /** One trace for the whole store. */
    static final class OneTraceForAll extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final List<TraceEntry> trace = new CopyOnWriteArrayList<>();

                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    requireExists(delegate(), segment);
                    trace.add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate(), segment);
                    return List.copyOf(trace);
                }
            };
        }
    }

    /** Keeps traces without passing them through the codec: it accepts events that are not JSON. */
    static final class TraceSkipsTheCodec extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, List<TraceEntry>> traces = new ConcurrentHashMap<>();

                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    requireExists(delegate(), segment);
                    traces.computeIfAbsent(segment, s -> new CopyOnWriteArrayList<>()).add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate(), segment);
                    return List.copyOf(traces.getOrDefault(segment, List.of()));
                }
            };
        }
    }

    // ---- pages ---------------------------------------------------------------------------------

    /** A full page of entries or ids loses its last item; a listing's next still points past it. */
    static final class DropsLastItemOfFullPages extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return pagedBy(new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> page = delegate().read(segment, position, limit);
                    return page.size() == limit ? page.subList(0, limit - 1) : page;
                }
            }, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    Page<T> page = lister.apply(request);
                    return page.next().isPresent() ? new Page<>(page.items().subList(0, page.items().size() - 1), page.next()) : page;
                }
            });
        }
    }

    /** A page after the first starts with the item before it: the cursor entry or id again (a {@code <=} for a {@code <}). */
    static final class RepeatsTheCursorItem extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return pagedBy(new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position > 0 ? position - 1 : position, limit);
                }
            }, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    Page<T> page = lister.apply(request);
                    if (request.after().isEmpty()) {
                        return page;
                    }
                    List<T> items = new ArrayList<>(List.of(request.after().get()));
                    items.addAll(page.items());
                    boolean more = page.next().isPresent() || items.size() > request.limit();
                    List<T> cut = items.subList(0, Math.min(items.size(), request.limit()));
                    return new Page<>(cut, more ? Optional.of(request.after(cut.get(cut.size() - 1))) : Optional.empty());
                }
            });
        }
    }

    /** Every read starts at position 0, every listing at its first page (the cursor is ignored, the next is given). */
    static final class IgnoresPositionAndCursor extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return pagedBy(new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, 0, limit);
                }
            }, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    return lister.apply(PageRequest.first(request.limit()));
                }
            });
        }
    }

    /** A read with a limit below 1 returns nothing instead of refusing it. */
    static final class ZeroLimitReadsNothing extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return limit < 1 ? List.of() : delegate().read(segment, position, limit);
                }
            };
        }
    }

    /** A full page always has a next, even when nothing older remains (a {@code LIMIT n} instead of {@code n + 1}). */
    static final class NextWheneverFull extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return pagedBy(store, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    Page<T> page = lister.apply(request);
                    List<T> items = page.items();
                    boolean full = items.size() == request.limit();
                    return full && page.next().isEmpty() ? new Page<>(items, Optional.of(request.after(items.get(items.size() - 1)))) : page;
                }
            });
        }
    }

    /**
     * Pages by offset: the next page starts as many ids into the listing as were served, so ids
     * created meanwhile shift it and ids are repeated.
     */
    static final class OffsetPaging extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            Map<Object, Integer> offsets = new ConcurrentHashMap<>(); // the cursor id, to the offset after it
            return pagedBy(store, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    List<T> all = Page.all(lister, 1000).toList();
                    int from = Math.min(request.after().map(offsets::get).orElse(0), all.size());
                    List<T> items = all.subList(from, (int) Math.min((long) from + request.limit(), all.size()));
                    if (from + items.size() == all.size()) {
                        return new Page<>(items, Optional.empty());
                    }
                    offsets.put(items.get(items.size() - 1), from + items.size());
                    return new Page<>(items, Optional.of(request.after(items.get(items.size() - 1))));
                }
            });
        }
    }

    /** Finds the cursor in the listing and goes on after it: a cursor not in the store starts the listing over. */
    static final class CursorMustExist extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return pagedBy(store, new Paging() {
                @Override
                public <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request) {
                    List<T> all = Page.all(lister, 1000).toList();
                    int from = request.after().map(cursor -> all.indexOf(cursor) + 1).orElse(0);
                    return Page.fromNewestFirst(all.subList(from, (int) Math.min((long) from + request.limit() + 1, all.size())), request);
                }
            });
        }
    }

    // ---- errors and returned lists -------------------------------------------------------------

    /** An empty append returns at once: it neither looks the segment up nor checks the count. */
    static final class EmptyAppendIsNoop extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    if (!entries.isEmpty()) {
                        delegate().append(segment, expected, entries);
                    }
                }
            };
        }
    }

    /** A conditional append conflicts only when the segment holds more than expected (a {@code >} for a {@code !=}). */
    static final class AcceptsCountAhead extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    boolean ahead = expected instanceof ExpectedCount.Exactly exactly && delegate().count(segment) < exactly.count();
                    delegate().append(segment, ahead ? ExpectedCount.any() : expected, entries);
                }
            };
        }
    }

    /** Pages of entries are modifiable copies. */
    static final class ModifiablePages extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return new ArrayList<>(delegate().read(segment, position, limit));
                }
            };
        }
    }

    /** exists(null) is false, as a lookup in a hash map would say. */
    static final class NullSegmentDoesNotExist extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public boolean exists(SegmentId segment) {
                    return segment != null && delegate().exists(segment);
                }
            };
        }
    }

    /** Looks the segment up before checking the arguments: not found or already exists wins over a bad argument. */
    static final class LooksUpBeforeCheckingArguments extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    if (delegate().exists(segment)) {
                        throw new SegmentAlreadyExistsException(segment);
                    }
                    delegate().create(segment, entries);
                }

                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    requireExists(delegate(), segment);
                    return delegate().read(segment, position, limit);
                }
            };
        }
    }

    /** Checks the count of a conditional append before encoding its entries: a conflict wins over a refused entry. */
    static final class ChecksCountBeforeEntries extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    long actual = delegate().count(segment);
                    if (!expected.matches(actual)) {
                        throw new ConflictException(segment, ((ExpectedCount.Exactly) expected).count(), actual);
                    }
                    delegate().append(segment, expected, entries);
                }
            };
        }
    }

    // ---- hash chain ----------------------------------------------------------------------------

    /** A page holding chained entries leaves out its second entry (a lost row). */
    static final class DropsEntryFromChainedReads extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> read = new ArrayList<>(delegate().read(segment, position, limit));
                    if (read.size() > 2 && StoredEntry.anyChained(read)) {
                        read.remove(1);
                    }
                    return read;
                }
            };
        }
    }

    /** A chained batch of more than one entry loses its last entry. */
    static final class DropsLastEntryOfChainedBatch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    boolean drop = entries.size() > 1 && StoredEntry.anyChained(entries);
                    delegate().append(segment, expected, drop ? entries.subList(0, entries.size() - 1) : entries);
                }
            };
        }
    }

    /** A page holding chained entries comes back in reverse order (plain pages are right). */
    static final class ReordersChainedReads extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> read = delegate().read(segment, position, limit);
                    return StoredEntry.anyChained(read) ? reversed(read) : read;
                }
            };
        }
    }

    /** Stores chained entries without their chain fields, as plain entries, and says nothing. */
    static class LosesChainFields extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, StoredEntry.plain(StoredEntry.entries(entries)));
                }

                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    delegate().append(segment, expected, StoredEntry.plain(StoredEntry.entries(entries)));
                }
            };
        }
    }

    /** The same store, declaring {@link Capability#HASH_CHAIN} unsupported, yet silently storing chained entries plain. */
    static final class LosesChainFieldsDeclared extends LosesChainFields {
        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.HASH_CHAIN);
        }
    }

    /** Writes every entry of a chained batch with the batch's first prev_hash (the head before it) as its prev_hash. */
    static final class WrongPrevHash extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    EntryHash batchPrev = entries.isEmpty() ? null : entries.get(0).prevHash();
                    delegate().append(segment, expected, entries.stream()
                            .map(e -> e.isChained() ? new StoredEntry(e.entry(), batchPrev, e.hash()) : e).toList());
                }
            };
        }
    }

    /** headHash is cached at create and never updated. */
    static final class HeadHashFrozenAtCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, EntryHash> heads = new ConcurrentHashMap<>();

                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    delegate().create(segment, entries);
                    delegate().headHash(segment).ifPresent(head -> heads.put(segment, head));
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    EntryHash cached = heads.get(segment);
                    return cached != null ? Optional.of(cached) : delegate().headHash(segment);
                }
            };
        }
    }

    /** Keeps chained and plain entries apart: a chained segment's reads leave out the entries written without a chain. */
    static final class ChainedReadsSkipUnchained extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    List<StoredEntry> read = delegate().read(segment, position, limit);
                    boolean chained = delegate().read(segment, 0, 1).get(0).isChained();
                    return chained ? read.stream().filter(StoredEntry::isChained).toList() : read;
                }
            };
        }
    }

    /** Keeps chain fields while open, but what it writes to disk has none: after reopen every hash is gone. */
    static final class ChainLostOnReopen extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return store;
        }

        @Override
        protected SegmentStore reopen(SegmentStore closed) {
            InMemorySegmentStore reopened = ((InMemorySegmentStore) closed).reopen();
            return new ForwardingSegmentStore(reopened) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return StoredEntry.plain(StoredEntry.entries(delegate().read(segment, position, limit)));
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    delegate().count(segment); // still throws for an unknown segment
                    return Optional.empty();
                }
            };
        }
    }

    /** A store without the hash-chain capability, done right (it refuses chained entries), that does not declare it. */
    static class WithoutHashChain extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return withoutHashChain(store);
        }
    }

    /** The same store, honest about it: it declares {@link Capability#HASH_CHAIN} unsupported. */
    static final class WithoutHashChainDeclared extends WithoutHashChain {
        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.HASH_CHAIN);
        }
    }

    // ---- close and durability ------------------------------------------------------------------

    /** close does nothing: the store keeps working. */
    static final class CloseDoesNothing extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void close() {
                    // "closed"
                }
            };
        }
    }

    /** A second close throws. */
    static final class CloseTwiceFails extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                private boolean closed;

                @Override
                public synchronized void close() {
                    if (closed) {
                        throw new IllegalStateException("already closed");
                    }
                    closed = true;
                    delegate().close();
                }
            };
        }
    }

    /** Reopening finds an empty store: nothing was durable. */
    static final class LosesDataOnReopen extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return store;
        }

        @Override
        protected SegmentStore reopen(SegmentStore closed) {
            return new InMemorySegmentStore();
        }
    }

    // ---- clauses no broken store failed before ------------------------------------------------

    /** Logs and drops a single entry the codec refuses instead of throwing. */
    static final class SwallowsRefusedEntries extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    try {
                        delegate().append(segment, expected, entries);
                    } catch (InvalidEntryException refused) {
                        if (entries.size() != 1) {
                            throw refused;
                        }
                        // "best effort": the entry is dropped and the caller never hears of it
                    }
                }
            };
        }
    }

    /** Keeps chained segments in a table of their own, which a session's listing leaves out. */
    static final class ChainedSegmentsUnlisted extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
                    Page<SegmentId> listed = delegate().listSegments(session, page);
                    return new Page<>(listed.items().stream().filter(id -> !delegate().read(id, 0, 1).get(0).isChained()).toList(),
                            listed.next());
                }
            };
        }
    }

    /** Keeps forked_from as segment and turn only (an older schema): at_entry and at_hash are lost. */
    static final class OriginLosesEntryAndHash extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public SegmentInfo info(SegmentId segment) {
                    SegmentInfo info = delegate().info(segment);
                    SegmentOrigin fork = info.forkedFrom();
                    return fork == null ? info : new SegmentInfo(info.segmentId(), info.sessionId(), info.createdAt(),
                            new SegmentOrigin(fork.segmentId(), fork.atTurnIndex()), info.compactedFrom(), info.entryCount(),
                            info.lastEntryTs());
                }
            };
        }
    }

    /**
     * A conditional append that does not match writes its entries anyway, then reports the conflict
     * (and count is slow, so that racing writers read the same count).
     */
    static final class WritesThenConflicts extends BrokenKit {
        private final Rendezvous window = new Rendezvous(50, TimeUnit.MILLISECONDS);

        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public long count(SegmentId segment) {
                    long count = delegate().count(segment);
                    window.meet();
                    return count;
                }

                @Override
                public synchronized void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    long actual = delegate().count(segment);
                    delegate().append(segment, ExpectedCount.any(), entries);
                    if (!expected.matches(actual)) {
                        throw new ConflictException(segment, ((ExpectedCount.Exactly) expected).count(), actual);
                    }
                }
            };
        }
    }

    /** Compares an expected count with the entries after the segment_start (one less than the count). */
    static final class ExpectedCountOffByOne extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public synchronized void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    if (expected instanceof ExpectedCount.Exactly exactly) {
                        long afterStart = delegate().count(segment) - 1;
                        if (afterStart != exactly.count()) {
                            throw new ConflictException(segment, exactly.count(), afterStart);
                        }
                    }
                    delegate().append(segment, ExpectedCount.any(), entries);
                }
            };
        }
    }

    /** Reads a segment_start without its forked_from and compacted_from. */
    static final class ReadsStartWithoutLineage extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position, limit).stream().map(stored -> stored.entry() instanceof LogEntry.SegmentStart start
                            ? new StoredEntry(new LogEntry.SegmentStart(start.ts(), start.sessionId(), start.systemPrompt(), start.config(),
                                    start.history(), null, null), stored.prevHash(), stored.hash())
                            : stored).toList();
                }
            };
        }
    }

    /** Leaves out user inputs without parts when reading (as a store that skips "empty" rows would). */
    static final class SkipsEmptyUserInputs extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position, limit).stream()
                            .filter(stored -> !(stored.entry() instanceof LogEntry.UserInput input && input.parts().isEmpty())).toList();
                }
            };
        }
    }

    /** Leaves out the legacy read-only kinds when reading (a store that filters what it thinks nobody writes any more). */
    static final class SkipsLegacyKinds extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position, limit).stream().filter(stored -> !(stored.entry() instanceof LogEntry.Locked
                            || stored.entry() instanceof LogEntry.RunOutcome || stored.entry() instanceof LogEntry.AssistantItems
                            || stored.entry() instanceof LogEntry.SystemItems)).toList();
                }
            };
        }
    }

    /** Returns at most 8 entries a page whatever the limit (a backend's own page cap), so a short page does not mean the end. */
    static final class CapsPagesAtEight extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    return delegate().read(segment, position, Math.min(limit, 8));
                }
            };
        }
    }

    /** The trace of an unknown segment is empty, and a trace entry for it is dropped, instead of not found. */
    static final class TraceOfUnknownSegmentIsEmpty extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    if (delegate().exists(segment)) {
                        delegate().appendTrace(segment, entry);
                    }
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    return delegate().exists(segment) ? delegate().readTrace(segment) : List.of();
                }
            };
        }
    }

    /** Reads the trace newest first. */
    static final class ReversesTrace extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    return reversed(delegate().readTrace(segment));
                }
            };
        }
    }

    /** Reads the trace sorted by timestamp (an index on ts instead of on the append order). */
    static final class SortsTraceByTs extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    return delegate().readTrace(segment).stream().sorted(Comparator.comparingLong(TraceEntry::ts)).toList();
                }
            };
        }
    }

    /** headHash is the hash of the last entry that has one, skipping unchained entries at the end (a head column set by chained appends only). */
    static final class HeadHashOfLastChainedEntry extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    for (long position = delegate().count(segment) - 1; position >= 0; position--) {
                        EntryHash hash = delegate().read(segment, position, 1).get(0).hash();
                        if (hash != null) {
                            return Optional.of(hash);
                        }
                    }
                    return Optional.empty();
                }
            };
        }
    }

    /** Declares nothing lacking, yet keeps no trace: appendTrace and readTrace throw UnsupportedOperationException. */
    static final class ForgetsToDeclareTrace extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    throw new UnsupportedOperationException("this store keeps no trace");
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    throw new UnsupportedOperationException("this store keeps no trace");
                }
            };
        }
    }

    // ---- capability and guard kits --------------------------------------------------------------

    /** Declares every capability unsupported and cannot even open its store: no clause runs. */
    static final class LacksEverythingAndCannotOpen extends SegmentStoreConformanceTest {
        @Override
        protected SegmentStore openStore() {
            Assumptions.abort("the test backend is not reachable");
            throw new AssertionError("unreachable");
        }

        @Override
        protected Set<Capability> unsupported() {
            return EnumSet.allOf(Capability.class);
        }
    }

    /** Declares every capability unsupported; its store refuses chained entries as it must. */
    static final class LacksEverything extends WithoutHashChain {
        @Override
        protected Set<Capability> unsupported() {
            return EnumSet.allOf(Capability.class);
        }
    }

    /** Declares nothing and does not override reopen. */
    static final class WithoutReopen extends SegmentStoreConformanceTest {
        @Override
        protected SegmentStore openStore() {
            return new InMemorySegmentStore();
        }
    }

    /** Declares {@link Capability#HASH_CHAIN} unsupported and does not override reopen. */
    static final class WithoutReopenNorHashChain extends SegmentStoreConformanceTest {
        @Override
        protected SegmentStore openStore() {
            return withoutHashChain(new InMemorySegmentStore());
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.HASH_CHAIN);
        }
    }

    /** {@code store} without the hash-chain capability: it refuses entries carrying chain fields, as the port says. */
    static SegmentStore withoutHashChain(SegmentStore store) {
        return new ForwardingSegmentStore(store) {
            @Override
            public void create(SegmentId segment, List<StoredEntry> entries) {
                if (!entries.isEmpty() && entries.get(0).entry() instanceof LogEntry.SegmentStart) {
                    refuseChained(entries); // after the argument checks, which the delegate makes first
                }
                delegate().create(segment, entries);
            }

            @Override
            public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                refuseChained(entries);
                delegate().append(segment, expected, entries);
            }

            private void refuseChained(List<StoredEntry> entries) {
                if (StoredEntry.anyChained(entries)) {
                    throw UnsupportedCapabilityException.hashChains("a store without chains");
                }
            }
        };
    }

    /** How a broken store answers a page of a listing, given the right lister. */
    interface Paging {
        <T extends Comparable<? super T>> Page<T> page(Function<PageRequest<T>, Page<T>> lister, PageRequest<T> request);
    }

    /** {@code store} with its three listings answered through {@code paging}. */
    static SegmentStore pagedBy(SegmentStore store, Paging paging) {
        return new ForwardingSegmentStore(store) {
            @Override
            public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
                return paging.<SegmentId>page(request -> delegate().listSegments(request), page);
            }

            @Override
            public Page<SessionId> listSessions(PageRequest<SessionId> page) {
                return paging.<SessionId>page(request -> delegate().listSessions(request), page);
            }

            @Override
            public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
                return paging.<SegmentId>page(request -> delegate().listSegments(session, request), page);
            }
        };
    }

    static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    static void requireExists(SegmentStore store, SegmentId segment) {
        if (!store.exists(segment)) {
            throw new SegmentNotFoundException(segment);
        }
    }
}
