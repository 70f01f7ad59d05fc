package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listings read the newest-first index ({@code index/segments/…}, {@code index/sessions/…}): a page is
 * one LIST from the cursor on (two for every segment, a HEAD per unknown segment of a session), never a
 * walk of the whole store; index entries without a segment are not listed.
 */
@ExtendWith(S3ServerExtension.class)
class S3ListingTest {
    private static final Fixtures FX = new Fixtures();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = S3Fixture.freshPrefix("listing");

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private S3SegmentStore open(RequestCounter counter) {
        S3SegmentStore store = S3SegmentStore.open(S3Fixture.options(prefix), List.of(counter),
                () -> java.util.UUID.randomUUID().toString());
        opened.add(store);
        return store;
    }

    private S3Client raw() {
        S3Client client = S3Fixture.rawClient();
        opened.add(client);
        return client;
    }

    private void plant(String key) {
        raw().putObject(b -> b.bucket(S3Fixture.BUCKET).key(prefix + "/" + key), RequestBody.empty());
    }

    private List<String> keysUnder(String under) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : raw().listObjectsV2Paginator(b -> b.bucket(S3Fixture.BUCKET).prefix(prefix + "/" + under))
                .contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    private static void create(S3SegmentStore store, SegmentId segment, SessionId session) {
        store.create(segment, StoredEntry.plain(List.of(FX.plainStart(session))));
    }

    /** Every page of a listing, walked with {@code limit}; each page's requests checked by {@code perPage}. */
    private static <T extends Comparable<? super T>> List<List<T>> walk(Function<PageRequest<T>, Page<T>> lister,
            int limit, RequestCounter counter, java.util.function.Consumer<List<String>> perPage) {
        List<List<T>> pages = new ArrayList<>();
        Optional<PageRequest<T>> next = Optional.of(PageRequest.first(limit));
        while (next.isPresent()) {
            counter.reset();
            Page<T> page = lister.apply(next.get());
            perPage.accept(counter.requests());
            pages.add(page.items());
            next = page.next();
        }
        return pages;
    }

    private static <T> List<T> flat(List<List<T>> pages) {
        return pages.stream().flatMap(List::stream).toList();
    }

