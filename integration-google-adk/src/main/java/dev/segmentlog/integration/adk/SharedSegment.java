package dev.segmentlog.integration.adk;

import com.google.adk.sessions.State;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.integration.adk.AdkJson.DirectoryEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A segment that several ADK sessions share, whose id every process derives from names: an app's
 * segment holds its {@code app:} state, a user's segment holds that user's {@code user:} state and
 * the directory of their ADK sessions. This object folds it incrementally: each read starts where
 * the last one stopped, so a process sees other processes' writes at the cost of reading only
 * those. Thread-safe.
 */
final class SharedSegment {
    private final SegmentStore store;
    private final SegmentId id;
    private final LongSupplier clock;
    private long folded;
    private boolean exists;
    private final Map<String, SessionId> sessions = new LinkedHashMap<>();
    private final Map<String, Object> state = new HashMap<>();

    /** The shared segment {@code id}; {@code clock} stamps what it appends. */
    SharedSegment(SegmentStore store, SegmentId id, LongSupplier clock) {
        this.store = store;
        this.id = id;
        this.clock = clock;
    }

    /** The id of the segment of an app's {@code app:} state. */
    static SegmentId appSegment(String appName) {
        return new SegmentId(AdkJson.nameUuid(List.of("adk-app", appName)));
    }

    /** The id of the segment of a user's {@code user:} state and ADK sessions. */
    static SegmentId userSegment(String appName, String userId) {
        return new SegmentId(AdkJson.nameUuid(List.of("adk-user", appName, userId)));
    }

    /** The segmentlog session an ADK session id names now, if any. */
    synchronized Optional<SessionId> session(String adkSessionId) {
        refresh();
        return Optional.ofNullable(sessions.get(adkSessionId));
    }

    /** Every ADK session id of the directory and its segmentlog session, oldest first. */
    synchronized Map<String, SessionId> sessions() {
        refresh();
        return Collections.unmodifiableMap(new LinkedHashMap<>(sessions));
    }

    /** The shared state, keys with their prefix. */
    synchronized Map<String, Object> state() {
        refresh();
        return Collections.unmodifiableMap(new HashMap<>(state));
    }

    /** Records a delta of shared state; concurrent deltas apply in the order the store took them. */
    synchronized void appendState(Map<String, Object> delta) {
        if (!delta.isEmpty()) {
            ensureExists();
            store.append(id, entry(AdkJson.STATE, AdkJson.delta(delta)));
        }
    }

    /**
     * Makes {@code adkSessionId} name {@code session}, unless it names a session already. The
     * directory is appended with the count just read, so of two processes registering the same id
     * at once exactly one succeeds.
     *
     * @return false when the id was taken
     */
    synchronized boolean register(String adkSessionId, SessionId session) {
        ensureExists();
        while (true) {
            refresh();
            if (sessions.containsKey(adkSessionId)) {
                return false;
            }
            try {
                store.append(id, ExpectedCount.exactly(folded), List.of(StoredEntry.plain(
                        entry(AdkJson.SESSION_CREATED, AdkJson.directoryEntry(new DirectoryEntry(adkSessionId, session))))));
                return true;
            } catch (ConflictException raced) {
                // Another process wrote meanwhile: read what it wrote and check the id again.
            }
        }
    }

    /**
     * Makes {@code adkSessionId} no longer name {@code session}. Naming the session makes this safe
     * to append unconditionally: it never removes a session created again under the same id.
     */
    synchronized void unregister(String adkSessionId, SessionId session) {
        store.append(id, entry(AdkJson.SESSION_DELETED, AdkJson.directoryEntry(new DirectoryEntry(adkSessionId, session))));
    }

    private LogEntry.Extension entry(String domain, RawJson payload) {
        return new LogEntry.Extension(clock.getAsLong(), domain, payload);
    }

    /** Creates the segment unless it exists; a process that loses the race to create it just uses it. */
    private void ensureExists() {
        if (exists) {
            return;
        }
        try {
            // A shared segment is its own session, of the same id, so every process derives both alike.
            store.create(id, List.of(StoredEntry.plain(new LogEntry.SegmentStart(clock.getAsLong(),
                    new SessionId(id.value()), null, RequestConfig.DEFAULT, List.of(), null, null))));
        } catch (SegmentAlreadyExistsException created) {
            // Another process or thread created it first: that is the segment we share.
        }
        exists = true;
    }

    /** Folds the entries appended since the last read. */
    private void refresh() {
        List<StoredEntry> page;
        do {
            try {
                page = store.read(id, folded, SegmentStore.READ_ALL_PAGE);
            } catch (SegmentNotFoundException notYet) {
                return; // nothing shared was written yet
            }
            exists = true;
            page.forEach(stored -> fold(stored.entry()));
            folded += page.size();
        } while (page.size() == SegmentStore.READ_ALL_PAGE);
    }

    private void fold(LogEntry entry) {
        if (!(entry instanceof LogEntry.Extension extension)) {
            return;
        }
        switch (extension.domain()) {
            case AdkJson.STATE -> AdkJson.delta(extension.payload()).forEach((key, value) -> {
                if (value == State.REMOVED) {
                    state.remove(key);
                } else {
                    state.put(key, value);
                }
            });
            case AdkJson.SESSION_CREATED -> {
                DirectoryEntry created = AdkJson.directoryEntry(extension.payload());
                sessions.put(created.id(), created.session());
            }
            case AdkJson.SESSION_DELETED -> {
                DirectoryEntry deleted = AdkJson.directoryEntry(extension.payload());
                sessions.remove(deleted.id(), deleted.session());
            }
            default -> {
                // another domain's extension: not ours to interpret
            }
        }
    }
}
