package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", description = "List the sessions (or segments) of a store, newest first.")
final class LsCommand extends StoreCommand {

    @Option(names = "--segments", description = "List segments instead of sessions.")
    boolean segments;

    @Override
    int run(SegmentStore store) {
        List<List<String>> rows = new ArrayList<>();
        if (segments) {
            rows.add(List.of("SEGMENT", "SESSION", "ENTRIES", "CREATED", "ORIGIN"));
            for (SegmentId segment : store.listSegments()) {
                SegmentInfo info = store.info(segment);
                rows.add(List.of(segment.toString(), info.sessionId().toString(),
                        Long.toString(info.entryCount()), Format.time(info.createdAt()), Format.origin(info)));
            }
        } else {
            rows.add(List.of("SESSION", "SEGMENTS", "ENTRIES", "CREATED", "LAST ENTRY"));
            for (SessionId session : store.listSessions()) {
                long entries = 0;
                long created = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                List<SegmentId> members = store.listSegments(session);
                for (SegmentId segment : members) {
                    SegmentInfo info = store.info(segment);
                    entries += info.entryCount();
                    created = Math.min(created, info.createdAt());
                    last = Math.max(last, info.lastEntryTs());
                }
                rows.add(List.of(session.toString(), Integer.toString(members.size()), Long.toString(entries),
                        members.isEmpty() ? "-" : Format.time(created), members.isEmpty() ? "-" : Format.time(last)));
            }
        }
        if (rows.size() == 1) {
            out().println("no " + (segments ? "segments" : "sessions") + " in " + Format.uri(storeUri));
        } else {
            Format.table(rows).forEach(out()::println);
        }
        return Main.OK;
    }
}
