package dev.segmentlog.spi.codec;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The one canonical JSON form of entries (one JSON object per entry, {@code kind} tag first,
 * snake_case fields, optional fields omitted), used by every adapter that stores text. Encoding is
 * deterministic: the same entry always gives the same bytes. Instances are immutable and
 * thread-safe; build one per store and reuse it.
 *
 * <p>Nothing is dropped: a member of a known object that the format does not name is kept as an
 * {@link dev.segmentlog.core.UnknownFields unknown field} of its record and written back after the
 * known fields; an object of a kind the format does not know (an entry, history item, content part,
 * attachment, input part or system item) is kept whole. Entries of known kinds without unknown
 * members encode exactly as they always have. docs/FORMAT.md describes the format and the versions
 * of the original runtime it reads.
 *
 * <p>Opaque JSON ({@link RawJson}: extension payloads, worker events, run outcomes, unknown fields,
 * objects of unknown kinds, trace events) is validated and written in canonical compact form: no
 * whitespace, keys in their original order, numbers exactly as written. Decoding keeps it in that
 * same form, so decoding and re-encoding canonical text gives the same bytes. Duplicate keys in
 * any object are refused.
 */
public final class EntryCodec {

    private static final String TRACE_KIND = "trace";

    /**
     * The entry this thread hashed last, with its canonical line: linking an entry and then storing
     * it encodes it once, not twice (the chained append's hot path). Encoding is deterministic and
     * the line is never handed out mutable twice (it is consumed once), so reuse changes nothing.
     */
    private static final ThreadLocal<Hashed> LAST_HASHED = new ThreadLocal<>();

    private record Hashed(LogEntry entry, CodecLimits limits, byte[] canonical) {}

    private final CodecLimits limits;
    /**
     * Parsers and generators for entries: read and write limits both from {@link #limits}. Both
     * factories recycle their buffers per thread: an entry is a small document parsed in a tight loop,
     * where Jackson 3's default pool (a concurrent deque per factory) cost a fifth of a restore's CPU.
     */
    private final JsonFactory factory;
    /** Generators for {@link #encodeState}: a state nests entries' opaque JSON a few levels deeper. */
    private final JsonFactory stateFactory;
    private final EntryWriter writer;
    private final EntryWriter stateWriter;
    private final EntryReader reader;

