package dev.segmentlog.importer;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.UnknownContent;
import dev.segmentlog.importer.SessionLogJson.Arr;
import dev.segmentlog.importer.SessionLogJson.Node;
import dev.segmentlog.importer.SessionLogJson.Obj;
import dev.segmentlog.importer.SessionLogJson.Str;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.codec.CodecLimits;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one older log for {@link SessionLogFile}: splits it into lines, verifies the old chain (if the
 * log has one) over the lines' own bytes, converts each line into the current kinds and lets the
 * current codec decode them, so that every value is checked by the same rules as a current log. One
 * instance per log; not thread-safe.
 */
final class SessionLogReader {

    private static final Set<String> CHAIN_FIELDS = Set.of("hash", "prev_hash");
    private static final Set<String> TAGS = Set.of("kind", "type");
    /**
     * The provider's item id and status, which the hash-chained format kept on every history item
     * and the runtime's own conversion to its logged items dropped: dropped here too.
     */
    private static final Set<String> PROVIDER_ITEM_FIELDS = Set.of("id", "status");
    /** Room for {@code "hash"} and {@code "prev_hash"} on top of an entry's size limit. */
    private static final int CHAIN_FIELD_BYTES = 512;
    private static final List<String> OLDER_KINDS = List.of("session_start", "user_input", "assistant_items",
            "tool_results", "hook_injected_items", "system_items", "assistant_item", "tool_result", "system_item",
            "invoke", "turn_end", "run_outcome", "run_completed", "run_errored", "llm_usage", "extension", "locked",
            "cache_locked", "cache_unlocked", "config_changed");
    /** The names in a {@code pod_event} system item's event that the runtime renamed with it. */
    private static final Map<String, String> WORKER_NAMES = Map.of("pod_name", "worker_name",
            "parent_pod", "parent_worker", "sub_pod", "sub_worker");

    private final String source;
    private final SegmentId segment;
    private final SessionLogOptions options;
    private final EntryCodec codec;
    private final int maxLineBytes;
    private final JsonFactory factory;
    private final List<SessionLogFile.Origin> origins = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private SessionId session;
    private ImportedFrom mark;

    SessionLogReader(String source, SegmentId segment, SessionLogOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.segment = Objects.requireNonNull(segment, "segment");
        this.options = Objects.requireNonNull(options, "options");
        this.codec = options.codec();
        CodecLimits limits = codec.limits();
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 8L, (long) limits.maxEntryBytes() + CHAIN_FIELD_BYTES);
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxDocumentLength(maxLineBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    SessionLogFile read(InputStream in) throws IOException {
        SessionLogLines reading = new SessionLogLines(source, segment, maxLineBytes, factory);
        List<Obj> objects = reading.read(in);
        int n = objects.size();
        // The first version wrote no chain; every later one chained every line.
        boolean chained = objects.get(0).get("hash") != null || objects.get(0).get("prev_hash") != null;
        List<EntryHash> hashes = new ArrayList<>(n);
        List<EntryHash> prevHashes = new ArrayList<>(n);
        List<byte[]> hashedBytes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Obj line = objects.get(i);
            if (chained) {
                hashes.add(reading.chainField(line, "hash", i, true));
                prevHashes.add(reading.chainField(line, "prev_hash", i, false));
                hashedBytes.add(SessionLogJson.serdeBytes(line, CHAIN_FIELDS));
            } else if (line.get("hash") != null || line.get("prev_hash") != null) {
                throw corrupt(i, "a hash in a log whose first line has none: an unchained log has no chain fields");
            }
        }
        ChainReport oldChain = chained ? reading.verify(hashes, prevHashes, hashedBytes)
                : new ChainReport(segment, n, false, List.of());
        mark = mark(oldChain);

        String first = tag(objects.get(0), "the first entry", 0);
        if (!first.equals("session_start")) {
            throw corrupt(0, "a session log opens with a session_start line, not '" + first + "'");
        }
        List<LogEntry> entries = new ArrayList<>(n);
        int[] entriesThroughLine = new int[n];
        for (int i = 0; i < n; i++) {
            entries.addAll(convert(objects.get(i), i));
            entriesThroughLine[i] = entries.size();
        }
        List<StoredEntry> linked = new ArrayList<>(entries.size());
        EntryHash prev = null;
        int line = 0;
        for (int j = 0; j < entries.size(); j++) {
            while (entriesThroughLine[line] <= j) {
                line++;
            }
            StoredEntry stored;
            try {
                stored = HashChain.link(prev, List.of(entries.get(j))).get(0);
            } catch (InvalidEntryException e) {
                throw corrupt(line, "cannot be written in the current format: " + e.getMessage(), e);
            }
            linked.add(stored);
            prev = stored.hash();
        }
        return new SessionLogFile(source, segment, session, entries, linked, entriesThroughLine, hashes, oldChain,
                origins, notes, options);
    }

