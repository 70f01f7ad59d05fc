package dev.segmentlog.cli;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.EntryCodec;
import dev.segmentlog.spi.SegmentStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Print a segment's entries, one per line.")
final class ShowCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", description = "The segment id.")
    String segment;

    @Option(names = "--json", description = "Print the entries in the wire format, one JSON object per line.")
    boolean json;

    @Option(names = "--from", paramLabel = "POSITION", description = "Start at this 0-based position (default: 0).")
    long from;

    @Override
    int run(SegmentStore store) {
        if (from < 0) {
            throw new IllegalArgumentException("--from must not be negative: " + from);
        }
        SegmentId id = SegmentId.parse(segment);
        List<LogEntry> entries = store.readFrom(id, from);
        EntryCodec codec = EntryCodec.standard();
        long position = from;
        for (LogEntry entry : entries) {
            out().println(json ? codec.encodeToString(entry)
                    : String.format("%4d  %s  %s", position, Format.time(entry.ts()), Format.entry(entry)));
            position++;
        }
        return Main.OK;
    }
}
