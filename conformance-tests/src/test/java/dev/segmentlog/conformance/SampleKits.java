package dev.segmentlog.conformance;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Concrete kits the self-tests run through the Launcher: one per deliberately broken store, plus a
 * few that exercise capability skipping and the mandatory-clause guard. They are static nested
 * classes of a class without a Test suffix, so Surefire never runs them on its own.
 */
final class SampleKits {
    private SampleKits() {}

    /** A kit over an in-memory store wrapped by one broken rule; reopen wraps the reopened data again. */
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
                    return replaced.contains(segment) ? replacements : delegate;
                }

                @Override
                public void create(SegmentId segment, List<LogEntry> entries) {
                    if (delegate.exists(segment)) {
                        replaced.add(segment);
                        replacements.create(segment, entries);
                    } else {
                        delegate.create(segment, entries);
                    }
                }

                @Override
                public List<LogEntry> readAll(SegmentId segment) {
                    return target(segment).readAll(segment);
                }

                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return target(segment).readFrom(segment, position);
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
                public void create(SegmentId segment, List<LogEntry> entries) {
                    delegate.create(segment, entries.subList(0, Math.min(1, entries.size())));
                    entries.subList(1, entries.size()).forEach(entry -> delegate.append(segment, entry));
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
                public void create(SegmentId segment, List<LogEntry> entries) {
                    if (!entries.isEmpty()) {
                        delegate.create(segment, entries);
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
                public List<LogEntry> readAll(SegmentId segment) {
                    return mangle(delegate.readAll(segment));
                }

                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return mangle(delegate.readFrom(segment, position));
                }

                private List<LogEntry> mangle(List<LogEntry> entries) {
                    List<LogEntry> out = new ArrayList<>();
                    for (LogEntry entry : entries) {
                        if (entry instanceof LogEntry.UserInput input) {
                            List<InputPart> parts = new ArrayList<>();
                            for (InputPart part : input.parts()) {
                                parts.add(part instanceof InputPart.Text text
                                        ? new InputPart.Text(new String(text.content().getBytes(StandardCharsets.ISO_8859_1),
                                                StandardCharsets.ISO_8859_1))
                                        : part);
                            }
                            out.add(new LogEntry.UserInput(input.ts(), parts));
                        } else {
                            out.add(entry);
                        }
                    }
                    return out;
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
                public void create(SegmentId segment, List<LogEntry> entries) {
                    entries.forEach(this::check);
                    delegate.create(segment, entries);
                }

                @Override
                public void append(SegmentId segment, LogEntry entry) {
                    appendAll(segment, List.of(entry));
                }

                @Override
                public void appendAll(SegmentId segment, List<LogEntry> entries) {
                    entries.forEach(this::check);
                    delegate.appendAll(segment, entries);
                }

                private void check(LogEntry entry) {
                    if (CODEC.encode(entry).length > 256 * 1024) {
                        throw new InvalidEntryException(entry.kind().wireName(), "larger than this store's 256 KB items");
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
                public void appendAll(SegmentId segment, List<LogEntry> entries) {
                    delegate.appendAll(segment, entries.size() > 1 ? entries.subList(0, entries.size() - 1) : entries);
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
                public List<LogEntry> readAll(SegmentId segment) {
                    return reversed(delegate.readAll(segment));
                }

                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return reversed(delegate.readFrom(segment, position));
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
                public void appendAll(SegmentId segment, List<LogEntry> entries) {
                    entries.forEach(entry -> delegate.append(segment, entry));
                }
            };
        }
    }

    // ---- conditional append -------------------------------------------------------------------

    /** appendIfCount never checks the count. */
    static final class UncheckedConditionalAppend extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
                    delegate.appendAll(segment, entries);
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
                public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
                    try {
                        delegate.appendIfCount(segment, expectedCount, entries);
                    } catch (ConflictException conflict) {
                        throw new ConflictException(segment, expectedCount, expectedCount);
                    }
                }
            };
        }
    }

    /** Checks the count, then appends, with no lock between: two racing writers both pass the check. */
    static final class CheckThenActConditionalAppend extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            Rendezvous window = new Rendezvous(200, TimeUnit.MILLISECONDS);
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendIfCount(SegmentId segment, long expectedCount, List<LogEntry> entries) {
                    long actual = delegate.count(segment);
                    if (actual != expectedCount) {
                        throw new ConflictException(segment, expectedCount, actual);
                    }
                    window.meet();
                    delegate.appendAll(segment, entries);
                }
            };
        }
    }

    /** A plain append reads the count, then writes at it: of two concurrent appends one is silently lost. */
    static final class LosesConcurrentAppends extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            Rendezvous window = new Rendezvous(50, TimeUnit.MILLISECONDS);
            return new ForwardingSegmentStore(store) {
                @Override
                public void append(SegmentId segment, LogEntry entry) {
                    appendAll(segment, List.of(entry));
                }

                @Override
                public void appendAll(SegmentId segment, List<LogEntry> entries) {
                    long count = delegate.count(segment);
                    window.meet();
                    try {
                        delegate.appendIfCount(segment, count, entries);
                    } catch (ConflictException lost) {
                        // the lost update: acknowledged, never stored
                    }
                }
            };
        }
    }

    // ---- reads, count, exists, not found -----------------------------------------------------

    /** readFrom(K) for K &gt; 0 starts one entry late. */
    static final class ReadFromOffByOne extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return delegate.readFrom(segment, position > 0 ? position + 1 : position);
                }
            };
        }
    }

    /** readFrom past the end throws instead of returning nothing. */
    static final class ReadPastEndFails extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    if (position > delegate.count(segment)) {
                        throw new IndexOutOfBoundsException("position " + position);
                    }
                    return delegate.readFrom(segment, position);
                }
            };
        }
    }

    /** readFrom of a negative position reads from 0. */
    static final class AcceptsNegativePosition extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return delegate.readFrom(segment, Math.max(0, position));
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
                public void create(SegmentId segment, List<LogEntry> entries) {
                    delegate.create(segment, entries);
                    counts.put(segment, (long) entries.size());
                }

                @Override
                public long count(SegmentId segment) {
                    Long cached = counts.get(segment);
                    return cached != null ? cached : delegate.count(segment);
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
                    delegate.count(segment); // still throws for an unknown segment
                    return delegate.listSegments().stream().mapToLong(delegate::count).sum();
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
                public List<LogEntry> readAll(SegmentId segment) {
                    return delegate.exists(segment) ? delegate.readAll(segment) : List.of();
                }

                @Override
                public List<LogEntry> readFrom(SegmentId segment, long position) {
                    return delegate.exists(segment) ? delegate.readFrom(segment, position) : List.of();
                }

                @Override
                public long count(SegmentId segment) {
                    return delegate.exists(segment) ? delegate.count(segment) : 0;
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
                public void create(SegmentId segment, List<LogEntry> entries) {
                    delegate.create(segment, entries);
                    infos.put(segment, delegate.info(segment));
                }

                @Override
                public SegmentInfo info(SegmentId segment) {
                    SegmentInfo cached = infos.get(segment);
                    return cached != null ? cached : delegate.info(segment);
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
                    SegmentInfo info = delegate.info(segment);
                    return new SegmentInfo(info.segmentId(), info.sessionId(), info.createdAt(), null, null,
                            info.entryCount(), info.lastEntryTs());
                }
            };
        }
    }

    /** listSegments() lists oldest first. */
    static final class ListsSegmentsOldestFirst extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<SegmentId> listSegments() {
                    return reversed(delegate.listSegments());
                }
            };
        }
    }

    /** listSessions() lists oldest first. */
    static final class ListsSessionsOldestFirst extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<SessionId> listSessions() {
                    return reversed(delegate.listSessions());
                }
            };
        }
    }

    /** listSegments(session) leaves forks out. */
    static final class SessionListingMissesForks extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<SegmentId> listSegments(SessionId session) {
                    return delegate.listSegments(session).stream()
                            .filter(id -> delegate.info(id).forkedFrom() == null).toList();
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
                    List<SessionId> sessions = delegate.listSessions();
                    int index = sessions.indexOf(session);
                    int deleted = delegate.deleteSession(session);
                    if (index >= 0 && index + 1 < sessions.size()) {
                        delegate.deleteSession(sessions.get(index + 1));
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
                    delegate.deleteSession(session);
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
                    requireExists(delegate, segment);
                    traces.computeIfAbsent(segment, s -> new CopyOnWriteArrayList<>()).add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate, segment);
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
                    delegate.appendTrace(segment, entry);
                    delegate.append(segment, new LogEntry.Extension(entry.ts(), "trace", entry.event()));
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
                    requireExists(delegate, segment);
                    trace.add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate, segment);
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
                    requireExists(delegate, segment);
                    traces.computeIfAbsent(segment, s -> new CopyOnWriteArrayList<>()).add(entry);
                }

                @Override
                public List<TraceEntry> readTrace(SegmentId segment) {
                    requireExists(delegate, segment);
                    return List.copyOf(traces.getOrDefault(segment, List.of()));
                }
            };
        }
    }

    // ---- hash chain ----------------------------------------------------------------------------

    /** readHashed leaves out the second entry of what it returns (a lost row in a paged read). */
    static final class DropsEntryFromHashedReads extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    List<StoredEntry> read = new ArrayList<>(delegate.readHashed(segment, position));
                    if (read.size() > 2) {
                        read.remove(1);
                    }
                    return read;
                }
            };
        }
    }

    /** A hashed batch of more than one entry loses its last entry. */
    static final class DropsLastEntryOfHashedBatch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    delegate.appendHashedIfCount(segment, expectedCount,
                            entries.size() > 1 ? entries.subList(0, entries.size() - 1) : entries);
                }
            };
        }
    }

    /** readHashed comes back in reverse order (the plain reads are right). */
    static final class ReordersHashedReads extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    return reversed(delegate.readHashed(segment, position));
                }
            };
        }
    }

    /** Stores hashed entries without their chain fields, as plain entries, and says nothing. */
    static final class LosesChainFields extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void createHashed(SegmentId segment, List<StoredEntry> entries) {
                    delegate.create(segment, entries.stream().map(StoredEntry::entry).toList());
                }

                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    delegate.appendIfCount(segment, expectedCount, entries.stream().map(StoredEntry::entry).toList());
                }
            };
        }
    }

    /** Writes every entry of a hashed batch with the batch's first prev_hash (the head before it) as its prev_hash. */
    static final class WrongPrevHash extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    EntryHash batchPrev = entries.isEmpty() ? null : entries.get(0).prevHash();
                    delegate.appendHashedIfCount(segment, expectedCount, entries.stream()
                            .map(e -> new StoredEntry(e.entry(), batchPrev, e.hash())).toList());
                }
            };
        }
    }

    /** appendHashedIfCount never checks the count. */
    static final class UncheckedHashedConditionalAppend extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    delegate.appendHashedIfCount(segment, delegate.count(segment), entries);
                }
            };
        }
    }

    /** Checks the count of a hashed append, then appends, with no lock between. */
    static final class CheckThenActHashedAppend extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            Rendezvous window = new Rendezvous(200, TimeUnit.MILLISECONDS);
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    long actual = delegate.count(segment);
                    if (actual != expectedCount) {
                        throw new ConflictException(segment, expectedCount, actual);
                    }
                    window.meet();
                    delegate.appendHashedIfCount(segment, delegate.count(segment), entries);
                }
            };
        }
    }

    /** A hashed batch is written entry by entry: a refused entry leaves the ones before it behind. */
    static final class NonAtomicHashedBatch extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    long count = expectedCount;
                    for (StoredEntry entry : entries) {
                        delegate.appendHashedIfCount(segment, count++, List.of(entry));
                    }
                }
            };
        }
    }

    /** createHashed of an existing segment replaces its entries. */
    static final class OverwritesOnCreateHashed extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final InMemorySegmentStore replacements = new InMemorySegmentStore();
                final Set<SegmentId> replaced = ConcurrentHashMap.newKeySet();

                @Override
                public void createHashed(SegmentId segment, List<StoredEntry> entries) {
                    if (delegate.exists(segment)) {
                        replaced.add(segment);
                        replacements.createHashed(segment, entries);
                    } else {
                        delegate.createHashed(segment, entries);
                    }
                }

                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    return (replaced.contains(segment) ? replacements : delegate).readHashed(segment, position);
                }
            };
        }
    }

    /** headHash is cached at createHashed and never updated. */
    static final class HeadHashFrozenAtCreate extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                final Map<SegmentId, EntryHash> heads = new ConcurrentHashMap<>();

                @Override
                public void createHashed(SegmentId segment, List<StoredEntry> entries) {
                    delegate.createHashed(segment, entries);
                    delegate.headHash(segment).ifPresent(head -> heads.put(segment, head));
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    EntryHash cached = heads.get(segment);
                    return cached != null ? Optional.of(cached) : delegate.headHash(segment);
                }
            };
        }
    }

    /** Keeps chained and plain entries apart: readHashed leaves out the entries written without a chain. */
    static final class ReadHashedSkipsUnchained extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    return delegate.readHashed(segment, position).stream().filter(StoredEntry::isChained).toList();
                }
            };
        }
    }

    /** An unknown segment reads as empty through readHashed, with no head. */
    static final class UnknownHashedSegmentIsEmpty extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    return delegate.exists(segment) ? delegate.readHashed(segment, position) : List.of();
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    return delegate.exists(segment) ? delegate.headHash(segment) : Optional.empty();
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
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    return delegate.readHashed(segment, position).stream().map(e -> StoredEntry.plain(e.entry())).toList();
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    delegate.count(segment); // still throws for an unknown segment
                    return Optional.empty();
                }
            };
        }
    }

    /** A store that does not keep chain fields (the port's defaults throw) and does not declare it. */
    static class WithoutHashChain extends BrokenKit {
        @Override
        SegmentStore wrap(InMemorySegmentStore store) {
            return new ForwardingSegmentStore(store) {
                @Override
                public void createHashed(SegmentId segment, List<StoredEntry> entries) {
                    throw unsupported();
                }

                @Override
                public void appendHashedIfCount(SegmentId segment, long expectedCount, List<StoredEntry> entries) {
                    throw unsupported();
                }

                @Override
                public List<StoredEntry> readHashed(SegmentId segment, long position) {
                    throw unsupported();
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    throw unsupported();
                }

                private UnsupportedCapabilityException unsupported() {
                    return new UnsupportedCapabilityException("a store without chains", "hash-chained segments");
                }
            };
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
                    delegate.close();
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

    /** Declares every capability unsupported; its store is fine. */
    static final class LacksEverything extends SegmentStoreConformanceTest {
        @Override
        protected SegmentStore openStore() {
            return new InMemorySegmentStore();
        }

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
            return new InMemorySegmentStore();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.HASH_CHAIN);
        }
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