    /** The import mark of the log's segment_start: where it comes from and what its chain was. */
    private ImportedFrom mark(ChainReport oldChain) {
        String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        if (!oldChain.chained()) {
            return new ImportedFrom(name, ImportedFrom.OldChain.NONE, null, null);
        }
        if (oldChain.intact()) {
            return new ImportedFrom(name, ImportedFrom.OldChain.INTACT, null, null);
        }
        ChainReport.Break first = oldChain.breaks().get(0);
        return new ImportedFrom(name, ImportedFrom.OldChain.BROKEN, first.position() + 1,
                first.problem() + ": " + first.detail());
    }

    // ---------------------------------------------------------------- conversion

    /**
     * The current entries one line becomes: none (a cache lock, an empty plural), one, or one per item
     * of a plural line, each in the current kind the newest runtime reads.
     */
    private List<LogEntry> convert(Obj line, long position) {
        String kind = tag(line, "the entry", position);
        switch (kind) {
            case "session_start":
                return List.of(sessionStart(line, position));
            case "user_input":
                if (line.get("item") == null && line.get("segments") == null) {
                    throw corrupt(position, "user_input has neither an item nor segments");
                }
                return List.of(line.get("item") != null ? userInputItem(line, position)
                        : decode(current(line, kind, Set.of()), kind, kind, position));
            case "assistant_items":
                return singular(line, "assistant_item", kind, position);
            case "tool_results":
                return singular(line, "tool_result", kind, position);
            case "hook_injected_items":
                return singular(line, null, kind, position);
            case "system_items":
                return singular(line, "system_item", kind, position);
            case "assistant_item":
            case "tool_result": {
                Map<String, Node> current = current(line, kind, Set.of());
                current.computeIfPresent("item", (name, item) -> retag(item, kind + ".item", position));
                return List.of(decode(current, kind, kind, position));
            }
            case "system_item": {
                Map<String, Node> current = current(line, kind, Set.of());
                current.computeIfPresent("item", (name, item) -> currentSystemItem(item));
                return List.of(decode(current, kind, kind, position));
            }
            case "invoke": {
                Map<String, Node> current = current(line, kind, Set.of());
                if (current.get("trigger") instanceof Str trigger && trigger.value().equals("pod_event")) {
                    current.put("trigger", new Str("worker_event")); // the runtime's rename of pod to worker
                }
                return List.of(decode(current, kind, kind, position));
            }
            case "run_outcome":
                return List.of(runOutcome(line, position));
            case "locked":
            case "cache_locked":
            case "cache_unlocked": {
                // Read to check it, then left out: no current kind records a cache lock, and the
                // runtime stopped restoring one when it introduced run_completed.
                LogEntry lock = decode(current(line, kind.equals("cache_unlocked") ? kind : "locked", Set.of()),
                        kind, kind.equals("cache_unlocked") ? kind : "locked", position);
                notes.add("line " + (position + 1) + ": " + kind + (lock instanceof LogEntry.Locked locked
                        ? " (locked_prefix_len " + locked.lockedPrefixLen() + ")" : "")
                        + " not imported: the current format has no cache lock");
                return List.of();
            }
            case "turn_end":
            case "run_completed":
            case "run_errored":
            case "llm_usage":
            case "config_changed":
            case "extension":
                return List.of(decode(current(line, kind, Set.of()), kind, kind, position));
            default:
                throw corrupt(position, "unknown session log entry kind '" + kind + "'; known kinds: "
                        + String.join(", ", OLDER_KINDS)
                        + (kind.equals("segment_start")
                                ? " ('segment_start' opens a log of the current format: such a log needs no import)"
                                : ""));
        }
    }

