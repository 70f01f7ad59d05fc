package dev.segmentlog.cli;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.Page;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "ls",
        description = {"List the sessions (or segments) of a store, newest first.",
                "",
                "Rows are printed as the listing is read, a page at a time, so ls works on a store of any "
                        + "size; with --limit N it reads only the pages the newest N take.",
                "With --segments the origin column also says, for a segment imported with 'copy "
                        + "--session-log', what its old log's hash chain was (e.g. 'imported, old chain BROKEN at "
                        + "line 5'): each segment's first entry is read for it."})
final class LsCommand extends StoreCommand {

    private static final List<String> SESSION_HEADER = List.of("SESSION", "SEGMENTS", "ENTRIES", "CREATED", "LAST ENTRY");
    private static final List<String> SEGMENT_HEADER = List.of("SEGMENT", "SESSION", "ENTRIES", "CREATED", "ORIGIN");
    /** Fixed because rows are printed before the rest are read: an id is 36 characters, a time 24. */
    private static final int[] SESSION_WIDTHS = {36, 8, 9, 24};
    private static final int[] SEGMENT_WIDTHS = {36, 36, 9, 24};

    @Option(names = "--segments", description = "List segments instead of sessions.")
    boolean segments;

    @Option(names = "--limit", paramLabel = "N", description = "List only the newest N (default: all).")
    Integer limit;

    @Override
    int run(SegmentStore store) {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        // A page no larger than the limit: 'ls --limit 10' asks the store for 10 ids, not a thousand.
        int pageLimit = limit == null ? PageRequest.DEFAULT_LIMIT : Math.min(limit, PageRequest.DEFAULT_LIMIT);
        long printed = segments
                ? print(Page.<SegmentId>all(store::listSegments, pageLimit), SEGMENT_HEADER, SEGMENT_WIDTHS,
                        segment -> segmentRow(store, segment))
                : print(Page.all(store::listSessions, pageLimit), SESSION_HEADER, SESSION_WIDTHS,
                        session -> sessionRow(store, session));
        if (printed == 0) {
            out().println("no " + (segments ? "segments" : "sessions") + " in " + Format.uri(storeUri));
        }
        return Main.OK;
    }

    /** Prints a row per id, up to the limit, the header before the first; returns how many rows. */
    private <T> long print(Stream<T> ids, List<String> header, int[] widths, Function<T, List<String>> row) {
        long printed = 0;
        Iterator<T> each = ids.iterator();
        // The limit is checked before hasNext(), which would fetch the next page.
        while ((limit == null || printed < limit) && each.hasNext()) {
            List<String> cells = row.apply(each.next());
            if (printed++ == 0) {
                out().println(Format.row(header, widths));
            }
            out().println(Format.row(cells, widths));
        }
        return printed;
    }

    /** A segment's row; its segment_start is read to show an import mark, which its info does not carry. */
    private static List<String> segmentRow(SegmentStore store, SegmentId segment) {
        SegmentInfo info = store.info(segment);
        String origin = Format.origin(info);
        List<StoredEntry> first = store.read(segment, 0, 1);
        if (!first.isEmpty() && first.get(0).entry() instanceof LogEntry.SegmentStart start
                && start.importedFrom() != null) {
            origin += "; " + Format.imported(start.importedFrom());
        }
        return List.of(segment.toString(), info.sessionId().toString(), Long.toString(info.entryCount()),
                Format.time(info.createdAt()), origin);
    }

    /** A session's totals over its segments, from their infos: no entry is read. */
    private static List<String> sessionRow(SegmentStore store, SessionId session) {
        List<SegmentId> members = Page.all((PageRequest<SegmentId> page) -> store.listSegments(session, page),
                PageRequest.DEFAULT_LIMIT).toList();
        long entries = 0;
        long created = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SegmentId segment : members) {
            SegmentInfo info = store.info(segment);
            entries += info.entryCount();
            created = Math.min(created, info.createdAt());
            last = Math.max(last, info.lastEntryTs());
        }
        return List.of(session.toString(), Integer.toString(members.size()), Long.toString(entries),
                members.isEmpty() ? "-" : Format.time(created), members.isEmpty() ? "-" : Format.time(last));
    }
}
