package dev.segmentlog.store.jsonl;

import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.TreeSet;

/**
 * The page a request asks of ids offered in any order, such as the names of a directory: keeps only
 * the {@code limit + 1} newest admitted ids seen so far, so a listing needs memory for one page
 * whatever the directory holds. An id offered twice counts once.
 */
final class NewestIds<T extends Comparable<? super T>> {
    private final PageRequest<T> request;
    private final TreeSet<T> kept = new TreeSet<>();

    NewestIds(PageRequest<T> request) {
        this.request = request;
    }

    void offer(T id) {
        if (request.admits(id) && kept.add(id) && kept.size() > request.limit() + 1L) {
            kept.pollFirst(); // the oldest: one past the limit is enough to know a next page exists
        }
    }

    Page<T> page() {
        return Page.fromNewestFirst(new ArrayList<>(kept.descendingSet()), request);
    }
}