    /**
     * A plural line as one singular entry per item, each with the line's {@code ts}. The items of
     * {@code hook_injected_items} go where the runtime's own classifier put a history item: a tool
     * result to {@code tool_result}, anything else to {@code assistant_item}.
     */
    private List<LogEntry> singular(Obj line, String singularKind, String pluralKind, long position) {
        Node items = line.get("items");
        if (items == null || items == SessionLogJson.Null.INSTANCE) {
            items = new Arr(List.of());
        }
        if (!(items instanceof Arr)) {
            throw corrupt(position, pluralKind + ".items must be an array, found " + SessionLogJson.describe(items));
        }
        List<LogEntry> entries = new ArrayList<>();
        for (Node item : ((Arr) items).values()) {
            String kind = singularKind;
            Node converted;
            if (pluralKind.equals("system_items")) {
                converted = currentSystemItem(item);
            } else {
                converted = retag(item, pluralKind + ".items[]", position);
                if (kind == null) {
                    kind = converted instanceof Obj obj && obj.get("kind") instanceof Str tag
                            && tag.value().equals("tool_result") ? "tool_result" : "assistant_item";
                }
            }
            Map<String, Node> current = current(line, kind, Set.of("items"));
            current.put("item", converted);
            entries.add(decode(current, pluralKind, kind, position));
        }
        if (entries.isEmpty()) {
            notes.add("line " + (position + 1) + ": " + pluralKind + " without items: nothing to import");
        }
        return entries;
    }

    /**
     * {@code run_outcome} as the terminal entry that replaced it: {@code run_errored} for an
     * {@code {"error":{"message"}}} outcome, {@code run_completed} with the outcome's name otherwise.
     */
    private LogEntry runOutcome(Obj line, long position) {
        Node outcome = line.get("outcome");
        Map<String, Node> current;
        if (outcome instanceof Str name) {
            current = current(line, "run_completed", Set.of("outcome"));
            current.put("result", name);
        } else if (outcome instanceof Obj obj && obj.members().size() == 1 && obj.get("error") instanceof Obj error
                && error.get("message") instanceof Str message) {
            current = current(line, "run_errored", Set.of("outcome"));
            current.put("message", message);
        } else {
            throw corrupt(position, "run_outcome.outcome must be finished, paused, limit_reached, yielded or "
                    + "{\"error\":{\"message\":…}}, found " + (outcome == null ? "nothing"
                            : SessionLogJson.toText(SessionLogJson.PLAIN, outcome)));
        }
        String kind = current.get("kind") instanceof Str tag ? tag.value() : "run_completed";
        return decode(current, "run_outcome", kind, position);
    }

    /**
     * A system item in its current spelling: the runtime renamed {@code pod_event} to
     * {@code worker_event}, and the pod names in its event to worker names.
     */
    private static Node currentSystemItem(Node item) {
        if (!(item instanceof Obj obj) || !(obj.get("kind") instanceof Str kind) || !kind.value().equals("pod_event")) {
            return item;
        }
        Map<String, Node> renamed = new LinkedHashMap<>(obj.members());
        renamed.put("kind", new Str("worker_event"));
        if (obj.get("event") instanceof Obj event) {
            Map<String, Node> fields = new LinkedHashMap<>();
            event.members().forEach((name, value) -> fields.put(WORKER_NAMES.getOrDefault(name, name), value));
            renamed.put("event", new Obj(fields));
        }
        return new Obj(renamed);
    }

