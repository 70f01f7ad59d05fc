package dev.segmentlog.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A page is an index range: what SQLite plans for the read and listing statements, and where pages end. */
class SqlitePagesTest {
    private final Fixtures fixtures = new Fixtures();

    /** A range of an index (or of a WITHOUT ROWID table's key): only the rows in range are visited. */
    private static final Pattern INDEX_RANGE =
            Pattern.compile("SEARCH \\w+ USING (PRIMARY KEY|(COVERING )?INDEX \\w+) \\(.+\\)( LEFT-JOIN)?");
    /**
     * A walk of an index from its end in the statement's order: with no sort (a sort or a temp b-tree
     * shows as a step of its own) and no filter, the LIMIT ends the walk after the page.
     */
    private static final Pattern ORDERED_WALK =
            Pattern.compile("SCAN segments( USING COVERING INDEX segments_by_session)?");

    @TempDir
    Path dir;

    /** The plan SQLite makes for {@code sql} on a store file of the current schema. */
    private List<String> plan(String sql) throws Exception {
        Path file = dir.resolve("plan.db");
        SqliteSegmentStore.open(file).close();
        List<String> plan = new ArrayList<>();
        try (Connection connection = Sqlite.connect(file);
             PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
                explain.setObject(i, null);
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertFalse(plan.isEmpty(), sql);
        return plan;
    }

    private static void assertEachStep(List<String> plan, Pattern... allowed) {
        for (String step : plan) {
            boolean matches = false;
            for (Pattern pattern : allowed) {
                matches |= pattern.matcher(step).matches();
            }
            assertTrue(matches, "step '" + step + "' of " + plan);
        }
    }

    @Test
    void readPage_isARangeOfTheEntriesKeyFromThePosition() throws Exception {
        List<String> plan = plan(EntryRows.READ_PAGE);

        assertEachStep(plan, INDEX_RANGE);
        assertTrue(plan.stream().anyMatch(step -> step.contains("(segment_key=? AND seq>?)")), plan.toString());
    }

    @ParameterizedTest
    @EnumSource(Listing.class)
    void aListingsNextPage_isAnIndexRangeFromTheCursor(Listing listing) throws Exception {
        List<String> plan = plan(listing.nextPage);

        assertEachStep(plan, INDEX_RANGE);
        assertTrue(plan.get(0).contains("<?"), plan.toString());
    }

    @ParameterizedTest
    @EnumSource(Listing.class)
    void aListingsFirstPage_isAnIndexRangeOrAnUnfilteredWalkInOrder_soTheLimitEndsIt(
            Listing listing) throws Exception {
        List<String> plan = plan(listing.firstPage);

        assertEachStep(plan, INDEX_RANGE, ORDERED_WALK);
        if (plan.stream().anyMatch(step -> ORDERED_WALK.matcher(step).matches())) {
            assertFalse(listing.firstPage.contains("WHERE"), listing.firstPage);
        }
    }

    @Test
    void read_decodesOnlyThePage_notTheEntriesBeforeOrAfterIt() throws Exception {
        Path file = dir.resolve("read.db");
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> entries = new ArrayList<>();
        entries.add(StoredEntry.plain(fixtures.plainStart(SessionId.generate())));
        for (int i = 1; i < 6; i++) {
            entries.add(StoredEntry.plain(fixtures.marker("entry " + i)));
        }
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(segment, entries);
            Sqlite.execute(file, "UPDATE entries SET json = 'not json' WHERE seq IN (1, 4)");

            assertEquals(entries.subList(2, 4), store.read(segment, 2, 2));
            assertEquals(entries.subList(5, 6), store.read(segment, 5, 10));
            assertEquals(1, assertThrows(CorruptDataException.class, () -> store.read(segment, 0, 2)).position());
        }
    }

    @Test
    void listings_walkPagesToTheEnd_andAFullLastPageHasNoNext() {
        SessionId older = SessionId.generate();
        SessionId newer = SessionId.generate();
        List<SegmentId> segments = new ArrayList<>();
        try (SqliteSegmentStore store = SqliteSegmentStore.open(dir.resolve("list.db"))) {
            for (int i = 0; i < 5; i++) {
                SegmentId segment = SegmentId.generate();
                segments.add(0, segment);
                store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(i < 3 ? older : newer))));
            }

            Function<PageRequest<SegmentId>, Page<SegmentId>> all = store::listSegments;
            Function<PageRequest<SegmentId>, Page<SegmentId>> ofOlder = request -> store.listSegments(older, request);
            Function<PageRequest<SegmentId>, Page<SegmentId>> ofNewer = request -> store.listSegments(newer, request);
            Function<PageRequest<SessionId>, Page<SessionId>> sessions = store::listSessions;

            assertEquals(List.of(segments.subList(0, 2), segments.subList(2, 4), segments.subList(4, 5)), pages(all, 2));
            assertEquals(List.of(segments), pages(all, 5));
            assertEquals(List.of(segments.subList(2, 4), segments.subList(4, 5)), pages(ofOlder, 2));
            assertEquals(List.of(segments.subList(0, 2)), pages(ofNewer, 2));
            assertEquals(List.of(List.of(newer, older)), pages(sessions, 2));
            assertEquals(List.of(List.of(newer), List.of(older)), pages(sessions, 1));
        }
    }

    @Test
    void aListingOfAnInvalidStoredId_isCorruptDataNamingIt() throws Exception {
        Path file = dir.resolve("bogus.db");
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            store.create(SegmentId.generate(), List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
            Sqlite.execute(file, "INSERT INTO segments (segment_id, segment_key, session_id, created_at, entry_count, last_ts) "
                    + "VALUES ('bogus', 99, 'also bogus', 0, 0, 0)");

            CorruptDataException corrupt = assertThrows(CorruptDataException.class,
                    () -> store.listSegments(PageRequest.first(10)));
            assertTrue(corrupt.getMessage().contains("'bogus'"), corrupt.getMessage());
            assertThrows(CorruptDataException.class, () -> store.listSessions(PageRequest.first(10)));
        }
    }

    /** Every page of a listing, walked with pages of {@code limit}, checking each page's cursor. */
    private static <T extends Comparable<? super T>> List<List<T>> pages(Function<PageRequest<T>, Page<T>> lister,
                                                                         int limit) {
        List<List<T>> pages = new ArrayList<>();
        Optional<PageRequest<T>> next = Optional.of(PageRequest.first(limit));
        while (next.isPresent()) {
            Page<T> page = lister.apply(next.get());
            pages.add(page.items());
            next = page.next();
            next.ifPresent(request -> assertEquals(Optional.of(page.items().get(page.items().size() - 1)),
                    request.after()));
        }
        return pages;
    }
}
