package dev.segmentlog.store.s3;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which session a segment belongs to, and deleting a session. Deletion goes per segment: the hint, then
 * packs and traces, then commits from the last down, and {@code log/0} last; then the segments' index
 * entries and the session's at the very end: a crash leaves a readable prefix of a log or nothing, and
 * running the deletion again finishes it.
 */
final class Retention {
    private final S3Access s3;
    private final Keys keys;
    private final Index index;
    private final DecodedObjects objects;
    private final TailFinder tails;

    Retention(S3Access s3, Keys keys, Index index, DecodedObjects objects, TailFinder tails) {
        this.s3 = s3;
        this.keys = keys;
        this.index = index;
        this.objects = objects;
        this.tails = tails;
    }

    /**
     * Whether an index entry is backed by the segment's first object, of that session: an entry left by a
     * create that crashed before its first object, or that lost to an existing segment, is not. No request
     * when this instance holds the first object; else a {@code HEAD} of it.
     */
    boolean belongsTo(SegmentId segment, SessionId session) {
        boolean seen = tails.known(segment).map(state -> state.tail > 0).orElse(false);
        List<StoredEntry> first = seen ? objects.cached(keys.commit(segment, 0)) : null;
        if (first != null) {
            return opensSession(first, session);
        }
        Optional<Map<String, String>> metadata = s3.head(keys.commit(segment, 0));
        return metadata.isPresent() && belongsTo(segment, session, metadata.get());
    }

    private boolean belongsTo(SegmentId segment, SessionId session, Map<String, String> firstMetadata) {
        String recorded = firstMetadata.get(CommitMetadata.SESSION);
        if (recorded != null) {
            return recorded.equals(session.toString());
        }
        return objects.commit(segment, 0, keys.commit(segment, 0))
                .map(first -> opensSession(first, session))
                .orElse(false);
    }

    private static boolean opensSession(List<StoredEntry> first, SessionId session) {
        return first.get(0).entry() instanceof LogEntry.SegmentStart start && start.sessionId().equals(session);
    }

    /**
     * Deletes a session's segments (each under its lock) and index entries.
     *
     * @return how many segments of the session were deleted
     */
    int deleteSession(SessionId session) {
        List<SegmentId> listed = index.allOf(session);
        List<SegmentId> removed = new ArrayList<>();
        int deleted = 0;
        for (SegmentId segment : listed) {
            Optional<Map<String, String>> first = s3.head(keys.commit(segment, 0));
            boolean ours = first.isPresent() && belongsTo(segment, session, first.get());
            if (first.isPresent() && !ours) {
                continue; // a stale entry pointing at another session's segment: only the entry goes
            }
            deleteSegmentObjects(segment);
            removed.add(segment);
            if (ours) {
                deleted++;
            }
        }
        index.removeSession(session, listed, removed); // last, so that a crashed deletion can be run again
        return deleted;
    }

    /**
     * Deletes every object of a segment so that a crash at any point leaves a readable prefix of the log
     * or nothing: the hint first (no reader trusts packs any more), then packs and traces, then the
     * commits from the last to the second, and the first commit (the segment's existence) last. Then
     * forgets what this instance knew of it.
     */
    private void deleteSegmentObjects(SegmentId segment) {
        SegmentState state = tails.state(segment);
        state.lock.lock();
        try {
            String root = keys.segment(segment);
            List<String> all = s3.list(root);
            List<String> others = new ArrayList<>();
            List<String> commits = new ArrayList<>();
            String hint = keys.hint(segment);
            String first = keys.commit(segment, 0);
            for (String key : all) {
                if (key.startsWith(root + Keys.LOG)) {
                    if (!key.equals(first)) {
                        commits.add(key);
                    }
                } else if (!key.equals(hint)) {
                    others.add(key);
                }
            }
            commits.sort(Comparator.reverseOrder());
            if (all.contains(hint)) {
                s3.delete(hint);
            }
            s3.deleteAll(others);
            s3.deleteAll(commits);
            s3.delete(first);
        } finally {
            tails.forget(segment);
            objects.forget(segment);
            state.lock.unlock();
        }
    }
}
