package dev.segmentlog.importer;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A log of the original runtime's session log — the format of its versions before segments, from
 * its first JSONL log (00e3ae19, unchained) through every hash-chained version up to 79b8336a
 * (90e83bf2 removed the chain; those logs are read by the codec directly) — read, verified and
 * converted to current entries, ready to be imported into any {@link SegmentStore}.
 *
 * <h2>The format</h2>
 * One JSON object per line (UTF-8, {@code \n}-terminated; trailing empty lines are ignored, an
 * empty line inside the log is not). From 3d2a49e1 on, each line is a {@code HashedEntry}: the entry
 * with {@code hash} and {@code prev_hash} (64 lowercase hex digits; {@code prev_hash} null on the
 * first line) flattened into it, usually first. Each {@code hash} is SHA-256 over the previous line's
 * hash (32 zero bytes for the first line) followed by the entry's {@code serde_json} bytes: the
 * line's object without {@code hash}/{@code prev_hash}, compact, keys in their written order, strings
 * escaped as serde_json does, numbers as written. A log whose first line has no chain fields is the
 * first, unchained version; a chain field on a later line of it is corrupt data.
 *
 * <p>Entries are tagged by {@code kind}: {@code session_start} {ts, system_prompt, config, history[],
 * forked_from?/compacted_from? = {session_id, at_hash}}; {@code user_input} {ts, item} (until
 * e3b36371) or {ts, segments[]}; the plural {@code assistant_items}, {@code tool_results},
 * {@code hook_injected_items} and {@code system_items} {ts, items[]}; the singular
 * {@code assistant_item}, {@code tool_result}, {@code system_item} {ts, item} (35fec785);
 * {@code invoke} (79b8336a); {@code turn_end}; {@code run_outcome} (until 6fe19b84, then
 * {@code run_completed}, {@code run_errored}); {@code llm_usage}; {@code extension};
 * {@code cache_locked} (later {@code locked}) and {@code cache_unlocked}; {@code config_changed}.
 * History items are the provider's items tagged by {@code type} with {@code id} and {@code status}
 * until 8a9e3b4f, the runtime's logged items tagged by {@code kind} after; a first-version tool
 * result's {@code output} is the later {@code summary}. Missing optional fields take their defaults;
 * anything not understood (malformed JSON, an unknown kind, a missing required field, a value of the
 * wrong type, a bad hash) is a {@link CorruptDataException} naming the source, the line and the
 * reason, with the line's 0-based position. The old session id, a UUID, is not in the log: it is
 * read from the source name ({@code <session-uuid>.jsonl}) or given in the {@link SessionLogOptions};
 * it becomes the imported segment's id.
 *
 * <h2>Conversion: current kinds only</h2>
 * Every entry written is of a kind the newest runtime reads: {@code session_start} becomes a
 * {@code segment_start} whose session is {@link SessionId#ofLegacySegment} of the segment unless the
 * options say otherwise, marked {@code imported_from} ({@link #mark()}); a plural line becomes one
 * singular entry per item with the line's {@code ts} ({@code hook_injected_items} items go where the
 * runtime's own classifier put them: tool results to {@code tool_result}, the rest to
 * {@code assistant_item}); a {@code user_input} item that is a user message of one text part becomes
 * a {@code user_input} of one text part, any other item an {@code assistant_item} (see
 * {@link #notes()}); {@code run_outcome} becomes {@code run_errored} for an error outcome and
 * {@code run_completed} otherwise; the {@code pod_event} trigger and system item take their current
 * name {@code worker_event}; cache locks are checked and left out (no current kind records one; see
 * {@link #notes()}). Replaying the converted entries gives the state the version's own replay gave,
 * but for its locked prefix length.
 *
 * <p>Lines and entries therefore do not correspond one to one; {@link #entriesThroughLine} maps one
 * to the other. An origin's {@code at_hash} names a line of its source's old chain. When the source
 * was read too and given in the options, the origin becomes a cut after the entries the source's
 * lines up to that one became: {@code at_entry}, {@code at_turn_index} (the source's turn count
 * there) and {@code at_hash} of the source's <em>new</em> chain, so {@link SegmentLog#verify} of the
 * imported fork checks its imported source. Otherwise it keeps the source segment id with
 * {@code at_turn_index} 0 and no hash, and {@link #origins()} and {@link #notes()} say it was not
 * resolved.
 *
 * <h2>What import keeps, and what it refuses</h2>
 * The old chain is verified on the original bytes when the log is read ({@link #oldChain()}). The
 * imported segment gets a new chain in the current canonical format ({@link HashChain#link}, see
 * {@link #chainedEntries()}): the old hashes cannot carry over, because the current canonical bytes
 * differ from serde_json's. A new chain is intact by construction, so it must not launder damage:
 * {@link #importInto} refuses a log whose old chain is broken unless the options accept it
 * ({@link SessionLogOptions#withBrokenChainAccepted}), and the {@code segment_start} always records
 * what the old chain was ({@code imported_from}: intact, none, or broken at a line, which the new
 * chain covers). The old head hash, the old chain's verification, the source name and the counts of
 * lines and entries are kept as provenance in one trace entry of the new segment.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SessionLogFile {

    /** Which origin field of a {@code session_start}. */
    public enum Relation {
        FORKED_FROM("forked_from"), COMPACTED_FROM("compacted_from");

        private final String wireName;

        Relation(String wireName) {
            this.wireName = wireName;
        }

        /** The field name in both formats. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * An origin of a {@code session_start} and what it became.
     *
     * @param position      the 0-based position of its {@code session_start} line
     * @param relation      fork or compaction
     * @param sourceSegment the source: its old session id, as a segment id
     * @param oldAtHash     the source entry it was cut after, as an old-chain hash
     * @param converted     the origin the imported {@code segment_start} records
     * @param resolved      whether {@code oldAtHash} was found in the given source; if not,
     *                      {@code converted} is a cut at turn 0 without {@code at_entry} or hash
     */
    public record Origin(long position, Relation relation, SegmentId sourceSegment, EntryHash oldAtHash,
                         SegmentOrigin converted, boolean resolved) {
        /** @throws NullPointerException if an argument is null */
        public Origin {
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(sourceSegment, "sourceSegment");
            Objects.requireNonNull(oldAtHash, "oldAtHash");
            Objects.requireNonNull(converted, "converted");
        }
    }

    private final String sourceName;
    private final SegmentId segmentId;
    private final SessionId sessionId;
    private final List<LogEntry> entries;
    private final List<StoredEntry> chainedEntries;
    private final int[] entriesThroughLine;
    private final List<EntryHash> oldHashes;
    private final Map<EntryHash, Integer> oldPositions;
    private final ChainReport oldChain;
    private final List<Origin> origins;
    private final List<String> notes;
    private final EntryCodec codec;
    private final boolean brokenChainAccepted;

    SessionLogFile(String sourceName, SegmentId segmentId, SessionId sessionId, List<LogEntry> entries,
                   List<StoredEntry> chainedEntries, int[] entriesThroughLine, List<EntryHash> oldHashes,
                   ChainReport oldChain, List<Origin> origins, List<String> notes, SessionLogOptions options) {
        this.sourceName = sourceName;
        this.segmentId = segmentId;
        this.sessionId = sessionId;
        this.entries = List.copyOf(entries);
        this.chainedEntries = List.copyOf(chainedEntries);
        this.entriesThroughLine = entriesThroughLine.clone();
        this.oldHashes = List.copyOf(oldHashes);
        Map<EntryHash, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < oldHashes.size(); i++) {
            positions.putIfAbsent(oldHashes.get(i), i);
        }
        this.oldPositions = positions;
        this.oldChain = oldChain;
        this.origins = List.copyOf(origins);
        this.notes = List.copyOf(notes);
        this.codec = options.codec();
        this.brokenChainAccepted = options.brokenChainAccepted();
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a session log file named {@code <session-uuid>.jsonl}, with the default options.
     *
     * @throws IllegalArgumentException if the file name does not start with the old session id
     * @throws CorruptDataException     if a line is not understood
     * @throws BackendException         if the file cannot be read
     * @throws NullPointerException     if {@code file} is null
     */
    public static SessionLogFile read(Path file) {
        return read(file, SessionLogOptions.defaults());
    }

    /**
     * Reads a session log file. Its path is the source name; the old session id is read from its file
     * name unless the options give it.
     *
     * @throws IllegalArgumentException if no segment id is given and the file name does not start with one
     * @throws CorruptDataException     if a line is not understood
     * @throws BackendException         if the file cannot be read
     * @throws NullPointerException     if an argument is null
     */
    public static SessionLogFile read(Path file, SessionLogOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path name = file.getFileName();
        String sourceName = name == null ? file.toString() : name.toString();
        SegmentId segment = segmentFor(sourceName, options);
        try (InputStream in = Files.newInputStream(file)) {
            return new SessionLogReader(file.toString(), segment, options).read(in);
        } catch (IOException e) {
            throw new BackendException("cannot read the session log " + file + ": " + e, e);
        }
    }

    /**
     * Reads a session log from a stream, which is read to its end and not closed.
     *
     * @param sourceName what the log is, for errors and provenance; also where the old session id is
     *                   read from when the options give none ({@code …/<session-uuid>.jsonl})
     * @throws IllegalArgumentException if no segment id is given and the source name does not end
     *                                  with one
     * @throws CorruptDataException     if a line is not understood
     * @throws BackendException         if the stream cannot be read
     * @throws NullPointerException     if an argument is null
     */
    public static SessionLogFile read(InputStream in, String sourceName, SessionLogOptions options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(options, "options");
        SegmentId segment = segmentFor(sourceName, options);
        try {
            return new SessionLogReader(sourceName, segment, options).read(in);
        } catch (IOException e) {
            throw new BackendException("cannot read the session log " + sourceName + ": " + e, e);
        }
    }

    /**
     * The old session id a source name holds: its last path element up to the first dot, when that
     * is a canonical UUID ({@code logs/0190….jsonl} gives {@code 0190…}).
     *
     * @throws NullPointerException if {@code sourceName} is null
     */
    public static Optional<SegmentId> segmentIdFromName(String sourceName) {
        String name = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        int dot = name.indexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        try {
            return Optional.of(SegmentId.parse(stem));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static SegmentId segmentFor(String sourceName, SessionLogOptions options) {
        return options.segmentId().or(() -> segmentIdFromName(sourceName)).orElseThrow(() ->
                new IllegalArgumentException("cannot tell the old session id of '" + sourceName
                        + "': session logs are named <session-uuid>.jsonl; otherwise give it with "
                        + "SessionLogOptions.withSegmentId"));
    }

    // ---------------------------------------------------------------- what was read

    /** What the log is: the file or the name given, as in errors. */
    public String sourceName() {
        return sourceName;
    }

    /** The old session id: the imported segment's id. */
    public SegmentId segmentId() {
        return segmentId;
    }

    /** The session the converted {@code segment_start} records. */
    public SessionId sessionId() {
        return sessionId;
    }

    /** The converted entries, one per line, in order; the first is a {@code segment_start}. */
    public List<LogEntry> entries() {
        return entries;
    }

    /**
     * The converted entries linked in a new chain in the current canonical format, exactly as
     * {@link HashChain#link HashChain.link(null, entries())} links them and {@link #importInto} stores them.
     */
    public List<StoredEntry> chainedEntries() {
        return chainedEntries;
    }

    /** The new chain's head hash (see {@link #chainedEntries()}). */
    public EntryHash headHash() {
        return chainedEntries.get(chainedEntries.size() - 1).hash();
    }

    /** The old {@code hash} of every line, as written, in order; empty for an unchained log. */
    public List<EntryHash> oldHashes() {
        return oldHashes;
    }

    /** The old head hash: the {@code hash} written on the last line; empty for an unchained log. */
    public Optional<EntryHash> oldHeadHash() {
        return oldHashes.isEmpty() ? Optional.empty() : Optional.of(oldHashes.get(oldHashes.size() - 1));
    }

    /**
     * How many converted entries the lines up to and including {@code line} (0-based) became: a
     * plural line becomes one entry per item, a cache lock none.
     *
     * @throws IndexOutOfBoundsException if the log has no such line
     */
    public int entriesThroughLine(int line) {
        return entriesThroughLine[Objects.checkIndex(line, entriesThroughLine.length)];
    }

    /** The import mark the converted {@code segment_start} carries: the source and what its old chain was. */
    public ImportedFrom mark() {
        return ((LogEntry.SegmentStart) entries.get(0)).importedFrom();
    }

    /**
     * The 0-based position of the first line whose written {@code hash} is {@code hash}, if any.
     *
     * @throws NullPointerException if {@code hash} is null
     */
    public Optional<Integer> positionOfOldHash(EntryHash hash) {
        Objects.requireNonNull(hash, "hash");
        return Optional.ofNullable(oldPositions.get(hash));
    }

    /**
     * The verification of the old chain, recomputed over the original bytes: intact, or the first
     * broken position (0-based line) and what is wrong there; not {@linkplain ChainReport#chained() chained}
     * (and so intact, with nothing to check) for the first, unchained version.
     */
    public ChainReport oldChain() {
        return oldChain;
    }

    /** The origins of the log's {@code session_start} lines and what they became; empty for a new conversation. */
    public List<Origin> origins() {
        return origins;
    }

    /**
     * What a person should know about the conversion: origins that were not resolved, user inputs
     * kept as injected items. Empty when everything converted one to one.
     */
    public List<String> notes() {
        return notes;
    }

    /** The state the converted entries replay to, which is the state the session log replayed to. */
    public RestoredState replay() {
        return Replay.replay(entries);
    }

    // ---------------------------------------------------------------- import

    /**
     * {@link #importInto(SegmentStore, LongSupplier)} with the system clock for the trace entry.
     *
     * @throws SegmentAlreadyExistsException if the store holds the segment already; nothing is written
     * @throws CorruptDataException          if the old chain is broken and the options did not accept
     *                                       it (naming the source and line); nothing is written
     * @throws InvalidEntryException         if the store's codec refuses an entry; nothing is written
     * @throws BackendException              if the store fails, or the trace entry was not appended
     * @throws NullPointerException          if {@code store} is null
     */
    public SessionLogImport importInto(SegmentStore store) {
        return importInto(store, System::currentTimeMillis);
    }

    /**
     * Creates the segment in {@code store}, hash-chained ({@link SegmentStore#create} with
     * {@link #chainedEntries()}) or, when the store lacks that capability, plainly
     * (with {@link #entries()}), then appends one trace entry recording
     * the provenance: {@code {"event":"session_log_import", "source", "old_session_id",
     * "old_head_hash"? (none for an unchained log), "old_chain": {"chained", "intact", "entries_checked",
     * "break"?: {"position", "problem", "detail"}}, "lines_read", "entries_imported", "chained",
     * "head_hash"?, "session_id", "origins": [...], "notes": [...]}}. A log whose old chain is broken
     * is refused unless the options accepted it; accepted, its {@code segment_start} says where the
     * old chain broke.
     *
     * <p>If appending the trace fails, the segment has been created without its provenance record:
     * the {@link BackendException} says so and keeps the store's error as its cause.
     *
     * @param clock the time of the trace entry, in milliseconds since the epoch
     * @throws SegmentAlreadyExistsException if the store holds the segment already; nothing is written
     * @throws CorruptDataException          if the old chain is broken and the options did not accept
     *                                       it (naming the source and line); nothing is written
     * @throws InvalidEntryException         if the store's codec refuses an entry; nothing is written
     * @throws BackendException              if the store fails, or the trace entry was not appended
     * @throws NullPointerException          if an argument is null
     */
    public SessionLogImport importInto(SegmentStore store, LongSupplier clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        if (!oldChain.intact() && !brokenChainAccepted) {
            ChainReport.Break first = oldChain.breaks().get(0);
            throw new CorruptDataException(segmentId, first.position(), sourceName + " line " + (first.position() + 1)
                    + ": its hash chain is broken there (" + first + "); nothing was imported. A broken chain is "
                    + "imported only when accepted (SessionLogOptions.withBrokenChainAccepted, or segmentlog copy "
                    + "--accept-broken-chain), and the segment then stays marked as imported from a broken chain");
        }
        boolean chained;
        try {
            store.create(segmentId, chainedEntries);
            chained = true;
        } catch (UnsupportedCapabilityException unsupported) {
            store.create(segmentId, StoredEntry.plain(entries));
            chained = false;
        }
        EntryHash head = chained ? headHash() : null;
        TraceEntry trace = new TraceEntry(clock.getAsLong(), provenance(chained, head));
        try {
            store.appendTrace(segmentId, trace);
        } catch (StoreException e) {
            throw new BackendException("segment " + segmentId + " was imported from " + sourceName
                    + " but its provenance trace entry was not written: " + e.getMessage(), e);
        }
        return new SessionLogImport(segmentId, sessionId, entries.size(), chained, head, oldHeadHash().orElse(null),
                oldChain, trace);
    }

    private RawJson provenance(boolean chained, EntryHash head) {
        Map<String, SessionLogJson.Node> chain = new LinkedHashMap<>();
        chain.put("chained", new SessionLogJson.Bool(oldChain.chained()));
        chain.put("intact", new SessionLogJson.Bool(oldChain.intact()));
        chain.put("entries_checked", number(oldChain.entriesChecked()));
        if (!oldChain.intact()) {
            ChainReport.Break first = oldChain.breaks().get(0);
            Map<String, SessionLogJson.Node> broken = new LinkedHashMap<>();
            broken.put("position", number(first.position()));
            broken.put("problem", text(first.problem().name().toLowerCase(java.util.Locale.ROOT)));
            broken.put("detail", text(first.detail()));
            chain.put("break", new SessionLogJson.Obj(broken));
        }
        List<SessionLogJson.Node> originNodes = new ArrayList<>();
        for (Origin origin : origins) {
            Map<String, SessionLogJson.Node> o = new LinkedHashMap<>();
            o.put("relation", text(origin.relation().wireName()));
            o.put("position", number(origin.position()));
            o.put("source_segment", text(origin.sourceSegment().toString()));
            o.put("old_at_hash", text(origin.oldAtHash().hex()));
            o.put("resolved", new SessionLogJson.Bool(origin.resolved()));
            o.put("at_turn_index", number(origin.converted().atTurnIndex()));
            if (origin.converted().atEntry() != null) {
                o.put("at_entry", number(origin.converted().atEntry()));
            }
            if (origin.converted().atHash() != null) {
                o.put("at_hash", text(origin.converted().atHash().hex()));
            }
            originNodes.add(new SessionLogJson.Obj(o));
        }
        Map<String, SessionLogJson.Node> event = new LinkedHashMap<>();
        event.put("event", text("session_log_import"));
        event.put("source", text(sourceName));
        event.put("old_session_id", text(segmentId.toString()));
        oldHeadHash().ifPresent(hash -> event.put("old_head_hash", text(hash.hex())));
        event.put("old_chain", new SessionLogJson.Obj(chain));
        event.put("lines_read", number(entriesThroughLine.length));
        event.put("entries_imported", number(entries.size()));
        event.put("chained", new SessionLogJson.Bool(chained));
        if (head != null) {
            event.put("head_hash", text(head.hex()));
        }
        event.put("session_id", text(sessionId.toString()));
        event.put("origins", new SessionLogJson.Arr(originNodes));
        event.put("notes", new SessionLogJson.Arr(notes.stream().<SessionLogJson.Node>map(SessionLogFile::text).toList()));
        return codec.canonicalJson(SessionLogJson.toText(SessionLogJson.PLAIN, new SessionLogJson.Obj(event)));
    }

    private static SessionLogJson.Node text(String value) {
        return new SessionLogJson.Str(value);
    }

    private static SessionLogJson.Node number(long value) {
        return new SessionLogJson.Num(Long.toString(value), true);
    }

    @Override
    public String toString() {
        return "SessionLogFile[" + sourceName + ", segment " + segmentId + ", " + entries.size() + " entries, old chain "
                + (oldChain.intact() ? "intact" : oldChain.breaks().get(0)) + "]";
    }
}
