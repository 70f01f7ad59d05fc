package dev.segmentlog.conformance;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

    /** The clause's second store on the same storage, opened on first use (clauses of {@link Capability#SECOND_INSTANCE}). */
    final SegmentStore second() {
        return kit.secondStore();
    }

    /** Closes the clause's store and opens it again through the kit's {@code reopen}: what a new process would see. */
    final void reopenStore() {
        kit.reopenStore();
    }

    /** A read-only store on the storage of the clause's store, open or closed (clauses of {@link Capability#READ_ONLY}). */
    final SegmentStore openReadOnly() {
        return kit.openReadOnly();
    }

    /**
     * Closes the clause's store, writes each of {@code rewrites} beneath it and opens it again (clauses
     * of {@link Capability#RAW_STORAGE_ACCESS}).
     *
     * @return for each rewrite, whether the storage holds it
     */
    final List<Boolean> rewriteStoredEntriesAndReopen(List<SegmentStoreConformanceTest.StoredBytes> rewrites) {
        return kit.rewriteStoredEntriesAndReopen(rewrites);
    }

    /** A snapshot of everything stored beneath the clause's store (clauses of {@link Capability#RAW_STORAGE_ACCESS}). */
    final Object storageSnapshot() {
        return Objects.requireNonNull(kit.storageSnapshot(store()), "storageSnapshot(SegmentStore) returned null");
    }

    /** Leaves what a create of {@code segment} that never finished leaves (clauses of {@link Capability#TORN_CREATE}). */
    final void leaveTornCreate(SegmentId segment, List<StoredEntry> entries) {
        kit.leaveTornCreate(store(), segment, entries);
    }

    /** Why the store lacks {@code capability}, or empty when it has it. */
    final Optional<String> whyLacking(Capability capability) {
        return kit.whyLacking(capability);
    }

    /** Every entry from {@code position} on, with chain fields, read page by page. */
    final List<StoredEntry> storedFrom(SegmentId segment, long position) {
        return storedFrom(store(), segment, position);
    }

    /** Every entry of {@code segment} in {@code from} from {@code position} on, with chain fields, read page by page. */
    static List<StoredEntry> storedFrom(SegmentStore from, SegmentId segment, long position) {
        List<StoredEntry> entries = new ArrayList<>();
        List<StoredEntry> page;
        do {
            page = from.read(segment, position + entries.size(), HELPER_PAGE);
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
        return segmentsOf(store(), session);
    }

    /** Every segment of {@code session} in {@code from}, newest first, listed page by page. */
    static List<SegmentId> segmentsOf(SegmentStore from, SessionId session) {
        return Page.<SegmentId>all(page -> from.listSegments(session, page), HELPER_PAGE).toList();
    }

    /**
     * The ids {@code lister} lists down to {@code oldest}, newest first: only the first pages when the
     * clause's ids are the newest of the store.
     */
    static <T extends Comparable<? super T>> List<T> listedDownTo(Function<PageRequest<T>, Page<T>> lister, T oldest) {
        return Page.all(lister, HELPER_PAGE).takeWhile(id -> id.compareTo(oldest) >= 0).toList();
    }
}
