package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The newest-first listings, each as two statements: the first page, and the page after a cursor
 * id. Both read an index backwards in order and stop at the limit, so a page costs the index entries
 * of its ids (ids are time-ordered UUIDs whose text sorts as they do).
 */
enum Listing {
    /** Every segment: the segments table's primary key. */
    SEGMENTS("SELECT segment_id FROM segments ORDER BY segment_id DESC LIMIT ?",
            "SELECT segment_id FROM segments WHERE segment_id < ? ORDER BY segment_id DESC LIMIT ?"),
    /** Every session: the index on (session, segment), one run per session. */
    SESSIONS("SELECT DISTINCT session_id FROM segments ORDER BY session_id DESC LIMIT ?",
            "SELECT DISTINCT session_id FROM segments WHERE session_id < ? ORDER BY session_id DESC LIMIT ?"),
    /** The segments of one session: the index on (session, segment). */
    SESSION_SEGMENTS("SELECT segment_id FROM segments WHERE session_id = ? ORDER BY segment_id DESC LIMIT ?",
            "SELECT segment_id FROM segments WHERE session_id = ? AND segment_id < ? "
                    + "ORDER BY segment_id DESC LIMIT ?");

    final String firstPage;
    final String nextPage;

    Listing(String firstPage, String nextPage) {
        this.firstPage = firstPage;
        this.nextPage = nextPage;
    }

    /**
     * A page of this listing on {@code handle}: the ids after the cursor, newest first, asking for
     * one more than the limit to learn whether a next page exists.
     *
     * @param keys  what the statement binds before the cursor: the session of {@link #SESSION_SEGMENTS}
     * @param parse the id of a stored text
     * @throws CorruptDataException if a stored id is not a valid id
     */
    <T extends Comparable<? super T>> Page<T> page(Handle handle, List<String> keys, PageRequest<T> page,
                                                   Function<String, T> parse) {
        List<Object> args = new ArrayList<>(keys);
        page.after().ifPresent(after -> args.add(after.toString()));
        args.add(page.limit() + 1L);
        Query query = handle.createQuery(page.after().isEmpty() ? firstPage : nextPage);
        for (int i = 0; i < args.size(); i++) {
            query.bind(i, args.get(i));
        }
        List<String> ids = query.mapTo(String.class).list();
        List<T> newestFirst = new ArrayList<>(ids.size());
        for (String id : ids) {
            newestFirst.add(parseStored(parse, id));
        }
        return Page.fromNewestFirst(newestFirst, page);
    }

    private static <T> T parseStored(Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(null, 0, "invalid id '" + text + "' stored in the database", e);
        }
    }
}
