package dev.segmentlog.conformance;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The base of every group of clauses: the store of the current clause, the fixtures, and reading
 * helpers built on the port. Each group is a file of its own ({@code …Clauses}), run as a
 * {@code @Nested} class of {@link SegmentStoreConformanceTest}.
 */
abstract class Clauses {
    /** The page size the helpers read and list with: small, so they walk several pages. */
    static final int HELPER_PAGE = 100;

    private final SegmentStoreConformanceTest kit;
    final Fixtures fx;

    Clauses(SegmentStoreConformanceTest kit) {
        this.kit = kit;
        this.fx = kit.fixtures();
    }

    /** The store of the current clause (a new one after {@link #reopenStore()}). */
    final SegmentStore store() {
        return kit.store();
    }

    /** Closes the clause's store and opens it again through the kit's {@code reopen}: what a new process would see. */
    final void reopenStore() {
        kit.reopenStore();
    }

    /** Why the store lacks {@code capability}, or empty when it has it. */
    final Optional<String> whyLacking(Capability capability) {
        return kit.whyLacking(capability);
    }

    /** Every entry from {@code position} on, with chain fields, read page by page. */
    final List<StoredEntry> storedFrom(SegmentId segment, long position) {
        List<StoredEntry> entries = new ArrayList<>();
        List<StoredEntry> page;
        do {
            page = store().read(segment, position + entries.size(), HELPER_PAGE);
            entries.addAll(page);
        } while (page.size() == HELPER_PAGE);
        return entries;
    }

    /** Every entry from {@code position} on, without chain fields, read page by page. */
    final List<LogEntry> entriesFrom(SegmentId segment, long position) {
        return StoredEntry.entries(storedFrom(segment, position));
    }

    /** Every segment of the store, newest first, listed page by page. */
    final List<SegmentId> allSegments() {
        return Page.<SegmentId>all(page -> store().listSegments(page), HELPER_PAGE).toList();
    }

    /** Every session of the store, newest first, listed page by page. */
    final List<SessionId> allSessions() {
        return Page.<SessionId>all(page -> store().listSessions(page), HELPER_PAGE).toList();
    }

    /** Every segment of {@code session}, newest first, listed page by page. */
    final List<SegmentId> segmentsOf(SessionId session) {
        return Page.<SegmentId>all(page -> store().listSegments(session, page), HELPER_PAGE).toList();
    }
}
