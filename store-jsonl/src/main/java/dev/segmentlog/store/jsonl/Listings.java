package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's listings, newest first a page at a time (see "What a page costs" in the package
 * overview). A directory has no order, so each page walks every name of the directories it covers,
 * keeping the {@code limit + 1} newest ids ({@link NewestIds}); of those, only as many are looked at
 * as the page needs, to skip files that hold no entry (what a create that never finished leaves).
 */
final class Listings {
    private final StoreDirectory directory;
    private final DirectoryLocks locks;
    private final boolean readOnly;

    Listings(StoreDirectory directory, DirectoryLocks locks, boolean readOnly) {
        this.directory = directory;
        this.locks = locks;
        this.readOnly = readOnly;
    }

    /** Every segment: the flat-layout ones in the store's directory and those in each session directory. */
    Page<SegmentId> segments(PageRequest<SegmentId> request) throws IOException {
        return checkedPage(request, offer -> StoreDirectory.forEachName(directory.path(), name -> {
            SessionId session = StoreDirectory.sessionIdOf(name);
            if (session != null) {
                StoreDirectory.forEachName(directory.sessionDirectory(session), inner -> {
                    SegmentId segment = StoreDirectory.segmentIdOf(inner);
                    if (segment != null) {
                        offer.offer(segment, SegmentFile.inSession(session, segment));
                    }
                    return true;
                });
            }
            SegmentId flat = StoreDirectory.segmentIdOf(name);
            if (flat != null) {
                offer.offer(flat, SegmentFile.flat(flat));
            }
            return true;
        }), this::holdsEntry);
    }

    /** Every session: each directory named by a session id, and each flat-layout segment (its own session). */
    Page<SessionId> sessions(PageRequest<SessionId> request) throws IOException {
        return checkedPage(request, offer -> StoreDirectory.forEachName(directory.path(), name -> {
            SessionId session = StoreDirectory.sessionIdOf(name);
            if (session != null) {
                offer.offer(session, session);
            }
            SegmentId flat = StoreDirectory.segmentIdOf(name);
            if (flat != null) {
                SessionId own = SessionId.ofLegacySegment(flat);
                offer.offer(own, own);
            }
            return true;
        }), (session, ignored) -> holdsSegment(session));
    }

    /** The segments of {@code session}: in its directory, and the flat-layout segment whose own session it is. */
    Page<SegmentId> segmentsOf(SessionId session, PageRequest<SegmentId> request) throws IOException {
        return checkedPage(request, offer -> {
            StoreDirectory.forEachName(directory.sessionDirectory(session), name -> {
                SegmentId segment = StoreDirectory.segmentIdOf(name);
                if (segment != null) {
                    offer.offer(segment, SegmentFile.inSession(session, segment));
                }
                return true;
            });
            SegmentFile flat = directory.flatSegmentOf(session);
            if (flat != null) {
                offer.offer(flat.segment(), flat);
            }
        }, this::holdsEntry);
    }

    /**
     * The page {@code request} asks of the ids {@code names} offers, keeping only those that pass
     * {@code check}, which looks at no more of them than the page needs: each round walks the names
     * once, keeping the {@code limit + 1} newest admitted ones older than the last round's, and
     * checks them newest first until {@code limit + 1} have passed (the one past the limit only says
     * there is a next page). A further round is needed only when some of them failed.
     */
    private static <T extends Comparable<? super T>, V> Page<T> checkedPage(PageRequest<T> request, Names<T, V> names,
            Check<T, V> check) throws IOException {
        List<T> passed = new ArrayList<>();
        PageRequest<T> round = request;
        while (true) {
            NewestIds<T, V> newest = new NewestIds<>(round);
            names.walk(newest::offer);
            List<Map.Entry<T, V>> candidates = newest.newestFirst();
            for (Map.Entry<T, V> candidate : candidates) {
                if (!check.passes(candidate.getKey(), candidate.getValue())) {
                    continue;
                }
                passed.add(candidate.getKey());
                if (passed.size() > request.limit()) {
                    return Page.fromNewestFirst(passed, request);
                }
            }
            if (candidates.size() <= request.limit()) {
                return Page.fromNewestFirst(passed, request); // the names are exhausted
            }
            round = round.after(candidates.get(candidates.size() - 1).getKey());
        }
    }

    /** Walks names, offering each id with what locates it. */
    @FunctionalInterface
    private interface Names<T extends Comparable<? super T>, V> {
        void walk(Offer<T, V> offer) throws IOException;
    }

    @FunctionalInterface
    private interface Offer<T, V> {
        void offer(T id, V value);
    }

    @FunctionalInterface
    private interface Check<T, V> {
        boolean passes(T id, V value) throws IOException;
    }

    /**
     * Whether {@code session} holds a segment with an entry: in its directory or, as its own session,
     * in the flat layout.
     */
    private boolean holdsSegment(SessionId session) throws IOException {
        SegmentFile flat = directory.flatSegmentOf(session);
        if (flat != null && holdsEntry(flat.segment(), flat)) {
            return true;
        }
        boolean[] found = new boolean[1];
        StoreDirectory.forEachName(directory.sessionDirectory(session), name -> {
            SegmentId segment = StoreDirectory.segmentIdOf(name);
            found[0] = segment != null && holdsEntry(segment, SegmentFile.inSession(session, segment));
            return !found[0];
        });
        return found[0];
    }

    /**
     * Whether a segment file holds a committed entry, as {@code exists} would answer for it, but
     * reading only its end: the stripe's pending write and, from the end of the file (or the start of
     * an unfinished write), back to the first byte of a complete line that is not blank.
     */
    private boolean holdsEntry(SegmentId segment, SegmentFile location) throws IOException {
        Path file = location.log(directory.path());
        try {
            return locks.withStripe(segment, false, stripe -> {
                Sighting sighting = Sighting.take(readOnly, file, stripe::pending,
                        attributes -> FileChannel.open(file, StandardOpenOption.READ), true);
                try (FileChannel channel = sighting.channel()) {
                    long size = sighting.attributes().size();
                    return sighting.attributes().isRegularFile() && Lines.holdsEntry(channel,
                            TailRecovery.countableEnd(location, channel, size, sighting.pending()));
                }
            });
        } catch (NoSuchFileException e) {
            return false; // deleted meanwhile
        }
    }
}