    private LogEntry sessionStart(Obj line, long position) {
        Map<String, Node> current = current(line, "segment_start", Set.of("forked_from", "compacted_from", "session_id"));
        current.computeIfPresent("history", (name, items) -> retagAll(items, "session_start.history", position));
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) decode(current, "session_start", "segment_start", position);
        SessionLogFile.Origin forked = origin(line.get("forked_from"), SessionLogFile.Relation.FORKED_FROM, position);
        SessionLogFile.Origin compacted = origin(line.get("compacted_from"), SessionLogFile.Relation.COMPACTED_FROM, position);
        if (session == null) {
            session = sessionFor(forked != null ? forked : compacted);
        }
        return new LogEntry.SegmentStart(start.ts(), session, start.systemPrompt(), start.config(), start.history(),
                forked == null ? null : forked.converted(), compacted == null ? null : compacted.converted(),
                mark, start.unknown());
    }

    private SessionId sessionFor(SessionLogFile.Origin origin) {
        if (options.session().isPresent()) {
            return options.session().get();
        }
        if (options.sessionFromSource() && origin != null && origin.resolved()) {
            return options.source(origin.sourceSegment()).orElseThrow().sessionId();
        }
        return SessionId.ofLegacySegment(segment);
    }

    private SessionLogFile.Origin origin(Node node, SessionLogFile.Relation relation, long position) {
        if (node == null || node == SessionLogJson.Null.INSTANCE) {
            return null;
        }
        String ctx = "session_start." + relation.wireName();
        if (!(node instanceof Obj)) {
            throw corrupt(position, ctx + " must be an object, found " + SessionLogJson.describe(node));
        }
        Obj origin = (Obj) node;
        String sourceText = requiredString(origin, "session_id", ctx, position);
        String hashText = requiredString(origin, "at_hash", ctx, position);
        SegmentId sourceId;
        EntryHash atHash;
        try {
            sourceId = SegmentId.parse(sourceText);
            atHash = EntryHash.parse(hashText);
        } catch (IllegalArgumentException e) {
            throw corrupt(position, ctx + ": " + e.getMessage(), e);
        }
        String where = "line " + (position + 1) + ": " + relation.wireName() + " " + sourceId + " at old hash "
                + atHash.hex();
        Optional<SessionLogFile> source = options.source(sourceId);
        if (source.isEmpty()) {
            notes.add(where + " was not resolved (that source log was not given): kept as a cut at turn 0"
                    + " without at_entry or at_hash; the old at_hash is kept in the import's provenance trace");
            return addOrigin(position, relation, sourceId, atHash, new SegmentOrigin(sourceId, 0), false);
        }
        SessionLogFile log = source.get();
        Optional<Integer> at = log.positionOfOldHash(atHash);
        if (at.isEmpty()) {
            notes.add(where + " was not resolved (no line of " + log.sourceName() + " has that hash): kept as a"
                    + " cut at turn 0 without at_entry or at_hash");
            return addOrigin(position, relation, sourceId, atHash, new SegmentOrigin(sourceId, 0), false);
        }
        // The cut keeps every entry the source's lines up to that one became.
        int kept = log.entriesThroughLine(at.get());
        int turn = Replay.replay(log.entries().subList(0, kept)).turnCount();
        SegmentOrigin converted = new SegmentOrigin(sourceId, turn, (long) kept, log.chainedEntries().get(kept - 1).hash());
        return addOrigin(position, relation, sourceId, atHash, converted, true);
    }

    private SessionLogFile.Origin addOrigin(long position, SessionLogFile.Relation relation, SegmentId sourceId,
                                          EntryHash atHash, SegmentOrigin converted, boolean resolved) {
        SessionLogFile.Origin origin = new SessionLogFile.Origin(position, relation, sourceId, atHash, converted, resolved);
        origins.add(origin);
        return origin;
    }

    /**
     * A {@code user_input} of the versions that logged the history item itself: a user message of
     * one text part becomes the {@code user_input} of one text part that replays to the same message;
     * any other item goes where the runtime's classifier put it ({@code tool_result} or
     * {@code assistant_item}), which replays it exactly as written.
     */
    private LogEntry userInputItem(Obj line, long position) {
        Node item = line.get("item");
        if (item == SessionLogJson.Null.INSTANCE) {
            throw corrupt(position, "user_input has no item");
        }
        // The item is decoded by the current codec inside an assistant_item, the current kind that
        // carries exactly one history item; what it becomes is decided below.
        Map<String, Node> current = current(line, "assistant_item", Set.of());
        current.put("item", retag(item, "user_input.item", position));
        LogEntry.AssistantItem carrier = (LogEntry.AssistantItem) decode(current, "user_input", "assistant_item", position);
        HistoryItem decoded = carrier.item();
        if (decoded instanceof HistoryItem.Message message && message.role() == HistoryItem.Role.USER
                && message.content().size() == 1 && message.content().get(0) instanceof HistoryItem.Content.Text text) {
            return new LogEntry.UserInput(carrier.ts(), List.of(new InputPart.Text(text.text())), List.of(),
                    carrier.unknown());
        }
        boolean toolResult = decoded instanceof HistoryItem.ToolResult;
        notes.add("line " + (position + 1) + ": the user_input item is not a user message of one text part; "
                + "imported as " + (toolResult ? "tool_result" : "assistant_item") + ", which replays it exactly as written");
        return toolResult ? new LogEntry.ToolResult(carrier.ts(), decoded, carrier.unknown()) : carrier;
    }

    /** The line's members in the current form: {@code kind} first, without chain fields, tags and {@code drop}. */
    private static Map<String, Node> current(Obj line, String kind, Set<String> drop) {
        Map<String, Node> current = new LinkedHashMap<>();
        current.put("kind", new Str(kind));
        line.members().forEach((name, value) -> {
            if (!CHAIN_FIELDS.contains(name) && !TAGS.contains(name) && !drop.contains(name)) {
                current.put(name, value);
            }
        });
        return current;
    }

    private Node retagAll(Node items, String ctx, long position) {
        if (!(items instanceof Arr)) {
            return items; // the codec names the wrong type
        }
        List<Node> retagged = new ArrayList<>();
        for (Node item : ((Arr) items).values()) {
            retagged.add(retag(item, ctx + "[]", position));
        }
        return new Arr(retagged);
    }

    /**
     * A history item as the current format writes it: tagged by {@code kind} (the first versions
     * wrote the provider's item, tagged by {@code type}, with its {@code id} and {@code status}, which
     * the runtime's own logged items later dropped: dropped here too), its message content parts
     * tagged so too, and a first-version tool result's {@code output} under its later name
     * {@code summary}.
     */
    private Node retag(Node node, String ctx, long position) {
        if (!(node instanceof Obj item)) {
            return node; // the codec names the wrong type
        }
        String kind = tag(item, ctx, position);
        Map<String, Node> retagged = current(item, kind, PROVIDER_ITEM_FIELDS);
        if (kind.equals("tool_result") && !retagged.containsKey("summary") && retagged.containsKey("output")) {
            Map<String, Node> renamed = new LinkedHashMap<>();
            retagged.forEach((name, value) -> renamed.put(name.equals("output") ? "summary" : name, value));
            retagged = renamed;
        }
        if (kind.equals("message")) {
            retagged.computeIfPresent("content", (name, content) -> {
                if (!(content instanceof Arr)) {
                    return content;
                }
                List<Node> parts = new ArrayList<>();
                for (Node part : ((Arr) content).values()) {
                    parts.add(part instanceof Obj
                            ? new Obj(current((Obj) part, tag((Obj) part, ctx + ".content[]", position), Set.of()))
                            : part);
                }
                return new Arr(parts);
            });
        }
        return new Obj(retagged);
    }

    /** The {@code kind} or {@code type} tag of an object; both may be present if they agree. */
    private String tag(Obj obj, String ctx, long position) {
        String kind = tagValue(obj, "kind", ctx, position);
        String type = tagValue(obj, "type", ctx, position);
        if (kind == null && type == null) {
            throw corrupt(position, ctx + " has no 'kind' or 'type' tag");
        }
        if (kind != null && type != null && !kind.equals(type)) {
            throw corrupt(position, ctx + " has two tags that disagree: kind '" + kind + "', type '" + type + "'");
        }
        return kind != null ? kind : type;
    }

    private String tagValue(Obj obj, String field, String ctx, long position) {
        Node value = obj.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Str)) {
            throw corrupt(position, ctx + ": '" + field + "' must be a string, found " + SessionLogJson.describe(value));
        }
        return ((Str) value).value();
    }

    private String requiredString(Obj obj, String field, String ctx, long position) {
        Node value = obj.get(field);
        if (value == null || value == SessionLogJson.Null.INSTANCE) {
            throw corrupt(position, ctx + "." + field + " is missing");
        }
        if (!(value instanceof Str)) {
            throw corrupt(position, ctx + "." + field + " must be a string, found " + SessionLogJson.describe(value));
        }
        return ((Str) value).value();
    }

    /**
     * Decodes a converted line with the current codec. Its errors name the current kind; where the
     * older kind had another name, the message is given the older name back.
     */
    private LogEntry decode(Map<String, Node> current, String olderKind, String currentKind, long position) {
        byte[] json = SessionLogJson.toBytes(SessionLogJson.PLAIN, new Obj(current));
        LogEntry entry;
        try {
            entry = codec.decode(json, segment, position);
        } catch (CorruptDataException e) {
            String reason = olderKind.equals(currentKind) ? e.reason() : e.reason().replace(currentKind, olderKind);
            throw corrupt(position, reason, e);
        }
        // The older format is closed: an object of a kind it never had is damage, not a newer writer.
        for (UnknownContent.Finding finding : UnknownContent.of(entry)) {
            if (finding.type() == UnknownContent.Finding.Type.KIND) {
                throw corrupt(position, finding.path().replace(currentKind, olderKind) + ": " + finding.description());
            }
        }
        return entry;
    }

    private CorruptDataException corrupt(long position, String reason) {
        return corrupt(position, reason, null);
    }

    private CorruptDataException corrupt(long position, String reason, Throwable cause) {
        return new CorruptDataException(segment, position, source + " line " + (position + 1) + ": " + reason, cause);
    }
}
