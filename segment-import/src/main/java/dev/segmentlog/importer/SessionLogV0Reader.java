package dev.segmentlog.importer;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.UnknownContent;
import dev.segmentlog.importer.SessionLogV0Json.Arr;
import dev.segmentlog.importer.SessionLogV0Json.Node;
import dev.segmentlog.importer.SessionLogV0Json.Obj;
import dev.segmentlog.importer.SessionLogV0Json.Str;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.codec.CodecLimits;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one older log for {@link SessionLogV0File}: splits it into lines, verifies the old chain over
 * the lines' own bytes, converts each line into the current wire form and lets the current codec
 * decode it, so that every value is checked by the same rules as a current log. One instance per
 * log; not thread-safe.
 */
final class SessionLogV0Reader {

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
            "tool_results", "hook_injected_items", "turn_end", "run_outcome", "llm_usage", "locked",
            "cache_locked", "cache_unlocked", "config_changed");
    private static final Set<String> CURRENT_ONLY_KINDS = Set.of("segment_start", "invoke", "assistant_item",
            "tool_result", "system_item", "run_completed", "run_errored", "extension", "system_items");

    private final String source;
    private final SegmentId segment;
    private final SessionLogV0Options options;
    private final EntryCodec codec;
    private final int maxLineBytes;
    private final JsonFactory factory;
    private final List<SessionLogV0File.Origin> origins = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private SessionId session;
    private boolean lastLineUnterminated;

    SessionLogV0Reader(String source, SegmentId segment, SessionLogV0Options options) {
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

    SessionLogV0File read(InputStream in) throws IOException {
        List<byte[]> lines = readLines(in);
        if (lines.isEmpty()) {
            throw corrupt(0, "no entries: a session log v0 opens with a session_start line");
        }
        int n = lines.size();
        List<Obj> objects = new ArrayList<>(n);
        List<EntryHash> hashes = new ArrayList<>(n);
        List<EntryHash> prevHashes = new ArrayList<>(n);
        List<byte[]> hashedBytes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Obj line = parse(lines.get(i), i, i == n - 1 && lastLineUnterminated);
            objects.add(line);
            hashes.add(chainField(line, "hash", i, true));
            prevHashes.add(chainField(line, "prev_hash", i, false));
            hashedBytes.add(SessionLogV0Json.serdeBytes(line, CHAIN_FIELDS));
        }
        ChainReport oldChain = verify(hashes, prevHashes, hashedBytes);

        String first = tag(objects.get(0), "the first entry", 0);
        if (!first.equals("session_start")) {
            throw corrupt(0, "a session log v0 opens with a session_start line, not '" + first + "'");
        }
        List<LogEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(convert(objects.get(i), i));
        }
        List<StoredEntry> chained = new ArrayList<>(n);
        EntryHash prev = null;
        for (int i = 0; i < n; i++) {
            StoredEntry linked;
            try {
                linked = HashChain.link(prev, List.of(entries.get(i))).get(0);
            } catch (InvalidEntryException e) {
                throw corrupt(i, "cannot be written in the current format: " + e.getMessage(), e);
            }
            chained.add(linked);
            prev = linked.hash();
        }
        return new SessionLogV0File(source, segment, session, entries, chained, hashes, oldChain, origins, notes, codec);
    }

    // ---------------------------------------------------------------- lines

    private List<byte[]> readLines(InputStream in) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    append(current, buffer, start, i - start, lines.size());
                    lines.add(current.toByteArray());
                    current.reset();
                    start = i + 1;
                }
            }
            append(current, buffer, start, read - start, lines.size());
        }
        lastLineUnterminated = current.size() > 0;
        if (lastLineUnterminated) {
            lines.add(current.toByteArray());
        }
        while (!lines.isEmpty() && blank(lines.get(lines.size() - 1))) {
            lines.remove(lines.size() - 1); // trailing empty lines carry nothing
            lastLineUnterminated = false;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (blank(lines.get(i))) {
                throw corrupt(i, "an empty line inside the log");
            }
        }
        return lines;
    }

    private void append(ByteArrayOutputStream line, byte[] buffer, int start, int length, long position) {
        if ((long) line.size() + length > maxLineBytes) {
            throw corrupt(position, "the line is longer than " + maxLineBytes + " bytes, the limit of the codec");
        }
        line.write(buffer, start, length);
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private Obj parse(byte[] line, long position, boolean unterminated) {
        String torn = unterminated ? " (the last line has no newline: a write cut short?)" : "";
        try {
            return SessionLogV0Json.parseObject(factory, line);
        } catch (SessionLogV0Json.MalformedLine e) {
            throw corrupt(position, e.getMessage() + torn, e);
        } catch (JacksonException e) {
            throw corrupt(position, describe(e) + torn, e);
        }
    }

    /** A Jackson failure in words, without Jackson's source excerpt. */
    private static String describe(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return "over the codec limits: " + e.getOriginalMessage();
        }
        TokenStreamLocation at = e.getLocation();
        boolean located = at != null && at != TokenStreamLocation.NA && at.getColumnNr() > 0;
        return "malformed JSON: " + e.getOriginalMessage()
                + (located ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
    }

    private EntryHash chainField(Obj line, String field, long position, boolean required) {
        Node value = line.get(field);
        if (value == null || value == SessionLogV0Json.Null.INSTANCE) {
            if (required) {
                throw corrupt(position, "no '" + field + "': not a line of a hash-chained session log v0");
            }
            return null;
        }
        if (!(value instanceof Str)) {
            throw corrupt(position, "'" + field + "' must be a string, found " + SessionLogV0Json.describe(value));
        }
        try {
            return EntryHash.parse(((Str) value).value());
        } catch (IllegalArgumentException e) {
            throw corrupt(position, "'" + field + "': " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the old chain

    /** As {@link HashChain#verify}, over the serde_json bytes of the lines: the first break only. */
    private ChainReport verify(List<EntryHash> hashes, List<EntryHash> prevHashes, List<byte[]> hashedBytes) {
        Map<EntryHash, Integer> positions = new HashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            positions.putIfAbsent(hashes.get(i), i);
        }
        List<ChainReport.Break> breaks = new ArrayList<>(1);
        EntryHash prev = null;
        for (int i = 0; i < hashes.size() && breaks.isEmpty(); i++) {
            EntryHash claimed = prevHashes.get(i);
            if (!Objects.equals(claimed, prev)) {
                Integer follows = claimed == null ? null : positions.get(claimed);
                if (follows == null) {
                    breaks.add(new ChainReport.Break(i, ChainReport.Problem.REMOVED, "its predecessor "
                            + (claimed == null ? "(none: it claims to open the log)" : claimed.hex())
                            + " is not in the log"));
                } else {
                    breaks.add(new ChainReport.Break(i, ChainReport.Problem.REORDERED,
                            "it follows the entry now at position " + follows
                                    + (follows < i ? ", not the one just before it" : "")));
                }
            } else if (!EntryHash.chain(prev, hashedBytes.get(i)).equals(hashes.get(i))) {
                breaks.add(new ChainReport.Break(i, ChainReport.Problem.ALTERED,
                        "its content does not hash to " + hashes.get(i).hex()));
            } else {
                prev = hashes.get(i);
            }
        }
        return new ChainReport(segment, hashes.size(), true, breaks);
    }

    // ---------------------------------------------------------------- conversion

    private LogEntry convert(Obj line, long position) {
        String kind = tag(line, "the entry", position);
        switch (kind) {
            case "session_start":
                return sessionStart(line, position);
            case "user_input":
                return userInput(line, position);
            case "assistant_items":
            case "tool_results":
            case "hook_injected_items": {
                Map<String, Node> current = current(line, kind, Set.of());
                current.computeIfPresent("items", (name, items) -> retagItems(items, kind + ".items", position));
                return decode(current, kind, kind, position);
            }
            case "locked":
            case "cache_locked":
                return decode(current(line, "locked", Set.of()), kind, "locked", position);
            case "turn_end":
            case "run_outcome":
            case "llm_usage":
            case "cache_unlocked":
            case "config_changed":
                return decode(current(line, kind, Set.of()), kind, kind, position);
            default:
                throw corrupt(position, "unknown session log v0 entry kind '" + kind + "'; known kinds: "
                        + String.join(", ", OLDER_KINDS)
                        + (CURRENT_ONLY_KINDS.contains(kind)
                                ? " ('" + kind + "' is a kind of the current format: such a log needs no import)" : ""));
        }
    }

    private LogEntry sessionStart(Obj line, long position) {
        Map<String, Node> current = current(line, "segment_start", Set.of("forked_from", "compacted_from", "session_id"));
        current.computeIfPresent("history", (name, items) -> retagItems(items, "session_start.history", position));
        LogEntry.SegmentStart start = (LogEntry.SegmentStart) decode(current, "session_start", "segment_start", position);
        SessionLogV0File.Origin forked = origin(line.get("forked_from"), SessionLogV0File.Relation.FORKED_FROM, position);
        SessionLogV0File.Origin compacted = origin(line.get("compacted_from"), SessionLogV0File.Relation.COMPACTED_FROM, position);
        if (session == null) {
            session = sessionFor(forked != null ? forked : compacted);
        }
        return new LogEntry.SegmentStart(start.ts(), session, start.systemPrompt(), start.config(), start.history(),
                forked == null ? null : forked.converted(), compacted == null ? null : compacted.converted(),
                start.unknown());
    }

    private SessionId sessionFor(SessionLogV0File.Origin origin) {
        if (options.session().isPresent()) {
            return options.session().get();
        }
        if (options.sessionFromSource() && origin != null && origin.resolved()) {
            return options.source(origin.sourceSegment()).orElseThrow().sessionId();
        }
        return SessionId.ofLegacySegment(segment);
    }

    private SessionLogV0File.Origin origin(Node node, SessionLogV0File.Relation relation, long position) {
        if (node == null || node == SessionLogV0Json.Null.INSTANCE) {
            return null;
        }
        String ctx = "session_start." + relation.wireName();
        if (!(node instanceof Obj)) {
            throw corrupt(position, ctx + " must be an object, found " + SessionLogV0Json.describe(node));
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
        Optional<SessionLogV0File> source = options.source(sourceId);
        if (source.isEmpty()) {
            notes.add(where + " was not resolved (that source log was not given): kept as a cut at turn 0"
                    + " without at_entry or at_hash; the old at_hash is kept in the import's provenance trace");
            return addOrigin(position, relation, sourceId, atHash, new SegmentOrigin(sourceId, 0), false);
        }
        SessionLogV0File log = source.get();
        Optional<Integer> at = log.positionOfOldHash(atHash);
        if (at.isEmpty()) {
            notes.add(where + " was not resolved (no line of " + log.sourceName() + " has that hash): kept as a"
                    + " cut at turn 0 without at_entry or at_hash");
            return addOrigin(position, relation, sourceId, atHash, new SegmentOrigin(sourceId, 0), false);
        }
        int index = at.get();
        int turn = Replay.replay(log.entries().subList(0, index + 1)).turnCount();
        SegmentOrigin converted = new SegmentOrigin(sourceId, turn, (long) index + 1,
                log.chainedEntries().get(index).hash());
        return addOrigin(position, relation, sourceId, atHash, converted, true);
    }

    private SessionLogV0File.Origin addOrigin(long position, SessionLogV0File.Relation relation, SegmentId sourceId,
                                          EntryHash atHash, SegmentOrigin converted, boolean resolved) {
        SessionLogV0File.Origin origin = new SessionLogV0File.Origin(position, relation, sourceId, atHash, converted, resolved);
        origins.add(origin);
        return origin;
    }

    private LogEntry userInput(Obj line, long position) {
        Node item = line.get("item");
        if (item == null || item == SessionLogV0Json.Null.INSTANCE) {
            throw corrupt(position, "user_input has no item");
        }
        // The item is decoded by the current codec inside an assistant_item, the current kind that
        // carries exactly one history item; what it becomes is decided below.
        Map<String, Node> current = current(line, "assistant_item", Set.of());
        current.put("item", item instanceof Obj ? retagItem((Obj) item, "user_input.item", position) : item);
        LogEntry.AssistantItem carrier = (LogEntry.AssistantItem) decode(current, "user_input", "assistant_item", position);
        HistoryItem decoded = carrier.item();
        if (decoded instanceof HistoryItem.Message) {
            HistoryItem.Message message = (HistoryItem.Message) decoded;
            if (message.role() == HistoryItem.Role.USER && message.content().size() == 1
                    && message.content().get(0) instanceof HistoryItem.Content.Text) {
                String text = ((HistoryItem.Content.Text) message.content().get(0)).text();
                return new LogEntry.UserInput(carrier.ts(), List.of(new InputPart.Text(text)));
            }
        }
        notes.add("line " + (position + 1) + ": the user_input item is not a user message of one text part; "
                + "imported as hook_injected_items, which replays it exactly as written");
        return new LogEntry.HookInjectedItems(carrier.ts(), List.of(decoded));
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

    private Node retagItems(Node items, String ctx, long position) {
        if (!(items instanceof Arr)) {
            return items; // the codec names the wrong type
        }
        List<Node> retagged = new ArrayList<>();
        for (Node item : ((Arr) items).values()) {
            retagged.add(item instanceof Obj ? retagItem((Obj) item, ctx + "[]", position) : item);
        }
        return new Arr(retagged);
    }

    /** A history item tagged by {@code kind}, with its message content parts tagged so too. */
    private Node retagItem(Obj item, String ctx, long position) {
        String kind = tag(item, ctx, position);
        Map<String, Node> retagged = current(item, kind, PROVIDER_ITEM_FIELDS);
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
            throw corrupt(position, ctx + ": '" + field + "' must be a string, found " + SessionLogV0Json.describe(value));
        }
        return ((Str) value).value();
    }

    private String requiredString(Obj obj, String field, String ctx, long position) {
        Node value = obj.get(field);
        if (value == null || value == SessionLogV0Json.Null.INSTANCE) {
            throw corrupt(position, ctx + "." + field + " is missing");
        }
        if (!(value instanceof Str)) {
            throw corrupt(position, ctx + "." + field + " must be a string, found " + SessionLogV0Json.describe(value));
        }
        return ((Str) value).value();
    }

    /**
     * Decodes a converted line with the current codec. Its errors name the current kind; where the
     * older kind had another name, the message is given the older name back.
     */
    private LogEntry decode(Map<String, Node> current, String olderKind, String currentKind, long position) {
        byte[] json = SessionLogV0Json.toBytes(SessionLogV0Json.PLAIN, new Obj(current));
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
