package dev.segmentlog.log;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.Lineage;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.core.TurnNotReachedException;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The persistence operations an agent runtime calls, built only on the {@link SegmentStore} port:
 * create a segment, record what happens in it, restore it, fork it and compact it.
 *
 * <pre>{@code
 * SegmentLog log = new SegmentLog(store);
 * SegmentId segment = log.create(new StartState("You are helpful.", RequestConfig.DEFAULT, List.of()));
 * log.saveUserInput(segment, List.of(new InputPart.Text("Hello")));
 * log.saveDelta(segment, List.of(HistoryItem.assistant("Hi!")));
 * log.saveTurnEnd(segment, 1);
 * RestoredState state = log.restore(segment);
 * }</pre>
 *
 * <p>Every method stamps entries with the clock given at construction and throws what the
 * store throws ({@link StoreException}s). For a live segment written by one caller, a
 * {@link SegmentWriter} adds concurrent-writer detection. Thread-safe if the store is.
 *
 * <p><b>Hash chains.</b> {@link #chained()} gives operations that create hash-chained segments
 * and keep every chained segment chained: each entry stores {@code hash} and {@code prev_hash}
 * (see {@link HashChain}), forks record the source's head hash at the cut, and {@link #verify}
 * reports the first position where a stored chain breaks. It needs a store with the hash-chain
 * capability. A plain append to a chained segment (through an unchained {@code SegmentLog}, or
 * the port directly) breaks its chain for good: {@link #verify} reports it as
 * {@link ChainReport.Problem#UNCHAINED_ENTRY}, and chained operations append plainly after it.
 */
public final class SegmentLog {
    /** How often a chained append re-reads the head after losing a race before it gives up. */
    private static final int CHAINED_APPEND_ATTEMPTS = 64;

    private final SegmentStore store;
    private final LongSupplier clock;
    private final boolean chained;

    /** Operations over {@code store}, stamping entries with the system clock. */
    public SegmentLog(SegmentStore store) {
        this(store, System::currentTimeMillis);
    }

    /**
     * Operations over {@code store}, stamping entries with {@code clock} (epoch milliseconds).
     *
     * @throws NullPointerException if an argument is null
     */
    public SegmentLog(SegmentStore store, LongSupplier clock) {
        this(store, clock, false);
    }

    private SegmentLog(SegmentStore store, LongSupplier clock, boolean chained) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chained = chained;
    }

    /**
     * The same operations over the same store and clock, creating hash-chained segments and
     * keeping chained segments chained.
     */
    public SegmentLog chained() {
        return new SegmentLog(store, clock, true);
    }

    /** Whether these operations create hash-chained segments. */
    public boolean isChained() {
        return chained;
    }

    /** The store these operations write to. */
    public SegmentStore store() {
        return store;
    }

    /** The current time of this log's clock, in epoch milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /**
     * Starts a new conversation: a new session with one new segment.
     *
     * @return the new segment
     */
    public SegmentId create(StartState state) {
        SegmentId segment = SegmentId.generate();
        createWithId(segment, state);
        return segment;
    }

    /**
     * Starts a new conversation in a segment whose id the caller reserved earlier.
     *
     * @throws SegmentAlreadyExistsException if that segment exists
     */
    public void createWithId(SegmentId segment, StartState state) {
        createWithId(segment, SessionId.generate(), state);
    }

    /**
     * Starts a conversation in a segment and a session whose ids the caller chose: e.g. ids derived
     * from a framework's own conversation id, so every process finds the same segment without an index.
     *
     * @throws SegmentAlreadyExistsException if that segment exists
     * @throws NullPointerException          if an argument is null
     */
    public void createWithId(SegmentId segment, SessionId session, StartState state) {
        Objects.requireNonNull(session, "session");
        createSegment(segment, List.of(start(session, state, null, null)));
    }

    /**
     * Starts a compacted segment: the same session as {@code source}, opening with
     * {@code summary} (whose history is the summary), pointing back at {@code source} as it was after
     * turn {@code sourceTurnCount}.
     *
     * @return the new segment
     * @throws SegmentNotFoundException if {@code source} does not exist
     */
    public SegmentId createCompacted(StartState summary, SegmentId source, int sourceTurnCount) {
        SessionId session = store.info(source).sessionId();
        SegmentId segment = SegmentId.generate();
        createSegment(segment, List.of(start(session, summary, null, new SegmentOrigin(source, sourceTurnCount))));
        return segment;
    }

    /**
     * Replays a stored segment into the state an agent resumes from; an entry it cannot fold
     * without guessing (an unknown kind) stops it.
     *
     * @throws SegmentNotFoundException                  if it does not exist
     * @throws CorruptDataException                      if an entry cannot be decoded
     * @throws dev.segmentlog.core.UnknownEntryException if an entry cannot be folded, naming its kind and position
     */
    public RestoredState restore(SegmentId segment) {
        return restore(segment, Replay.OnUnknown.FAIL);
    }

    /**
     * Replays a stored segment with an explicit choice for entries it cannot fold without guessing:
     * {@link Replay.OnUnknown#SKIP} skips them and counts them in
     * {@link RestoredState#skippedEntries()}.
     *
     * @throws SegmentNotFoundException                  if it does not exist
     * @throws CorruptDataException                      if an entry cannot be decoded
     * @throws dev.segmentlog.core.UnknownEntryException if an entry cannot be folded and {@code onUnknown} is FAIL
     * @throws NullPointerException                      if an argument is null
     */
    public RestoredState restore(SegmentId segment, Replay.OnUnknown onUnknown) {
        Replay replay = new Replay(onUnknown);
        store.readEach(segment, stored -> replay.apply(stored.entry()));
        return replay.state();
    }

    /**
     * Checks that the store still holds exactly the entries the caller wrote (their count, and for a
     * chained segment the head hash, so a rewrite of the same length is caught too); if another writer
     * changed the segment, forks {@code state} into a new segment of the same session (recording
     * {@code forked_from} at {@code turnCount}) so the caller never interleaves with it.
     *
     * <p>This is check-then-act, as the original runtime's {@code ensure_head_or_fork} is: another
     * writer may still append between the check and the caller's next append. A
     * {@link SegmentWriter} closes that window with conditional appends.
     *
     * @param head      the segment the caller writes and how many entries it wrote
     * @param state     the caller's state, the fork's start
     * @param turnCount the caller's turn count, recorded as the fork's origin
     * @return {@code head} when nothing changed, else the fork's head (1 entry written)
     * @throws SegmentNotFoundException if {@code head}'s segment does not exist
     */
    public SegmentHead ensureHeadOrFork(SegmentHead head, StartState state, int turnCount) {
        boolean sameCount = store.count(head.segmentId()) == head.entriesWritten();
        if (sameCount && (head.headHash() == null
                || store.headHash(head.segmentId()).filter(head.headHash()::equals).isPresent())) {
            return head;
        }
        SegmentOrigin origin = new SegmentOrigin(head.segmentId(), turnCount,
                head.headHash() == null ? null : head.entriesWritten(), head.headHash());
        SegmentId forked = SegmentId.generate();
        LogEntry.SegmentStart start = start(store.info(head.segmentId()).sessionId(), state, origin, null);
        return new SegmentHead(forked, 1, createSegment(forked, List.of(start)));
    }

    /** Records what the user submitted, typed; replay derives the user message from it. */
    public void saveUserInput(SegmentId segment, List<InputPart> parts) {
        write(segment, List.of(new LogEntry.UserInput(now(), parts)));
    }

    /**
     * Records the history items added since the last save, in one atomic batch: each classified by
     * {@link #classify}. User messages are skipped: {@link #saveUserInput} recorded them already.
     */
    public void saveDelta(SegmentId segment, List<HistoryItem> newItems) {
        List<LogEntry> entries = deltaEntries(newItems, now());
        if (!entries.isEmpty()) {
            write(segment, entries);
        }
    }

    /**
     * The entries {@link #saveDelta} writes for {@code newItems}: user messages skipped, every other
     * item classified.
     */
    public static List<LogEntry> deltaEntries(List<HistoryItem> newItems, long ts) {
        List<LogEntry> entries = new ArrayList<>(newItems.size());
        for (HistoryItem item : newItems) {
            if (!(item instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER)) {
                entries.add(classify(item, ts));
            }
        }
        return entries;
    }

    /**
     * Maps one history item to the entry that records it: a tool result to {@code tool_result};
     * everything else (assistant messages, tool calls, reasoning, and any other item, which is never
     * dropped) to {@code assistant_item}.
     */
    public static LogEntry classify(HistoryItem item, long ts) {
        return item instanceof HistoryItem.ToolResult
                ? new LogEntry.ToolResult(ts, item)
                : new LogEntry.AssistantItem(ts, item);
    }

    /** Records a system item the runtime injected. */
    public void appendSystemItem(SegmentId segment, SystemItem item) {
        write(segment, List.of(new LogEntry.SystemItemEntry(now(), item)));
    }

    /** Records that a run starts. */
    public void saveInvoke(SegmentId segment, LogEntry.Trigger trigger) {
        write(segment, List.of(new LogEntry.Invoke(now(), trigger)));
    }

    /** Records the end of a turn. */
    public void saveTurnEnd(SegmentId segment, int turnCount) {
        write(segment, List.of(new LogEntry.TurnEnd(now(), turnCount)));
    }

    /** Records that a run returned normally. */
    public void saveRunCompleted(SegmentId segment, LogEntry.RunResult result, boolean interrupted) {
        write(segment, List.of(new LogEntry.RunCompleted(now(), interrupted, result)));
    }

    /** Records that a run failed; {@code message} is the error rendered as text. */
    public void saveRunErrored(SegmentId segment, String message, boolean interrupted) {
        write(segment, List.of(new LogEntry.RunErrored(now(), interrupted, message)));
    }

    /** Session log v0: records how a run ended as an opaque outcome. */
    public void saveOutcome(SegmentId segment, RawJson outcome, boolean interrupted) {
        write(segment, List.of(new LogEntry.RunOutcome(now(), outcome, interrupted)));
    }

    /** Records the token usage of one model request. */
    public void saveUsage(SegmentId segment, int historyLen, long inputTotalTokens, long cacheReadTokens,
                          long cacheWriteTokens, long outputTokens) {
        write(segment, List.of(new LogEntry.LlmUsage(now(), historyLen, inputTotalTokens, cacheReadTokens,
                cacheWriteTokens, outputTokens)));
    }

    /** Records a domain's opaque payload; read back with {@link RestoredState#latestExtension}. */
    public void saveExtension(SegmentId segment, String domain, RawJson payload) {
        write(segment, List.of(new LogEntry.Extension(now(), domain, payload)));
    }

    /** Records new request settings. */
    public void saveConfigChanged(SegmentId segment, RequestConfig config) {
        write(segment, List.of(new LogEntry.ConfigChanged(now(), config)));
    }

    /** Session log v0: records that the provider's cache locked a history prefix. */
    public void saveCacheLocked(SegmentId segment, int lockedPrefixLen) {
        write(segment, List.of(new LogEntry.Locked(now(), lockedPrefixLen)));
    }

    /** Session log v0: records that the provider's cache was unlocked. */
    public void saveCacheUnlocked(SegmentId segment) {
        write(segment, List.of(new LogEntry.CacheUnlocked(now())));
    }

    /**
     * Forks a state into a new segment of {@code source}'s session, recording {@code forked_from}
     * = {source, atTurnIndex}.
     *
     * @return the fork
     * @throws SegmentNotFoundException if {@code source} does not exist
     */
    public SegmentId fork(SegmentId source, StartState state, int atTurnIndex) {
        return forkFrom(source, state, new SegmentOrigin(source, atTurnIndex));
    }

    /**
     * Forks a stored segment as it was right after turn {@code turn} (0: right after its
     * {@code segment_start}); entries after that are not carried over.
     *
     * @return the fork
     * @throws SegmentNotFoundException                   if {@code source} does not exist
     * @throws dev.segmentlog.core.TurnNotReachedException if the source never reached that turn
     */
    public SegmentId forkAtTurn(SegmentId source, int turn) {
        List<StoredEntry> entries = read(source);
        return forkAtCut(source, entries, Lineage.cutIndex(StoredEntry.entries(entries), turn), false);
    }

    /**
     * Forks a stored segment after its first {@code count} entries, wherever they end (not only at a
     * turn boundary); {@code forked_from} records the entry count and the turn count there.
     *
     * @return the fork
     * @throws SegmentNotFoundException if {@code source} does not exist
     * @throws IllegalArgumentException if {@code count} is not between 1 and the source's entry count
     */
    public SegmentId forkAtEntry(SegmentId source, long count) {
        List<StoredEntry> entries = read(source);
        Lineage.cutAtEntry(StoredEntry.entries(entries), count);
        return forkAtCut(source, entries, (int) count, true);
    }

    /**
     * Forks a chained segment right after the entry whose hash is {@code hash}, as the original
     * runtime's hash-chained session log's fork did.
     *
     * @return the fork
     * @throws SegmentNotFoundException if {@code source} does not exist
     * @throws IllegalArgumentException if no entry of the source has that hash
     */
    public SegmentId forkAtHash(SegmentId source, EntryHash hash) {
        Objects.requireNonNull(hash, "hash");
        List<StoredEntry> entries = read(source);
        for (int i = 0; i < entries.size(); i++) {
            if (hash.equals(entries.get(i).hash())) {
                return forkAtCut(source, entries, i + 1, true);
            }
        }
        throw new IllegalArgumentException("segment " + source + " has no entry with hash " + hash.hex());
    }

    /**
     * Verifies a segment's hash chain, and the source history its origin names when the origin
     * carries a head hash.
     *
     * @throws SegmentNotFoundException       if the segment does not exist
     * @throws CorruptDataException           if an entry cannot be decoded at all
     */
    public ChainReport verify(SegmentId segment) {
        List<StoredEntry> entries = readStored(segment);
        ChainReport report = HashChain.verify(segment, entries, null);
        SegmentOrigin origin = entries.isEmpty() || !(entries.get(0).entry() instanceof LogEntry.SegmentStart start)
                ? null : start.origin();
        if (origin == null || origin.atHash() == null) {
            return report;
        }
        List<ChainReport.Break> breaks = new ArrayList<>(report.breaks());
        if (!store.exists(origin.segmentId())) {
            breaks.add(new ChainReport.Break(0, ChainReport.Problem.LINEAGE_MISMATCH,
                    "its source segment " + origin.segmentId() + " does not exist"));
        } else {
            List<StoredEntry> source = readStored(origin.segmentId());
            try {
                long cut = origin.atEntry() != null ? origin.atEntry()
                        : Lineage.cutIndex(StoredEntry.entries(source), origin.atTurnIndex());
                // Only the history up to the cut is the fork's: later damage to the source is the source's own.
                ChainReport sourceReport = HashChain.verify(origin.segmentId(),
                        source.subList(0, (int) Math.min(cut, source.size())),
                        new SegmentHead(origin.segmentId(), cut, origin.atHash()));
                sourceReport.breaks().forEach(broken -> breaks.add(new ChainReport.Break(0,
                        ChainReport.Problem.LINEAGE_MISMATCH, "its source " + origin.segmentId() + " has " + broken)));
            } catch (TurnNotReachedException e) {
                breaks.add(new ChainReport.Break(0, ChainReport.Problem.LINEAGE_MISMATCH,
                        "its source " + origin.segmentId() + " never reached turn " + origin.atTurnIndex()
                                + ": it was truncated or rewritten"));
            }
        }
        return new ChainReport(segment, report.entriesChecked(), report.chained(), breaks);
    }

    /** Appends an entry the caller built itself. */
    public void appendEntry(SegmentId segment, LogEntry entry) {
        write(segment, List.of(entry));
    }

    /**
     * Opens a writer on a stored segment: it replays the segment once, then tracks what it writes.
     * Opened through {@link #chained()}, it also keeps the head hash of a chained segment.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     */
    public SegmentWriter writer(SegmentId segment) {
        return new SegmentWriter(this, segment, read(segment));
    }

    private SegmentId forkAtCut(SegmentId source, List<StoredEntry> entries, int cut, boolean recordEntry) {
        List<LogEntry> kept = StoredEntry.entries(entries).subList(0, cut);
        RestoredState state = Replay.replay(kept);
        SegmentOrigin origin = new SegmentOrigin(source, state.turnCount(),
                recordEntry || entries.get(cut - 1).isChained() ? Long.valueOf(cut) : null,
                entries.get(cut - 1).hash());
        return forkFrom(source, StartState.of(state), origin);
    }

    private SegmentId forkFrom(SegmentId source, StartState state, SegmentOrigin origin) {
        SessionId session = store.info(source).sessionId();
        SegmentId forked = SegmentId.generate();
        createSegment(forked, List.of(start(session, state, origin, null)));
        return forked;
    }

    /** A source's entries with their chain fields when these operations are chained. */
    private List<StoredEntry> read(SegmentId segment) {
        return chained ? readStored(segment) : StoredEntry.plain(store.readAll(segment));
    }

    /**
     * Every entry of a segment with its chain fields, read a page at a time.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     */
    public List<StoredEntry> readStored(SegmentId segment) {
        List<StoredEntry> entries = new ArrayList<>();
        store.readEach(segment, entries::add);
        return Collections.unmodifiableList(entries);
    }

    /**
     * Creates a segment, chained when these operations are.
     *
     * @return the head hash, or null when the segment is not chained
     */
    EntryHash createSegment(SegmentId segment, List<LogEntry> entries) {
        if (!chained) {
            store.create(segment, StoredEntry.plain(entries));
            return null;
        }
        List<StoredEntry> linked = HashChain.link(null, entries);
        store.create(segment, linked);
        return linked.get(linked.size() - 1).hash();
    }

    /**
     * Appends entries. Chained operations link them after the segment's head and append only if
     * no other writer moved it meanwhile, re-reading the head after a lost race; a segment that is
     * not chained stays so.
     */
    private void write(SegmentId segment, List<LogEntry> entries) {
        if (!chained) {
            store.append(segment, ExpectedCount.any(), StoredEntry.plain(entries));
            return;
        }
        ConflictException lastConflict = null;
        for (int attempt = 0; attempt < CHAINED_APPEND_ATTEMPTS; attempt++) {
            long count = store.count(segment);
            List<StoredEntry> last = store.read(segment, count - 1, 1);
            EntryHash head = last.isEmpty() ? null : last.get(0).hash();
            if (head == null) {
                store.append(segment, ExpectedCount.any(), StoredEntry.plain(entries));
                return;
            }
            try {
                store.append(segment, ExpectedCount.exactly(count), HashChain.link(head, entries));
                return;
            } catch (ConflictException conflict) {
                lastConflict = conflict;
            }
        }
        throw lastConflict;
    }

    LogEntry.SegmentStart start(SessionId session, StartState state, SegmentOrigin forkedFrom,
                                SegmentOrigin compactedFrom) {
        return new LogEntry.SegmentStart(now(), session, state.systemPrompt(), state.config(), state.history(),
                forkedFrom, compactedFrom);
    }
}
