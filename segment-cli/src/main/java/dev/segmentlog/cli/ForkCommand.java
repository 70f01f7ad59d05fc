package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fork",
        description = {"Fork a segment at a turn, entry or hash; print the new segment id.",
                "",
                "Give exactly one of --at-turn, --at-entry, --at-hash. The fork of a hash-chained segment is "
                        + "chained too, and its forked_from records the source's entry count and head hash at "
                        + "the cut, which 'segmentlog verify' checks."})
final class ForkCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", description = "The segment to fork.")
    String segment;

    /** Where to cut: picocli checks that exactly one is given before the store is opened. */
    @ArgGroup(exclusive = true, multiplicity = "1")
    Cut cut;

    static final class Cut {
        @Option(names = "--at-turn", paramLabel = "N", required = true,
                description = "Fork at the end of turn N; 0 forks right after the segment_start.")
        Integer atTurn;

        @Option(names = "--at-entry", paramLabel = "N", required = true,
                description = "Fork after the first N entries (1 keeps only the segment_start).")
        Long atEntry;

        @Option(names = "--at-hash", paramLabel = "HASH", required = true,
                description = "Fork right after the entry with this hash (a chained segment; 64 hex digits, "
                        + "or a prefix of at least " + Chains.MIN_PREFIX + " as 'show' prints it).")
        String atHash;
    }

    @Override
    Access access() {
        return Access.WRITE;
    }

    @Override
    int run(SegmentStore store) {
        SegmentId source = SegmentId.parse(segment);
        boolean chained = Chains.isChained(store, source);
        SegmentLog log = chained ? new SegmentLog(store).chained() : new SegmentLog(store);
        SegmentId fork;
        if (cut.atTurn != null) {
            fork = log.forkAtTurn(source, cut.atTurn);
        } else if (cut.atEntry != null) {
            fork = log.forkAtEntry(source, cut.atEntry);
        } else {
            if (!chained) {
                throw new IllegalArgumentException("segment " + source + " is not hash-chained: fork it with "
                        + "--at-turn or --at-entry");
            }
            fork = log.forkAtHash(source, Chains.resolve(source, log.readStored(source), cut.atHash));
        }
        out().println(fork);
        return Main.OK;
    }
}
