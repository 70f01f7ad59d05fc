package dev.segmentlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {
    private final List<Integer> ids = IntStream.range(0, 10).boxed().toList();

    @Test
    void of_firstPage_isTheNewestIdsWithACursorAtItsLast() {
        Page<Integer> page = Page.of(ids, PageRequest.first(3));

        assertEquals(List.of(9, 8, 7), page.items());
        assertEquals(Optional.of(new PageRequest<>(Optional.of(7), 3)), page.next());
    }

    @Test
    void of_followingTheCursor_walksEveryIdOnceNewestFirst() {
        List<Integer> walked = new ArrayList<>();
        Optional<PageRequest<Integer>> next = Optional.of(PageRequest.first(4));
        while (next.isPresent()) {
            Page<Integer> page = Page.of(ids, next.get());
            walked.addAll(page.items());
            next = page.next();
        }
        assertEquals(IntStream.range(0, 10).map(i -> 9 - i).boxed().toList(), walked);
    }

    @Test
    void of_pageExactlyFull_atTheEnd_hasNoNext() {
        assertFalse(Page.of(ids, PageRequest.first(10)).next().isPresent());
    }

    @Test
    void all_fetchesPagesOnlyAsTheStreamIsConsumed() {
        AtomicInteger fetched = new AtomicInteger();
        List<Integer> firstFive = Page.all((PageRequest<Integer> request) -> {
            fetched.incrementAndGet();
            return Page.of(ids, request);
        }, 5).limit(5).toList();

        assertEquals(List.of(9, 8, 7, 6, 5), firstFive);
        assertEquals(1, fetched.get());
    }

    @Test
    void request_admitsOnlyIdsOlderThanTheCursor() {
        PageRequest<Integer> request = PageRequest.<Integer>first(2).after(5);
        assertTrue(request.admits(4));
        assertFalse(request.admits(5));
        assertFalse(request.admits(6));
    }

    @Test
    void request_limitBelowOne_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> PageRequest.first(0));
    }

    @Test
    void expectedCount_exactlyMatchesOnlyItsCount_anyMatchesAll() {
        assertTrue(ExpectedCount.exactly(3).matches(3));
        assertFalse(ExpectedCount.exactly(3).matches(4));
        assertTrue(ExpectedCount.any().matches(0));
        assertThrows(IllegalArgumentException.class, () -> ExpectedCount.exactly(-1));
    }
}
