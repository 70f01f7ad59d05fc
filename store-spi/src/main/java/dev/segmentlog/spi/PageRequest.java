package dev.segmentlog.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a newest-first listing to return: at most {@code limit} ids, each older than
 * {@code after} when it is given (the last id of the previous page). Ids are time-ordered, so
 * walking pages this way is stable while others create segments (new ids sort before every
 * cursor) or delete them (a deleted id is simply not returned).
 *
 * @param after the last id of the previous page; empty for the first page
 * @param limit the most ids to return, at least 1
 * @param <T>   the id type
 */
public record PageRequest<T extends Comparable<? super T>>(Optional<T> after, int limit) {

    /** The page size the library's own operations use when they walk a listing. */
    public static final int DEFAULT_LIMIT = 1000;

    /**
     * @throws NullPointerException     if {@code after} is null
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public PageRequest {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("a page limit must be at least 1, not " + limit);
        }
    }

    /**
     * The first page.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static <T extends Comparable<? super T>> PageRequest<T> first(int limit) {
        return new PageRequest<T>(Optional.<T>empty(), limit);
    }

    /**
     * The page after {@code last}, of the same size.
     *
     * @throws NullPointerException if {@code last} is null
     */
    public PageRequest<T> after(T last) {
        return new PageRequest<>(Optional.of(last), limit);
    }

    /** Whether {@code id} belongs on or after this page: true for every id when this is the first page. */
    public boolean admits(T id) {
        return after.isEmpty() || id.compareTo(after.get()) < 0;
    }
}
