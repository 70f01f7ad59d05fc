package dev.segmentlog.store.jsonl;

import dev.segmentlog.spi.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest ids a page request admits, of ids offered in any order, such as the names of a
 * directory: keeps only the {@code limit + 1} newest seen so far, each with the value it was first
 * offered with (where it was found), so a listing needs memory for one page whatever the directory
 * holds. An id offered twice counts once.
 */
final class NewestIds<T extends Comparable<? super T>, V> {
    private final PageRequest<T> request;
    private final TreeMap<T, V> kept = new TreeMap<>();

    NewestIds(PageRequest<T> request) {
        this.request = request;
    }

    void offer(T id, V value) {
        if (request.admits(id) && kept.putIfAbsent(id, value) == null && kept.size() > request.limit() + 1L) {
            kept.pollFirstEntry(); // the oldest: one past the limit is enough to know a next page exists
        }
    }

    /** At most {@code limit + 1} ids with their values, newest first. */
    List<Map.Entry<T, V>> newestFirst() {
        return new ArrayList<>(kept.descendingMap().entrySet());
    }
}
