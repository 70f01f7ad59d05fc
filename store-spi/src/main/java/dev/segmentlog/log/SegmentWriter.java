package dev.segmentlog.log;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a live segment for one caller, and never interleaves with another writer.
 *
 * <p>The writer knows how many entries it wrote and appends only if the store still holds exactly
 * that many ({@link SegmentStore#append} with {@link ExpectedCount#exactly}). When another process extended the segment, the
 * writer forks: it opens a new segment of the same session with its own view of the state,
 * recording {@code forked_from} = {old segment, its turn count}, and writes there. Every append
 * returns the segment the entries went to, so the caller learns of the fork; {@link #segmentId()}
 * tells the same.
 *
 * <p>On a hash-chained segment (opened through {@link SegmentLog#chained()}) the writer keeps the
 * head hash: each append costs one hash per entry, never a re-read; a fork records the head hash
 * it forked at and is chained too.
 *
 * <p>Obtain one with {@link SegmentLog#writer(SegmentId)}. Thread-safe.
 */
public final class SegmentWriter {
    private final SegmentLog log;
    private Replay view = new Replay();
    private SegmentId segment;
    private long entriesWritten;
    private EntryHash headHash;

    SegmentWriter(SegmentLog log, SegmentId segment, List<StoredEntry> existing) {
        this.log = log;
        this.segment = segment;
        existing.forEach(stored -> view.apply(stored.entry()));
        this.entriesWritten = existing.size();
        this.headHash = existing.isEmpty() ? null : existing.get(existing.size() - 1).hash();
    }

    /** The segment this writer writes now. */
    public synchronized SegmentId segmentId() {
        return segment;
    }

    /** The segment and the number of entries it holds as this writer wrote them. */
    public synchronized SegmentHead head() {
        return new SegmentHead(segment, entriesWritten, headHash);
    }

    /** This writer's view of the state: everything it read and wrote, replayed. */
    public synchronized RestoredState state() {
        return view.state();
    }

    /**
     * Appends one entry; see {@link #appendAll}.
     *
     * @return the segment the entry went to
     */
    public SegmentId append(LogEntry entry) {
        return appendAll(List.of(entry));
    }

    /**
     * Appends entries atomically, forking first if another writer extended the segment.
     *
     * @return the segment the entries went to: the old one, or the fork
     * @throws StoreException what the store throws (a conflict never escapes: it forks)
     */
    public synchronized SegmentId appendAll(List<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            return segment;
        }
        try {
            if (headHash == null) {
                log.store().append(segment, ExpectedCount.exactly(entriesWritten), StoredEntry.plain(entries));
            } else {
                List<StoredEntry> linked = HashChain.link(headHash, entries);
                log.store().append(segment, ExpectedCount.exactly(entriesWritten), linked);
                headHash = linked.get(linked.size() - 1).hash();
            }
            entriesWritten += entries.size();
        } catch (ConflictException conflict) {
            RestoredState mine = view.state();
            SegmentOrigin origin = new SegmentOrigin(segment, mine.turnCount(),
                    headHash == null ? null : entriesWritten, headHash);
            LogEntry.SegmentStart start = log.start(mine.sessionId(), StartState.of(mine), origin, null);
            List<LogEntry> forkEntries = new ArrayList<>(entries.size() + 1);
            forkEntries.add(start);
            forkEntries.addAll(entries);
            SegmentId fork = SegmentId.generate();
            if (headHash == null) {
                log.store().create(fork, StoredEntry.plain(forkEntries));
            } else {
                List<StoredEntry> linked = HashChain.link(null, forkEntries);
                log.store().create(fork, linked);
                headHash = linked.get(linked.size() - 1).hash();
            }
            segment = fork;
            entriesWritten = forkEntries.size();
            view = new Replay().apply(start); // what the fork replays to: only the start carries over
        }
        entries.forEach(view::apply);
        return segment;
    }

    /** Records what the user submitted. @return the segment written to */
    public SegmentId saveUserInput(List<InputPart> parts) {
        return append(new LogEntry.UserInput(log.now(), parts));
    }

    /** Records new history items, user messages skipped (see {@link SegmentLog#saveDelta}). @return the segment written to */
    public SegmentId saveDelta(List<HistoryItem> newItems) {
        return appendAll(SegmentLog.deltaEntries(newItems, log.now()));
    }

    /** Records the end of a turn. @return the segment written to */
    public SegmentId saveTurnEnd(int turnCount) {
        return append(new LogEntry.TurnEnd(log.now(), turnCount));
    }
}
