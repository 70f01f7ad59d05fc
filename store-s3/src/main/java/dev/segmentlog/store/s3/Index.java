package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The index the listings read: an empty object per segment under {@code index/segments/}, and one per
 * segment under its session in {@code index/sessions/}, each id named in {@linkplain Keys#newestFirst
 * newest-first form}. S3 lists keys in ascending order, which is then newest first, so a page is one
 * LIST from just after the cursor's key, asking for one id past the limit (it tells that a next page
 * exists). Entries are written before a segment's first object and removed after its last, so an entry
 * may name a segment that does not exist (a create that crashed): each listing leaves those out.
 */
final class Index {
    private final S3Access s3;
    private final Keys keys;

    Index(S3Access s3, Keys keys) {
        this.s3 = s3;
        this.keys = keys;
    }

    /** Adds a segment's entries, before its first object is written: two PUTs. */
    void add(SessionId session, SegmentId segment) {
        s3.put(keys.sessionIndex(session, segment), new byte[0], Map.of());
        s3.put(keys.segmentIndex(segment), new byte[0], Map.of());
    }

    /** Removes a segment's entry in a session, the one a create refused for an existing segment wrote. */
    void removeFromSession(SessionId session, SegmentId segment) {
        s3.delete(keys.sessionIndex(session, segment));
    }

    /**
     * Removes a deleted session's entries: the entries of its {@code deleted} segments from the segment
     * index, then every entry of the session ({@code listed}), last, so that a deletion that crashed can be
     * run again from the session.
     */
    void removeSession(SessionId session, List<SegmentId> listed, List<SegmentId> deleted) {
        s3.deleteAll(deleted.stream().map(keys::segmentIndex).toList());
        s3.deleteAll(listed.stream().map(segment -> keys.sessionIndex(session, segment)).toList());
    }

    /** Every segment the session's entries name, existing or not: one LIST per 1,000. */
    List<SegmentId> allOf(SessionId session) {
        String root = keys.sessionIndex(session);
        return readIndex(root, null, false, Integer.MAX_VALUE, Index::parseSegment, ids -> ids);
    }

    /**
     * A page of every segment: one LIST of the segment index, and one delimited LIST of the segments'
     * roots over the same range of ids, which leaves out entries whose segment has no object.
     */
    Page<SegmentId> segments(PageRequest<SegmentId> page) {
        String startAfter = page.after().map(keys::segmentIndex).orElse(null);
        return Page.fromNewestFirst(readIndex(keys.segmentIndex(), startAfter, false, wanted(page),
                Index::parseSegment, this::withObjects), page);
    }

    /** A page of every session: one delimited LIST of the session index (its sessions are the common prefixes). */
    Page<SessionId> sessions(PageRequest<SessionId> page) {
        String startAfter = page.after().map(after -> Keys.past(keys.sessionIndex(after))).orElse(null);
        return Page.fromNewestFirst(readIndex(keys.sessionIndex(), startAfter, true, wanted(page),
                Index::parseSession, ids -> ids), page);
    }

    /**
     * A page of a session's segments: one LIST of the session's entries, of which those {@code exists}
     * refutes are left out.
     */
    Page<SegmentId> segments(SessionId session, PageRequest<SegmentId> page, Predicate<SegmentId> exists) {
        String startAfter = page.after().map(after -> keys.sessionIndex(session, after)).orElse(null);
        return Page.fromNewestFirst(readIndex(keys.sessionIndex(session), startAfter, false, wanted(page),
                Index::parseSegment, ids -> ids.stream().filter(exists).toList()), page);
    }

    /** How many ids to look for: one past the page's limit tells that a next page exists. */
    private static int wanted(PageRequest<?> page) {
        return (int) Math.min(Integer.MAX_VALUE, page.limit() + 1L);
    }

    /**
     * Reads an index newest first, from after {@code startAfter}, until {@code wanted} ids pass
     * {@code keep} or the index ends.
     *
     * @param delimited whether the ids are the common prefixes under {@code root} (else the keys)
     * @param parse     the id a canonical id text stands for, if it is one
     * @param keep      the ids of a run of the index that belong in the listing, in the same order
     */
    private <T> List<T> readIndex(String root, String startAfter, boolean delimited, int wanted,
            Function<String, Optional<T>> parse, UnaryOperator<List<T>> keep) {
        List<T> found = new ArrayList<>();
        String after = startAfter;
        while (found.size() < wanted) {
            int missing = wanted - found.size();
            List<String> listed = s3.listAfter(root, after, missing, delimited);
            List<T> ids = new ArrayList<>();
            for (String entry : listed) {
                String name = entry.substring(root.length(), entry.length() - (delimited ? 1 : 0));
                parse.apply(Keys.newestFirst(name)).ifPresent(ids::add);
            }
            found.addAll(keep.apply(ids));
            if (listed.size() < missing) {
                break;
            }
            String last = listed.get(listed.size() - 1);
            after = delimited ? Keys.past(last) : last;
        }
        return found;
    }

    /**
     * The ids of {@code newestFirst}, a run of the segment index, whose segment has objects. Every segment
     * has its index entry before its first object, so the segment roots between the oldest and the
     * newest of the run are those of the run (and of segments created meanwhile): one delimited LIST.
     */
    private List<SegmentId> withObjects(List<SegmentId> newestFirst) {
        if (newestFirst.isEmpty()) {
            return newestFirst;
        }
        String root = keys.segments();
        String newest = keys.segment(newestFirst.get(0));
        Set<SegmentId> stored = new HashSet<>();
        String after = root + newestFirst.get(newestFirst.size() - 1); // just before the oldest one's root
        List<String> roots;
        do {
            roots = s3.listAfter(root, after, newestFirst.size(), true);
            for (String segmentRoot : roots) {
                if (segmentRoot.compareTo(newest) <= 0) {
                    parseSegment(segmentRoot.substring(root.length(), segmentRoot.length() - 1))
                            .ifPresent(stored::add);
                }
            }
            after = roots.isEmpty() ? after : Keys.past(roots.get(roots.size() - 1));
        } while (roots.size() == newestFirst.size() && after.compareTo(newest) < 0);
        return newestFirst.stream().filter(stored::contains).toList();
    }

    private static Optional<SegmentId> parseSegment(String text) {
        try {
            return Optional.of(SegmentId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a foreign object under the prefix: not a segment of this store
        }
    }

    private static Optional<SessionId> parseSession(String text) {
        try {
            return Optional.of(SessionId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
