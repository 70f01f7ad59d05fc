package dev.segmentlog.importer;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How {@link SessionLogV0File} reads a session log v0. Immutable; each {@code with…} returns a copy.
 *
 * <ul>
 *   <li>the segment id: by default the old session id is taken from the source name
 *       ({@code <session-uuid>.jsonl}, or any {@code <uuid>.<suffix>});</li>
 *   <li>the session of the imported segment: by default {@link SessionId#ofLegacySegment} of the
 *       segment (a log written before sessions existed is its own session); or a given one; or,
 *       with {@link #withSessionFromSource(boolean)}, the session of the source a fork or
 *       compaction resolves to, so a whole old fork tree lands in one session;</li>
 *   <li>the sources: older logs already read, looked up by their segment id to turn an origin's
 *       {@code at_hash} into a cut at an entry and a turn;</li>
 *   <li>the codec whose limits bound what is read (also the largest line, plus room for the hash
 *       fields).</li>
 * </ul>
 */
public final class SessionLogV0Options {

    private static final SessionLogV0Options DEFAULTS =
            new SessionLogV0Options(null, null, false, segment -> Optional.empty(), EntryCodec.standard());

    private final SegmentId segmentId;
    private final SessionId session;
    private final boolean sessionFromSource;
    private final Function<SegmentId, Optional<SessionLogV0File>> sources;
    private final EntryCodec codec;

    private SessionLogV0Options(SegmentId segmentId, SessionId session, boolean sessionFromSource,
                             Function<SegmentId, Optional<SessionLogV0File>> sources, EntryCodec codec) {
        this.segmentId = segmentId;
        this.session = session;
        this.sessionFromSource = sessionFromSource;
        this.sources = sources;
        this.codec = codec;
    }

    /** Segment id from the source name, legacy session, no sources, the standard codec. */
    public static SessionLogV0Options defaults() {
        return DEFAULTS;
    }

    /**
     * The old session id, which becomes the imported segment's id, given instead of read from the
     * source name.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    public SessionLogV0Options withSegmentId(SegmentId segment) {
        return new SessionLogV0Options(Objects.requireNonNull(segment, "segment"), session, sessionFromSource,
                sources, codec);
    }

    /**
     * The session the imported {@code segment_start} records, instead of the legacy default. It
     * wins over {@link #withSessionFromSource(boolean)}.
     *
     * @throws NullPointerException if {@code session} is null
     */
    public SessionLogV0Options withSession(SessionId session) {
        return new SessionLogV0Options(segmentId, Objects.requireNonNull(session, "session"), sessionFromSource,
                sources, codec);
    }

    /**
     * Whether a log whose origin resolves to a given source takes that source's session (as a
     * fork or compaction does today) rather than being its own session.
     */
    public SessionLogV0Options withSessionFromSource(boolean fromSource) {
        return new SessionLogV0Options(segmentId, session, fromSource, sources, codec);
    }

    /**
     * Older logs already read, which origins ({@code forked_from}/{@code compacted_from}) may name.
     * Replaces any lookup set before.
     *
     * @throws NullPointerException     if {@code logs} is or holds null
     * @throws IllegalArgumentException if two logs have the same segment id
     */
    public SessionLogV0Options withSources(Collection<SessionLogV0File> logs) {
        Map<SegmentId, SessionLogV0File> byId = new LinkedHashMap<>();
        for (SessionLogV0File log : logs) {
            Objects.requireNonNull(log, "log");
            if (byId.putIfAbsent(log.segmentId(), log) != null) {
                throw new IllegalArgumentException("two session logs with segment id " + log.segmentId());
            }
        }
        Map<SegmentId, SessionLogV0File> copy = Map.copyOf(byId);
        return withSourceLookup(segment -> Optional.ofNullable(copy.get(segment)));
    }

    /**
     * A lookup of older logs already read, by segment id (the old session id), which origins may
     * name. It must not return null. Replaces any sources set before.
     *
     * @throws NullPointerException if {@code lookup} is null
     */
    public SessionLogV0Options withSourceLookup(Function<SegmentId, Optional<SessionLogV0File>> lookup) {
        return new SessionLogV0Options(segmentId, session, sessionFromSource,
                Objects.requireNonNull(lookup, "lookup"), codec);
    }

    /**
     * The codec whose limits bound what is read.
     *
     * @throws NullPointerException if {@code codec} is null
     */
    public SessionLogV0Options withCodec(EntryCodec codec) {
        return new SessionLogV0Options(segmentId, session, sessionFromSource, sources,
                Objects.requireNonNull(codec, "codec"));
    }

    /** The segment id given, if any. */
    public Optional<SegmentId> segmentId() {
        return Optional.ofNullable(segmentId);
    }

    /** The session given, if any. */
    public Optional<SessionId> session() {
        return Optional.ofNullable(session);
    }

    /** Whether a resolved origin gives its source's session. */
    public boolean sessionFromSource() {
        return sessionFromSource;
    }

    /** The source named by an origin, if it was given. */
    Optional<SessionLogV0File> source(SegmentId segment) {
        Optional<SessionLogV0File> found = sources.apply(segment);
        return Objects.requireNonNull(found, "the source lookup returned null for " + segment);
    }

    /** The codec. */
    public EntryCodec codec() {
        return codec;
    }
}
