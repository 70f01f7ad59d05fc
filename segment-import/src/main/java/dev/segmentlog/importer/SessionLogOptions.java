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
 * How {@link SessionLogFile} reads a session log and what it may import. Immutable; each
 * {@code with…} returns a copy.
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
 *       fields);</li>
 *   <li>whether a log whose old chain is broken may be imported (by default it is refused).</li>
 * </ul>
 */
public final class SessionLogOptions {

    private static final SessionLogOptions DEFAULTS =
            new SessionLogOptions(null, null, false, segment -> Optional.empty(), EntryCodec.standard(), false);

    private final SegmentId segmentId;
    private final SessionId session;
    private final boolean sessionFromSource;
    private final Function<SegmentId, Optional<SessionLogFile>> sources;
    private final EntryCodec codec;
    private final boolean brokenChainAccepted;

    private SessionLogOptions(SegmentId segmentId, SessionId session, boolean sessionFromSource,
                              Function<SegmentId, Optional<SessionLogFile>> sources, EntryCodec codec,
                              boolean brokenChainAccepted) {
        this.segmentId = segmentId;
        this.session = session;
        this.sessionFromSource = sessionFromSource;
        this.sources = sources;
        this.codec = codec;
        this.brokenChainAccepted = brokenChainAccepted;
    }

    /** Segment id from the source name, legacy session, no sources, the standard codec. */
    public static SessionLogOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The old session id, which becomes the imported segment's id, given instead of read from the
     * source name.
     *
     * @throws NullPointerException if {@code segment} is null
     */
    public SessionLogOptions withSegmentId(SegmentId segment) {
        return new SessionLogOptions(Objects.requireNonNull(segment, "segment"), session, sessionFromSource,
                sources, codec, brokenChainAccepted);
    }

    /**
     * The session the imported {@code segment_start} records, instead of the legacy default. It
     * wins over {@link #withSessionFromSource(boolean)}.
     *
     * @throws NullPointerException if {@code session} is null
     */
    public SessionLogOptions withSession(SessionId session) {
        return new SessionLogOptions(segmentId, Objects.requireNonNull(session, "session"), sessionFromSource,
                sources, codec, brokenChainAccepted);
    }

    /**
     * Whether a log whose origin resolves to a given source takes that source's session (as a
     * fork or compaction does today) rather than being its own session.
     */
    public SessionLogOptions withSessionFromSource(boolean fromSource) {
        return new SessionLogOptions(segmentId, session, fromSource, sources, codec, brokenChainAccepted);
    }

    /**
     * Older logs already read, which origins ({@code forked_from}/{@code compacted_from}) may name.
     * Replaces any lookup set before.
     *
     * @throws NullPointerException     if {@code logs} is or holds null
     * @throws IllegalArgumentException if two logs have the same segment id
     */
    public SessionLogOptions withSources(Collection<SessionLogFile> logs) {
        Map<SegmentId, SessionLogFile> byId = new LinkedHashMap<>();
        for (SessionLogFile log : logs) {
            Objects.requireNonNull(log, "log");
            if (byId.putIfAbsent(log.segmentId(), log) != null) {
                throw new IllegalArgumentException("two session logs with segment id " + log.segmentId());
            }
        }
        Map<SegmentId, SessionLogFile> copy = Map.copyOf(byId);
        return withSourceLookup(segment -> Optional.ofNullable(copy.get(segment)));
    }

    /**
     * A lookup of older logs already read, by segment id (the old session id), which origins may
     * name. It must not return null. Replaces any sources set before.
     *
     * @throws NullPointerException if {@code lookup} is null
     */
    public SessionLogOptions withSourceLookup(Function<SegmentId, Optional<SessionLogFile>> lookup) {
        return new SessionLogOptions(segmentId, session, sessionFromSource,
                Objects.requireNonNull(lookup, "lookup"), codec, brokenChainAccepted);
    }

    /**
     * The codec whose limits bound what is read.
     *
     * @throws NullPointerException if {@code codec} is null
     */
    public SessionLogOptions withCodec(EntryCodec codec) {
        return new SessionLogOptions(segmentId, session, sessionFromSource, sources,
                Objects.requireNonNull(codec, "codec"), brokenChainAccepted);
    }

    /**
     * Whether a log whose old hash chain is broken may be imported. By default it is refused: an
     * import gives the segment a new, intact chain, which must not pass the old damage off as sound.
     * Accepted, it is imported with {@code segment_start.imported_from} saying where the old chain broke.
     */
    public SessionLogOptions withBrokenChainAccepted(boolean accepted) {
        return new SessionLogOptions(segmentId, session, sessionFromSource, sources, codec, accepted);
    }

    /** Whether a log whose old chain is broken may be imported (marked as such). */
    public boolean brokenChainAccepted() {
        return brokenChainAccepted;
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
    Optional<SessionLogFile> source(SegmentId segment) {
        Optional<SessionLogFile> found = sources.apply(segment);
        return Objects.requireNonNull(found, "the source lookup returned null for " + segment);
    }

    /** The codec. */
    public EntryCodec codec() {
        return codec;
    }
}
