package dev.segmentlog.conformance;

import static dev.segmentlog.conformance.KitAssertions.ownIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The clauses of the group "paged listings" ({@link SegmentStoreConformanceTest.PagedListings}):
 * sessions and segments listed a page at a time, newest first, by a cursor (the last id of the
 * previous page). The store need not be empty: the clauses look at their own ids, which are the
 * newest, so a walk of the whole store stops once it is past them.
 */
abstract class PagedListingClauses extends Clauses {
    /** Sessions of the big listing. */
    static final int SESSIONS = 1_000;
    /** Segments of the session with many segments. */
    static final int SESSION_SEGMENTS = 300;
    /** One id a page, a small odd size, a few pages, the library's size, and more than any listing holds. */
    private static final int[] LIMITS = {1, 7, 100, PageRequest.DEFAULT_LIMIT, Integer.MAX_VALUE};

    PagedListingClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-PAGE-04] walking the sessions of a store with 1,000 new ones, with limits 1, 7, 100, 1000 and more, lists each once, newest first, no page over its limit")
    void C_PAGE_04_everySessionOnceNewestFirst() {
        List<SessionId> own = createSessions(SESSIONS);
        for (int limit : LIMITS) {
            Walk<SessionId> walk = walk(store()::listSessions, limit, own.get(own.size() - 1), () -> { });
            assertEquals(own, ownIds(walk.ids, own), "the new sessions, walked with limit " + limit);
        }
    }

    @Test
    @DisplayName("[C-PAGE-05] walking the segments of a store with 1,000 new ones (10 per session), with limits 1, 7, 100, 1000 and more, lists each once, newest first")
    void C_PAGE_05_everySegmentOnceNewestFirst() {
        List<SegmentId> own = new ArrayList<>();
        for (int s = 0; s < SESSIONS / 10; s++) {
            own.addAll(createSegments(SessionId.generate(), 10));
        }
        own.sort(Comparator.reverseOrder());
        for (int limit : LIMITS) {
            Walk<SegmentId> walk = walk(store()::listSegments, limit, own.get(own.size() - 1), () -> { });
            assertEquals(own, ownIds(walk.ids, own), "the new segments, walked with limit " + limit);
        }
    }

    @Test
    @DisplayName("[C-PAGE-06] the segments of a session with 300 segments, walked with limits 1, 7, 299, 300, 301 and more, are listed once each, newest first; only the last page, which holds the oldest, has no next")
    void C_PAGE_06_sessionSegmentsPageToTheEnd() {
        SessionId session = SessionId.generate();
        List<SegmentId> own = createSegments(session, SESSION_SEGMENTS);
        for (int limit : new int[] {1, 7, SESSION_SEGMENTS - 1, SESSION_SEGMENTS, SESSION_SEGMENTS + 1, Integer.MAX_VALUE}) {
            Walk<SegmentId> walk = walk(page -> store().listSegments(session, page), limit, null, () -> { });
            assertEquals(own, walk.ids, "the session's segments, walked with limit " + limit);
            int pages = (SESSION_SEGMENTS - 1) / limit + 1;
            assertEquals(pages, walk.pages, "pages of " + SESSION_SEGMENTS + " segments with limit " + limit
                    + ": a page whose next is given must be followed by ids, so the page with the oldest has no next");
        }
        Page<SegmentId> unknown = store().listSegments(SessionId.generate(), PageRequest.first(10));
        assertEquals(new Page<SegmentId>(List.of(), Optional.empty()), unknown, "the one page of an unknown session: empty, no next");
    }

    @Test
    @Tag("concurrency")
    @DisplayName("[C-PAGE-07] walks of sessions, of segments and of a session's segments are stable while new ones are created between pages and by another thread: nothing skipped or repeated, nothing newer than the cursor")
    void C_PAGE_07_walksAreStableWhileOthersCreate() {
        SessionId many = SessionId.generate();
        List<SegmentId> manySegments = createSegments(many, SESSION_SEGMENTS / 3);
        List<SessionId> own = createSessions(SESSION_SEGMENTS);
        int limit = 25;
        try (BackgroundCreator creator = new BackgroundCreator()) {
            // ids created from now on are newer than every cursor: the walk's order check fails if one shows up
            Walk<SessionId> sessions = walk(store()::listSessions, limit, own.get(own.size() - 1), () -> createSessions(1));
            Walk<SegmentId> segments = walk(store()::listSegments, limit, manySegments.get(manySegments.size() - 1),
                    () -> createSegments(SessionId.generate(), 1));
            Walk<SegmentId> ofSession = walk(page -> store().listSegments(many, page), limit, null, () -> createSegments(many, 1));
            creator.stop();

            assertEquals(own, ownIds(sessions.ids, own), "the sessions walked while others were created");
            assertEquals(manySegments, ownIds(segments.ids, manySegments), "the segments walked while others were created");
            assertEquals(manySegments, ofSession.ids, "a session's segments walked while it got more");
        }
    }

    @Test
    @DisplayName("[C-PAGE-08] a page after a cursor that is not in the store (deleted, or never created) holds the ids older than the cursor")
    void C_PAGE_08_cursorNeedNotExist() {
        List<SessionId> olderSessions = createSessions(2);
        SessionId sessionCursor = SessionId.generate(); // minted between two batches, never created
        List<SessionId> ownSessions = new ArrayList<>(createSessions(2));
        ownSessions.addAll(olderSessions);
        assertEquals(olderSessions, ownIds(store().listSessions(PageRequest.<SessionId>first(10).after(sessionCursor)).items(), ownSessions),
                "the sessions after a cursor that was never created: those created before it, and not those after");

        SessionId session = SessionId.generate();
        List<SegmentId> older = createSegments(session, 3);
        SegmentId cursor = SegmentId.generate();
        List<SegmentId> own = new ArrayList<>(createSegments(session, 3));
        own.addAll(older);
        assertEquals(older, store().listSegments(session, PageRequest.<SegmentId>first(10).after(cursor)).items(),
                "a session's segments after a cursor that was never created");
        assertEquals(older, ownIds(store().listSegments(PageRequest.<SegmentId>first(10).after(cursor)).items(), own),
                "the store's segments after a cursor that was never created: those created before it, and not those after");
    }

    /** The ids and the number of pages of a walk. */
    private record Walk<T>(List<T> ids, int pages) {}

    /**
     * Walks a listing from its first page, following each page's next, checking every page as it
     * comes (so a store that repeats or never ends fails at once): no more ids than the limit, each
     * id older than the one before it, and a next only after a page that holds ids. Stops at the page
     * without a next, or once it has listed an id older than {@code oldest} (null: walk to the end).
     * Runs {@code betweenPages} after each page.
     */
    private static <T extends Comparable<? super T>> Walk<T> walk(Function<PageRequest<T>, Page<T>> lister, int limit, T oldest,
                                                                  Runnable betweenPages) {
        List<T> ids = new ArrayList<>();
        PageRequest<T> request = PageRequest.first(limit);
        for (int pages = 1; ; pages++) {
            Page<T> page = lister.apply(request);
            String where = "page " + pages + " of the walk with limit " + limit + " (" + request + ")";
            assertTrue(page.items().size() <= limit, where + " holds " + page.items().size() + " ids");
            for (T id : page.items()) {
                if (!ids.isEmpty() && id.compareTo(ids.get(ids.size() - 1)) >= 0) {
                    fail(where + ": " + id + " is not older than the id before it, " + ids.get(ids.size() - 1)
                            + " (repeated, not newest first, or newer than the cursor)");
                }
                ids.add(id);
            }
            if (page.next().isEmpty() || (oldest != null && !ids.isEmpty() && ids.get(ids.size() - 1).compareTo(oldest) < 0)) {
                return new Walk<>(ids, pages);
            }
            assertFalse(page.items().isEmpty(), where + " is empty but has a next page");
            request = page.next().get();
            betweenPages.run();
        }
    }

    /** {@code count} new sessions of one segment each, newest first. */
    private List<SessionId> createSessions(int count) {
        List<SessionId> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SessionId session = SessionId.generate();
            store().create(SegmentId.generate(), List.of(StoredEntry.plain(fx.plainStart(session))));
            sessions.add(session);
        }
        sessions.sort(Comparator.reverseOrder());
        return sessions;
    }

    /** {@code count} new segments of {@code session}, newest first. */
    private List<SegmentId> createSegments(SessionId session, int count) {
        List<SegmentId> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SegmentId segment = SegmentId.generate();
            store().create(segment, List.of(StoredEntry.plain(fx.plainStart(session))));
            segments.add(segment);
        }
        segments.sort(Comparator.reverseOrder());
        return segments;
    }

    /** Another thread creating sessions (at most {@value #MAX}) until stopped, while a clause walks listings. */
    private final class BackgroundCreator implements AutoCloseable {
        private static final int MAX = 500;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> creating = thread.submit(() -> {
            for (int i = 0; i < MAX && !stopped.get(); i++) {
                createSessions(1);
            }
        });

        /** Stops creating, and fails the clause if a create failed. */
        void stop() {
            stopped.set(true);
            try {
                creating.get(Concurrently.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                throw new AssertionError("a create by another thread during the walks failed", failed.getCause());
            } catch (TimeoutException stuck) {
                throw new AssertionError("the other thread's creates did not finish within " + Concurrently.TIMEOUT_SECONDS + " s", stuck);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the other thread's creates", interrupted);
            }
        }

        @Override
        public void close() {
            stopped.set(true);
            thread.shutdownNow();
        }
    }
}
