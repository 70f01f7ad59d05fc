package dev.segmentlog.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One page of a newest-first listing.
 *
 * @param items the ids of this page, newest first
 * @param next  the request for the next page; empty when this is the last page
 * @param <T>   the id type
 */
public record Page<T extends Comparable<? super T>>(List<T> items, Optional<PageRequest<T>> next) {

    /**
     * @throws NullPointerException if an argument is or holds null
     */
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }

    /**
     * The page that {@code request} asks of {@code ids}, which may be in any order: a helper for
     * stores that hold, or can cheaply list, the ids of a listing. There is a next page when the
     * page is full and older ids remain.
     *
     * @throws NullPointerException if an argument is or holds null
     */
    public static <T extends Comparable<? super T>> Page<T> of(Collection<T> ids, PageRequest<T> request) {
        List<T> admitted = new ArrayList<>();
        for (T id : ids) {
            if (request.admits(id)) {
                admitted.add(id);
            }
        }
        admitted.sort(Comparator.reverseOrder());
        return fromNewestFirst(admitted, request);
    }

    /**
     * The page that {@code request} asks of {@code newestFirst}, ids already sorted newest first and
     * all admitted by the request, of which at most {@code request.limit() + 1} need be given: the
     * one past the limit only tells that a next page exists.
     *
     * @throws NullPointerException if an argument is or holds null
     */
    public static <T extends Comparable<? super T>> Page<T> fromNewestFirst(List<T> newestFirst, PageRequest<T> request) {
        if (newestFirst.size() <= request.limit()) {
            return new Page<>(newestFirst, Optional.empty());
        }
        List<T> items = newestFirst.subList(0, request.limit());
        return new Page<>(items, Optional.of(request.after(items.get(items.size() - 1))));
    }

    /**
     * Every id of a listing, newest first, fetched a page at a time as the stream is consumed.
     *
     * @param lister    answers one page, e.g. {@code store::listSessions}
     * @param pageLimit the size of each page
     * @throws IllegalArgumentException if {@code pageLimit} is less than 1
     */
    public static <T extends Comparable<? super T>> Stream<T> all(Function<PageRequest<T>, Page<T>> lister, int pageLimit) {
        Objects.requireNonNull(lister, "lister");
        PageRequest<T> first = PageRequest.first(pageLimit);
        Iterator<T> ids = new Iterator<>() {
            private Iterator<T> page = List.<T>of().iterator();
            private Optional<PageRequest<T>> next = Optional.of(first);

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next.isPresent()) {
                    Page<T> fetched = lister.apply(next.get());
                    page = fetched.items().iterator();
                    next = fetched.next();
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(ids, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
