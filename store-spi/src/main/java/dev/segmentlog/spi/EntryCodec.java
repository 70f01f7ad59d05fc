package dev.segmentlog.spi;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.TraceEntry;

/**
 * The one canonical JSON form of entries (one JSON object per entry, {@code kind} tag first,
 * snake_case fields, optional fields omitted), used by every adapter that stores text. Encoding is
 * deterministic: the same entry always gives the same bytes. Instances are immutable and
 * thread-safe; build one per store and reuse it.
 */
public final class EntryCodec {
    // TEMPORARY SKELETON: the implementation lands with the codec work.
    private final CodecLimits limits;

    private EntryCodec(CodecLimits limits) {
        this.limits = limits;
    }

    /** A codec with {@link CodecLimits#DEFAULT}. */
    public static EntryCodec standard() {
        return new EntryCodec(CodecLimits.DEFAULT);
    }

    /** A codec with other limits. */
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
     */
    public byte[] encode(LogEntry entry) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** {@link #encode} as a string. @throws InvalidEntryException as {@link #encode} */
    public String encodeToString(LogEntry entry) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /**
     * Decodes one entry.
     *
     * @param json     one JSON object, UTF-8
     * @param segment  the segment it belongs to (the session of a legacy {@code segment_start} that has no
     *                 {@code session_id}; named in errors)
     * @param position its 0-based position in the segment (named in errors)
     * @throws CorruptDataException if it is not a valid entry: bad JSON, unknown kind, missing field, over limits
     */
    public LogEntry decode(byte[] json, SegmentId segment, long position) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** {@link #decode(byte[], SegmentId, long)} from a string. */
    public LogEntry decode(String json, SegmentId segment, long position) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** Encodes a trace entry as one line of UTF-8 JSON. @throws InvalidEntryException if over the limits */
    public byte[] encodeTrace(TraceEntry entry) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** Decodes a trace entry. @throws CorruptDataException if it is not one */
    public TraceEntry decodeTrace(byte[] json, SegmentId segment, long position) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /**
     * Validates JSON text and returns it in canonical compact form.
     *
     * @throws IllegalArgumentException if it is not valid JSON within the limits
     */
    public RawJson canonicalJson(String json) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }

    /** The state as one JSON object with snake_case fields, history and inputs in their wire shapes. */
    public String encodeState(RestoredState state) {
        throw new UnsupportedOperationException("codec not implemented yet");
    }
}
