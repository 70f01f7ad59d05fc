package dev.segmentlog.conformance;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kits whose test class reaches beneath the store, for the clauses of {@link Capability#READ_ONLY},
 * {@link Capability#RAW_STORAGE_ACCESS} and {@link Capability#TORN_CREATE}: {@link RawKit} keeps every
 * rule (so those clauses can pass), and each broken kit breaks one, the way a real store did or could.
 * The storage is an in-memory store's data plus what lies beneath a real store: entries rewritten as
 * bytes, the leftovers of creates that never finished, and the files opening a store leaves.
 */
final class RawStorageKits {
    private static final EntryCodec CODEC = EntryCodec.standard();

    private RawStorageKits() {}

    /** What every instance of one clause's store shares. */
    static final class Storage {
        final InMemorySegmentStore data = new InMemorySegmentStore();
        /** Entries rewritten beneath the store: by segment, the bytes at each position. */
        final Map<SegmentId, Map<Long, byte[]>> rewritten = new ConcurrentHashMap<>();
        /** Leftovers of creates that never finished, with the session they were for. */
        final Map<SegmentId, SessionId> torn = new ConcurrentHashMap<>();
        /** Other files, by name: how many times each was written. */
        final Map<String, Integer> files = new ConcurrentHashMap<>();

        void write(String file) {
            files.merge(file, 1, Integer::sum);
        }

        /** Everything stored, as comparable values. */
        Object snapshot() {
            SegmentStore reader = data.reopen();
            List<Object> segments = new ArrayList<>();
            Page.<SegmentId>all(reader::listSegments, 100).forEach(id ->
                    segments.add(List.of(reader.info(id), Clauses.storedFrom(reader, id, 0), reader.readTrace(id))));
            Map<SegmentId, Map<Long, String>> bytes = new TreeMap<>();
            rewritten.forEach((segment, byPosition) -> {
                Map<Long, String> hex = new TreeMap<>();
                byPosition.forEach((position, stored) -> hex.put(position, HexFormat.of().formatHex(stored)));
                bytes.put(segment, hex);
            });
            return List.of(segments, bytes, new TreeMap<>(torn), new TreeMap<>(files));
        }
    }

    /** The reference: a store with every hook, keeping every rule. Broken kits override {@link #open} or a hook. */
    static class RawKit extends SegmentStoreConformanceTest {
        final Storage storage = new Storage();

        /** A store instance on the clause's storage. */
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly);
        }

        @Override
        protected SegmentStore openStore() {
            storage.write(".lock");
            return open(false);
        }

        @Override
        protected SegmentStore reopen(SegmentStore closed) {
            return openStore();
        }

        @Override
        protected SegmentStore openSecondStore(SegmentStore first) {
            return openStore();
        }

        @Override
        protected SegmentStore openReadOnlyStore(SegmentStore writer) {
            return open(true);
        }

        @Override
        protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
            storage.rewritten.computeIfAbsent(segment, unused -> new ConcurrentHashMap<>()).put(position, stored);
            return true;
        }

        @Override
        protected Object storageSnapshot(SegmentStore store) {
            return storage.snapshot();
        }

        @Override
        protected void leaveTornCreate(SegmentStore store, SegmentId segment, List<StoredEntry> entries) {
            storage.torn.put(segment, SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries)).sessionId());
        }
    }

    /**
     * A store instance: the in-memory data, with rewritten entries decoded from their bytes and the
     * leftovers of creates passed over (the in-memory data never holds them); read-only, it refuses every
     * write first.
     */
    static class RawStore extends ForwardingSegmentStore {
        final Storage storage;
        final boolean readOnly;

        RawStore(Storage storage, boolean readOnly) {
            this(storage, storage.data.reopen(), readOnly);
        }

        RawStore(Storage storage, SegmentStore data, boolean readOnly) {
            super(data);
            this.storage = storage;
            this.readOnly = readOnly;
        }

        /** How stored bytes are read: strictly, by the codec. */
        StoredEntry decode(byte[] stored, SegmentId segment, long position) {
            return CODEC.decodeHashed(stored, segment, position);
        }

        /** A page, each rewritten entry decoded from its bytes. */
        List<StoredEntry> page(SegmentId segment, long position, List<StoredEntry> page) {
            Map<Long, byte[]> bytes = storage.rewritten.getOrDefault(segment, Map.of());
            List<StoredEntry> read = new ArrayList<>(page.size());
            for (int i = 0; i < page.size(); i++) {
                byte[] stored = bytes.get(position + i);
                read.add(stored == null ? page.get(i) : decode(stored, segment, position + i));
            }
            return Collections.unmodifiableList(read);
        }

        @Override
        public List<StoredEntry> read(SegmentId segment, long position, int limit) {
            return page(segment, position, delegate().read(segment, position, limit));
        }

        @Override
        public void create(SegmentId segment, List<StoredEntry> entries) {
            refuseIfReadOnly("create segment " + segment);
            delegate().create(segment, entries);
            storage.torn.remove(segment); // the create took the leftover over
        }

        @Override
        public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
            refuseIfReadOnly("append to segment " + segment);
            delegate().append(segment, expected, entries);
        }

        @Override
        public int deleteSession(SessionId session) {
            refuseIfReadOnly("delete session " + session);
            Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(storage.rewritten::remove);
            storage.torn.values().removeIf(session::equals);
            return delegate().deleteSession(session);
        }

        @Override
        public void appendTrace(SegmentId segment, TraceEntry entry) {
            refuseIfReadOnly("append to the trace of segment " + segment);
            delegate().appendTrace(segment, entry);
        }

        void refuseIfReadOnly(String operation) {
            if (readOnly) {
                throw new ReadOnlyStoreException("raw:test", operation);
            }
        }
    }

    // ---- stored bytes ---------------------------------------------------------------------------

    /** Decodes stored bytes as a Java string first, so ill-formed UTF-8 reads as U+FFFD (a driver's getString). */
    static final class DecodesUtf8Leniently extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                StoredEntry decode(byte[] stored, SegmentId segment, long position) {
                    return super.decode(new String(stored, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), segment, position);
                }
            };
        }
    }

    /** Refuses every four-byte sequence, as a column of three-byte UTF-8 (MySQL's utf8mb3) would: no code point above U+FFFF. */
    static final class KeepsThreeByteUtf8Only extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                StoredEntry decode(byte[] stored, SegmentId segment, long position) {
                    for (byte b : stored) {
                        if ((b & 0xFF) >= 0xF0) {
                            throw new CorruptDataException(segment, position, "a four-byte UTF-8 sequence");
                        }
                    }
                    return super.decode(stored, segment, position);
                }
            };
        }
    }

    /** Leaves out of a page the entries it cannot decode. */
    static final class SkipsCorruptEntries extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                List<StoredEntry> page(SegmentId segment, long position, List<StoredEntry> page) {
                    Map<Long, byte[]> bytes = storage.rewritten.getOrDefault(segment, Map.of());
                    List<StoredEntry> read = new ArrayList<>();
                    for (int i = 0; i < page.size(); i++) {
                        byte[] stored = bytes.get(position + i);
                        try {
                            read.add(stored == null ? page.get(i) : decode(stored, segment, position + i));
                        } catch (CorruptDataException skipped) {
                            // passed over, as a reader of lines that cannot be parsed might
                        }
                    }
                    return List.copyOf(read);
                }
            };
        }
    }

    /** Moves what it cannot read aside into a quarantine file when a read meets it: reading changes the storage. */
    static final class QuarantinesOnRead extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                List<StoredEntry> page(SegmentId segment, long position, List<StoredEntry> page) {
                    try {
                        return super.page(segment, position, page);
                    } catch (CorruptDataException e) {
                        storage.write("quarantine/" + segment + "/" + e.position());
                        throw e;
                    }
                }
            };
        }
    }

    // ---- creates that never finished ------------------------------------------------------------

    /** Says a segment exists when its file does, whatever the file holds. */
    static final class LeftoverExists extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                public boolean exists(SegmentId segment) {
                    return storage.torn.containsKey(segment) || super.exists(segment);
                }
            };
        }
    }

    /** Lists segments by their files' names, without looking inside: leftovers are listed. */
    static final class ListsLeftovers extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                public Page<SegmentId> listSegments(PageRequest<SegmentId> page) {
                    TreeSet<SegmentId> ids = new TreeSet<>(storage.torn.keySet());
                    Page.<SegmentId>all(request -> delegate().listSegments(request), 100).forEach(ids::add);
                    return Page.of(ids, page);
                }

                @Override
                public Page<SegmentId> listSegments(SessionId session, PageRequest<SegmentId> page) {
                    TreeSet<SegmentId> ids = new TreeSet<>();
                    storage.torn.forEach((id, owner) -> {
                        if (owner.equals(session)) {
                            ids.add(id);
                        }
                    });
                    Page.<SegmentId>all(request -> delegate().listSegments(session, request), 100).forEach(ids::add);
                    return Page.of(ids, page);
                }
            };
        }
    }

    /** Refuses to create an id whose leftover is there, as if it were a segment. */
    static final class LeftoverBlocksCreate extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                public void create(SegmentId segment, List<StoredEntry> entries) {
                    if (storage.torn.containsKey(segment)) {
                        throw new SegmentAlreadyExistsException(segment);
                    }
                    super.create(segment, entries);
                }
            };
        }
    }

    // ---- read-only stores -----------------------------------------------------------------------

    /** A read-only store that reads a copy of the data taken when it opened: it never sees later commits. */
    static final class ReadOnlyReadsACopy extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            if (!readOnly) {
                return super.open(false);
            }
            InMemorySegmentStore copy = new InMemorySegmentStore();
            SegmentStore source = storage.data.reopen();
            Page.<SegmentId>all(source::listSegments, 100).forEach(id -> {
                copy.create(id, Clauses.storedFrom(source, id, 0));
                source.readTrace(id).forEach(entry -> copy.appendTrace(id, entry));
            });
            return new RawStore(storage, copy, true);
        }
    }

    /** A read-only store that looks the segment up before refusing a write: an unknown one is "not found". */
    static final class ReadOnlyLooksUpFirst extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            return new RawStore(storage, readOnly) {
                @Override
                public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
                    SampleKits.requireExists(delegate(), segment);
                    super.append(segment, expected, entries);
                }
            };
        }
    }

    /** A read-only store that opens the lock file for writing, as a writer does. */
    static final class ReadOnlyTouchesTheLock extends RawKit {
        @Override
        SegmentStore open(boolean readOnly) {
            if (readOnly) {
                storage.write(".lock");
            }
            return super.open(readOnly);
        }
    }
}