    private EntryCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        StreamReadConstraints read = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxDocumentLength(limits.maxEntryBytes())
                .build();
        this.factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .streamReadConstraints(read)
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.stateFactory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .streamReadConstraints(read)
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth((int) Math.min(Integer.MAX_VALUE, limits.maxNestingDepth() + 16L))
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.writer = new EntryWriter(factory, limits);
        this.stateWriter = new EntryWriter(stateFactory, limits);
        this.reader = new EntryReader(factory, limits.maxStringLength());
    }

    /** A codec with {@link CodecLimits#DEFAULT}. */
    public static EntryCodec standard() {
        return new EntryCodec(CodecLimits.DEFAULT);
    }

    /**
     * A codec with other limits.
     *
     * @throws NullPointerException if {@code limits} is null
     */
    public static EntryCodec withLimits(CodecLimits limits) {
        return new EntryCodec(limits);
    }

    /** The limits this codec enforces. */
    public CodecLimits limits() {
        return limits;
    }

    /**
     * Encodes an entry as one line of UTF-8 JSON, without the newline.
     *
     * @throws InvalidEntryException if the entry is over the limits or holds invalid opaque JSON
     * @throws NullPointerException  if {@code entry} is null
     */
    public byte[] encode(LogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        String kind = entry.kind().wireName();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.writeEntry(g, entry);
        } catch (WireException e) {
            throw new InvalidEntryException(kind, e.getMessage());
        } catch (JacksonException e) {
            throw new InvalidEntryException(kind, describe(e));
        }
        checkEncodedSize(kind, out.size());
        return out.toByteArray();
    }

    /**
     * {@link #encode} as a string.
     *
     * @throws InvalidEntryException as {@link #encode}
     * @throws NullPointerException  if {@code entry} is null
     */
    public String encodeToString(LogEntry entry) {
        return new String(encode(entry), StandardCharsets.UTF_8);
    }

    /**
     * Decodes one entry, without its chain fields ({@link #decodeHashed} keeps them; a malformed chain
     * field is corrupt data here too).
     *
     * @param json     one JSON object, UTF-8
     * @param segment  the segment it belongs to (the session of a legacy {@code segment_start} that has no
     *                 {@code session_id}; named in errors)
     * @param position its 0-based position in the segment (named in errors)
     * @throws CorruptDataException if it is not a valid entry: bad JSON, a missing required field, a
     *                              value of the wrong type, over limits (an unknown kind is not an
     *                              error: it decodes to {@link LogEntry.Unknown})
     * @throws NullPointerException if {@code json} is null
     */
    public LogEntry decode(byte[] json, SegmentId segment, long position) {
        return decodeHashed(json, segment, position).entry();
    }

    /**
     * {@link #decode(byte[], SegmentId, long)} from a string.
     *
     * @throws CorruptDataException as {@link #decode(byte[], SegmentId, long)}
     * @throws NullPointerException if {@code json} is null
     */
    public LogEntry decode(String json, SegmentId segment, long position) {
        Objects.requireNonNull(json, "json");
        return decode(json.getBytes(StandardCharsets.UTF_8), segment, position);
    }

    /**
     * Encodes an entry with its chain fields: the canonical line of {@link #encode(LogEntry)} with
     * {@code "prev_hash"} (when set) and {@code "hash"} added last. An unchained entry encodes exactly
     * as {@link #encode(LogEntry)}.
     *
     * @throws InvalidEntryException as {@link #encode(LogEntry)}
     * @throws NullPointerException  if {@code hashed} is null
     */
    public byte[] encode(StoredEntry hashed) {
        byte[] canonical = canonical(hashed.entry());
        if (!hashed.isChained()) {
            return canonical;
        }
        StringBuilder fields = new StringBuilder(160);
        if (hashed.prevHash() != null) {
            fields.append(",\"prev_hash\":\"").append(hashed.prevHash().hex()).append('"');
        }
        fields.append(",\"hash\":\"").append(hashed.hash().hex()).append("\"}");
        byte[] suffix = fields.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] line = java.util.Arrays.copyOf(canonical, canonical.length - 1 + suffix.length);
        System.arraycopy(suffix, 0, line, canonical.length - 1, suffix.length);
        checkEncodedSize(hashed.entry().kind().wireName(), line.length);
        return line;
    }

    /**
     * Decodes one entry with its chain fields {@code hash} and {@code prev_hash}, wherever they
     * stand in the object (the hash-chained session log wrote them first); both are null on an unchained line.
     *
     * @throws CorruptDataException as {@link #decode(byte[], SegmentId, long)}, or when a chain
     *                              field is not 64 lowercase hex digits
     * @throws NullPointerException if {@code json} is null
     */
    public StoredEntry decodeHashed(byte[] json, SegmentId segment, long position) {
        Objects.requireNonNull(json, "json");
        checkDecodedSize(json.length, segment, position);
        checkUtf8(json, segment, position);
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), json)) {
            return reader.readEntry(p, segment);
        } catch (RuntimeException e) {
            throw corrupt(e, segment, position);
        }
    }

    /**
     * The chain hash of {@code entry} after {@code previous}: SHA-256 over the previous hash (32
     * zero bytes for the first entry) and the entry's canonical line.
     *
     * @param previous nullable: null for a segment's first entry
     * @throws InvalidEntryException as {@link #encode(LogEntry)}
     */
    public EntryHash hash(EntryHash previous, LogEntry entry) {
        byte[] canonical = encode(entry);
        LAST_HASHED.set(new Hashed(entry, limits, canonical));
        return EntryHash.chain(previous, canonical);
    }

    /**
     * The canonical line of {@code entry}: reused when this thread just hashed this very entry under
     * the same limits (a writer links an entry, then the store encodes it), else encoded anew.
     */
    private byte[] canonical(LogEntry entry) {
        Hashed last = LAST_HASHED.get();
        if (last != null && last.entry() == entry && last.limits().equals(limits)) {
            LAST_HASHED.remove();
            return last.canonical();
        }
        return encode(entry);
    }

    /**
     * Encodes a trace entry as one line of UTF-8 JSON, {@code {"ts":…,"event":…}} (its other members
     * between the two, as the original runtime writes them), without the newline.
     *
     * @throws InvalidEntryException if over the limits or the event is not valid JSON
     * @throws NullPointerException  if {@code entry} is null
     */
    public byte[] encodeTrace(TraceEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.writeTrace(g, entry);
        } catch (WireException e) {
            throw new InvalidEntryException(TRACE_KIND, e.getMessage());
        } catch (JacksonException e) {
            throw new InvalidEntryException(TRACE_KIND, describe(e));
        }
        checkEncodedSize(TRACE_KIND, out.size());
        return out.toByteArray();
    }

    /**
     * Decodes a trace entry.
     *
     * @throws CorruptDataException if it is not one
     * @throws NullPointerException if {@code json} is null
     */
    public TraceEntry decodeTrace(byte[] json, SegmentId segment, long position) {
        Objects.requireNonNull(json, "json");
        checkDecodedSize(json.length, segment, position);
        checkUtf8(json, segment, position);
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), json)) {
            return reader.readTrace(p);
        } catch (RuntimeException e) {
            throw corrupt(e, segment, position);
        }
    }

    /**
     * Validates JSON text and returns it in canonical compact form.
     *
     * @throws IllegalArgumentException if it is not valid JSON within the limits
     * @throws NullPointerException     if {@code json} is null
     */
    public RawJson canonicalJson(String json) {
        Objects.requireNonNull(json, "json");
        RawJson canonical;
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), json)) {
            canonical = reader.readCanonical(p);
        } catch (WireException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + describe(e), e);
        }
        long bytes = utf8Length(canonical.text());
        if (bytes > limits.maxEntryBytes()) {
            throw new IllegalArgumentException("JSON of " + bytes + " bytes is over the entry limit of "
                    + limits.maxEntryBytes() + " bytes");
        }
        return canonical;
    }

    /**
     * The state as one JSON object with snake_case fields, history and inputs in their wire shapes:
     * {@code session_id, system_prompt, config, history, turn_count, last_run_interrupted,
     * run_in_flight, locked_prefix_len, entries_count, usage_history} (llm_usage entries),
     * {@code extensions} (extension entries), {@code user_inputs} (lists of input parts) and
     * {@code dangling_tool_calls} (tool_call items). No size limit applies.
     *
     * @throws IllegalArgumentException if the state holds opaque JSON that is not valid
     * @throws NullPointerException     if {@code state} is null
     */
    public String encodeState(RestoredState state) {
        Objects.requireNonNull(state, "state");
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = stateFactory.createGenerator(ObjectWriteContext.empty(), out)) {
            stateWriter.writeState(g, state);
        } catch (WireException e) {
            throw new IllegalArgumentException("cannot encode state: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot encode state: " + describe(e), e);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- errors

    private void checkEncodedSize(String kind, int size) {
        if (size > limits.maxEntryBytes()) {
            throw new InvalidEntryException(kind, "encoded size of " + size + " bytes is over the limit of "
                    + limits.maxEntryBytes() + " bytes");
        }
    }

    private void checkDecodedSize(int size, SegmentId segment, long position) {
        if (size > limits.maxEntryBytes()) {
            throw new CorruptDataException(segment, position, "entry of " + size
                    + " bytes is over the limit of " + limits.maxEntryBytes() + " bytes");
        }
    }

    /**
     * Every failure while decoding becomes corrupt data: the codec's own findings, Jackson's parse
     * errors and limit violations, and the core records' own validation (a negative count, a
     * malformed id, a blank effort label).
     */
    private static CorruptDataException corrupt(RuntimeException e, SegmentId segment, long position) {
        if (e instanceof WireException) {
            return new CorruptDataException(segment, position, e.getMessage(), e.getCause());
        }
        if (e instanceof JacksonException jackson) {
            return new CorruptDataException(segment, position, describe(jackson), e);
        }
        return new CorruptDataException(segment, position, "invalid value: " + e.getMessage(), e);
    }

    /** Refuses bytes that are not well-formed UTF-8, naming the first bad byte's offset in the line. */
    private static void checkUtf8(byte[] json, SegmentId segment, long position) {
        int bad = Utf8.firstIllFormed(json);
        if (bad >= 0) {
            throw new CorruptDataException(segment, position, String.format(
                    "ill-formed UTF-8 at byte %d of the entry (0x%02X)", bad, json[bad] & 0xFF), null);
        }
    }

    /** A Jackson failure in words, without Jackson's source excerpt. */
    static String describe(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return "over the codec limits: " + e.getOriginalMessage();
        }
        StringBuilder text = new StringBuilder("malformed JSON: ").append(e.getOriginalMessage());
        TokenStreamLocation at = e.getLocation();
        if (at != null && at != TokenStreamLocation.NA && at.getColumnNr() > 0) {
            text.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(')');
        }
        return text.toString();
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