    private static <T extends Comparable<? super T>> List<T> newestFirst(List<T> ids) {
        List<T> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.reverseOrder());
        return sorted;
    }

    @Test
    void listSessions_walksEveryPageNewestFirst_withOneListPerPage_fromAfterTheCursor() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter);
        List<SessionId> sessions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sessions.add(SessionId.generate());
        }
        List<SessionId> creationOrder = new ArrayList<>(sessions);
        Collections.shuffle(creationOrder, new Random(7)); // S3's key order, not creation order, must not matter
        for (SessionId session : creationOrder) {
            create(store, SegmentId.generate(), session);
            create(store, SegmentId.generate(), session); // a second segment: still one entry in the listing
        }

        List<List<SessionId>> pages = walk(store::listSessions, 10, counter, requests -> {
            assertEquals(1, requests.size(), requests.toString());
            assertTrue(requests.get(0).contains("delimiter=%2F") && requests.get(0).contains("max-keys=11"),
                    requests.get(0));
        });

        assertEquals(List.of(10, 10, 5), pages.stream().map(List::size).toList());
        assertEquals(newestFirst(sessions), flat(pages));
    }

    @Test
    void listSegments_walksEveryPageNewestFirst_withTwoListsPerPage_andNoOtherRequest() {
        RequestCounter counter = new RequestCounter();
        S3SegmentStore store = open(counter);
        List<SegmentId> segments = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            segments.add(SegmentId.generate());
        }
        List<SegmentId> creationOrder = new ArrayList<>(segments);
        Collections.shuffle(creationOrder, new Random(11));
        SessionId session = SessionId.generate();
        for (SegmentId segment : creationOrder) {
            create(store, segment, session);
        }

        List<List<SegmentId>> pages = walk(store::listSegments, 10, counter, requests -> {
            assertEquals(2, requests.size(), requests.toString());
            assertEquals(requests, counter.lists(), "a page of every segment is two LISTs, nothing else");
        });

        assertEquals(List.of(10, 10, 3), pages.stream().map(List::size).toList());
        assertEquals(newestFirst(segments), flat(pages));
    }

    @Test
    void listSegmentsOfASession_walksEveryPage_withOneListAndAHeadOnlyPerSegmentThisInstanceDoesNotKnow() {
        RequestCounter writerCounter = new RequestCounter();
        S3SegmentStore writer = open(writerCounter);
        SessionId session = SessionId.generate();
        List<SegmentId> segments = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SegmentId segment = SegmentId.generate();
            create(writer, segment, session);
            segments.add(segment);
        }
        create(writer, SegmentId.generate(), SessionId.generate()); // another session's segment

        List<List<SegmentId>> warm = walk(request -> writer.listSegments(session, request), 5, writerCounter,
                requests -> assertEquals(1, requests.size(), requests.toString()));
        RequestCounter coldCounter = new RequestCounter();
        S3SegmentStore reader = open(coldCounter);
        List<List<SegmentId>> cold = walk(request -> reader.listSegments(session, request), 5,
                coldCounter, requests -> {
                    assertEquals(1, counterOf(requests, "list-type="), requests.toString());
                    assertTrue(counterOf(requests, "HEAD ") <= 6, requests.toString());
                });

        assertEquals(newestFirst(segments), flat(warm));
        assertEquals(List.of(5, 5, 2), cold.stream().map(List::size).toList());
        assertEquals(newestFirst(segments), flat(cold));
        assertEquals(List.of(), writer.listSegments(SessionId.generate(), PageRequest.first(5)).items());
    }

    private static long counterOf(List<String> requests, String part) {
        return requests.stream().filter(request -> request.contains(part)).count();
    }

    @Test
    void indexEntriesOfACreateThatCrashedBeforeItsFirstObject_areNotListed_pagesStayFull_andDeleteRemovesThem() {
        S3SegmentStore store = open(new RequestCounter());
        SessionId session = SessionId.generate();
        SegmentId oldest = SegmentId.generate();
        SegmentId ghost = SegmentId.generate();
        SegmentId newest = SegmentId.generate();
        create(store, oldest, session);
        create(store, newest, session);
        plant("index/sessions/" + Keys.newestFirst(session.toString()) + "/" + Keys.newestFirst(ghost.toString()));
        plant("index/segments/" + Keys.newestFirst(ghost.toString()));

        Page<SegmentId> first = store.listSegments(PageRequest.first(1));
        assertEquals(List.of(newest), first.items());
        assertEquals(List.of(oldest), store.listSegments(first.next().orElseThrow()).items(),
                "the page after the cursor skips the entry without a segment");
        Page<SegmentId> ofSession = store.listSegments(session, PageRequest.first(1));
        assertEquals(List.of(oldest), store.listSegments(session, ofSession.next().orElseThrow()).items());
        assertEquals(List.of(newest, oldest), store.listSegments(session, PageRequest.first(10)).items());

        assertEquals(2, store.deleteSession(session));
        assertEquals(List.of(), keysUnder("index/"));
        assertEquals(List.of(), store.listSegments(PageRequest.first(10)).items());
    }

    @Test
    void aCreateRefusedForAnExistingSegment_leavesNoEntryInItsSession() {
        S3SegmentStore store = open(new RequestCounter());
        SessionId owner = SessionId.generate();
        SessionId intruder = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        create(store, segment, owner);

        assertThrows(SegmentAlreadyExistsException.class, () -> create(store, segment, intruder));

        assertEquals(List.of(), keysUnder("index/sessions/" + Keys.newestFirst(intruder.toString())));
        assertEquals(List.of(owner), store.listSessions(PageRequest.first(10)).items());
        assertEquals(List.of(segment), store.listSegments(PageRequest.first(10)).items());
    }

    @Test
    void theSessionIndexOfEarlierBuilds_isNotListed_butTheirSegmentsStayReadableById() {
        S3SegmentStore store = open(new RequestCounter());
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        create(store, segment, session);
        // what a build before the newest-first index left: sessions/{session}/{segment} and no index/
        raw().deleteObject(b -> b.bucket(S3Fixture.BUCKET).key(prefix + "/index/segments/"
                + Keys.newestFirst(segment.toString())));
        raw().deleteObject(b -> b.bucket(S3Fixture.BUCKET).key(prefix + "/index/sessions/"
                + Keys.newestFirst(session.toString()) + "/" + Keys.newestFirst(segment.toString())));
        plant("sessions/" + session + "/" + segment);

        S3SegmentStore reopened = open(new RequestCounter());
        assertEquals(List.of(), reopened.listSessions(PageRequest.first(10)).items());
        assertEquals(List.of(), reopened.listSegments(PageRequest.first(10)).items());
        assertEquals(1, reopened.readAll(segment).size());
        assertFalse(reopened.listSegments(session, PageRequest.first(10)).items().contains(segment));
    }
}
