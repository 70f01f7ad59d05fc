package dev.segmentlog.cli;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show",
        description = {"Print a segment's entries, one per line.",
                "",
                "For a hash-chained segment each readable line shows the first " + Format.SHORT_HASH
                        + " hex digits of the entry's hash (what 'fork --at-hash' accepts); --json prints the "
                        + "stored lines with their prev_hash and hash fields.",
                "The segment_start of a segment imported with 'copy --session-log' names the log it came from "
                        + "and what that log's hash chain was: intact, none, or BROKEN at a line.",
                "Entries are printed as they are read, a page at a time, so a segment of any length is shown "
                        + "in bounded memory."})
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
        boolean chained = Chains.isChained(store, id);
        EntryCodec codec = EntryCodec.standard();
        long position = from;
        for (List<StoredEntry> page : SegmentPages.from(store, id, from)) {
            for (StoredEntry stored : page) {
                LogEntry entry = stored.entry();
                if (json) {
                    out().println(new String(codec.encode(stored), StandardCharsets.UTF_8));
                } else {
                    String hash = !chained ? "" : (stored.isChained() ? Format.shortHash(stored.hash())
                            : Format.pad("(no hash)", Format.SHORT_HASH)) + "  ";
                    out().println(String.format("%4d  %s  %s%s", position, Format.time(entry.ts()), hash,
                            Format.entry(entry)));
                }
                position++;
            }
        }
        return Main.OK;
    }
}
