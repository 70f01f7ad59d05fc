package dev.segmentlog.spi;

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
import dev.segmentlog.core.SystemItem;
import java.util.ArrayList;
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
 */
public final class SegmentLog {
    private final SegmentStore store;
    private final LongSupplier clock;

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
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        store.create(segment, List.of(start(SessionId.generate(), state, null, null)));
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
        store.create(segment, List.of(start(session, summary, null, new SegmentOrigin(source, sourceTurnCount))));
        return segment;
    }

    /**
     * Replays a stored segment into the state an agent resumes from.
     *
     * @throws SegmentNotFoundException if it does not exist
     * @throws CorruptDataException     if an entry cannot be decoded
     */
    public RestoredState restore(SegmentId segment) {
        return Replay.replay(store.readAll(segment));
    }

    /**
     * Checks that the store still holds exactly the entries the caller wrote; if another writer
     * extended the segment, forks {@code state} into a new segment of the same session (recording
     * {@code forked_from} at {@code turnCount}) so the caller never interleaves with it.
     *
     * @param head      the segment the caller writes and how many entries it wrote
     * @param state     the caller's state, the fork's start
     * @param turnCount the caller's turn count, recorded as the fork's origin
     * @return {@code head} when nothing changed, else the fork with 1 entry written
     * @throws SegmentNotFoundException if {@code head}'s segment does not exist
     */
    public SegmentHead ensureHeadOrFork(SegmentHead head, StartState state, int turnCount) {
        if (store.count(head.segmentId()) == head.entriesWritten()) {
            return head;
        }
        return new SegmentHead(fork(head.segmentId(), state, turnCount), 1);
    }

    /** Records what the user submitted, typed; replay derives the user message from it. */
    public void saveUserInput(SegmentId segment, List<InputPart> parts) {
        store.append(segment, new LogEntry.UserInput(now(), parts));
    }

    /**
     * Records the history items added since the last save, in one atomic batch: each classified by
     * {@link #classify}. User messages are skipped: {@link #saveUserInput} recorded them already.
     */
    public void saveDelta(SegmentId segment, List<HistoryItem> newItems) {
        List<LogEntry> entries = deltaEntries(newItems, now());
        if (!entries.isEmpty()) {
            store.appendAll(segment, entries);
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
        store.append(segment, new LogEntry.SystemItemEntry(now(), item));
    }

    /** Records that a run starts. */
    public void saveInvoke(SegmentId segment, LogEntry.Trigger trigger) {
        store.append(segment, new LogEntry.Invoke(now(), trigger));
    }

    /** Records the end of a turn. */
    public void saveTurnEnd(SegmentId segment, int turnCount) {
        store.append(segment, new LogEntry.TurnEnd(now(), turnCount));
    }

    /** Records that a run returned normally. */
    public void saveRunCompleted(SegmentId segment, LogEntry.RunResult result, boolean interrupted) {
        store.append(segment, new LogEntry.RunCompleted(now(), interrupted, result));
    }

    /** Records that a run failed; {@code message} is the error rendered as text. */
    public void saveRunErrored(SegmentId segment, String message, boolean interrupted) {
        store.append(segment, new LogEntry.RunErrored(now(), interrupted, message));
    }

    /** Older seed: records how a run ended as an opaque outcome. */
    public void saveOutcome(SegmentId segment, RawJson outcome, boolean interrupted) {
        store.append(segment, new LogEntry.RunOutcome(now(), outcome, interrupted));
    }

    /** Records the token usage of one model request. */
    public void saveUsage(SegmentId segment, int historyLen, long inputTotalTokens, long cacheReadTokens,
                          long cacheWriteTokens, long outputTokens) {
        store.append(segment, new LogEntry.LlmUsage(now(), historyLen, inputTotalTokens, cacheReadTokens,
                cacheWriteTokens, outputTokens));
    }

    /** Records a domain's opaque payload; read back with {@link RestoredState#latestExtension}. */
    public void saveExtension(SegmentId segment, String domain, RawJson payload) {
        store.append(segment, new LogEntry.Extension(now(), domain, payload));
    }

    /** Records new request settings. */
    public void saveConfigChanged(SegmentId segment, RequestConfig config) {
        store.append(segment, new LogEntry.ConfigChanged(now(), config));
    }

    /** Older seed: records that the provider's cache locked a history prefix. */
    public void saveCacheLocked(SegmentId segment, int lockedPrefixLen) {
        store.append(segment, new LogEntry.Locked(now(), lockedPrefixLen));
    }

    /** Older seed: records that the provider's cache was unlocked. */
    public void saveCacheUnlocked(SegmentId segment) {
        store.append(segment, new LogEntry.CacheUnlocked(now()));
    }

    /**
     * Forks a state into a new segment of {@code source}'s session, recording {@code forked_from}
     * = {source, atTurnIndex}.
     *
     * @return the fork
     * @throws SegmentNotFoundException if {@code source} does not exist
     */
    public SegmentId fork(SegmentId source, StartState state, int atTurnIndex) {
        SessionId session = store.info(source).sessionId();
        SegmentId forked = SegmentId.generate();
        store.create(forked, List.of(start(session, state, new SegmentOrigin(source, atTurnIndex), null)));
        return forked;
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
        RestoredState state = Replay.replay(Lineage.cutAtTurn(store.readAll(source), turn));
        return fork(source, StartState.of(state), turn);
    }

    /** Appends an entry the caller built itself. */
    public void appendEntry(SegmentId segment, LogEntry entry) {
        store.append(segment, entry);
    }

    /**
     * Opens a writer on a stored segment: it replays the segment once, then tracks what it writes.
     *
     * @throws SegmentNotFoundException if the segment does not exist
     */
    public SegmentWriter writer(SegmentId segment) {
        return new SegmentWriter(this, segment, store.readAll(segment));
    }

    LogEntry.SegmentStart start(SessionId session, StartState state, SegmentOrigin forkedFrom,
                                SegmentOrigin compactedFrom) {
        return new LogEntry.SegmentStart(now(), session, state.systemPrompt(), state.config(), state.history(),
                forkedFrom, compactedFrom);
    }
}
