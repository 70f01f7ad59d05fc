package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fork", description = "Fork a segment at the end of a turn; print the new segment id.")
final class ForkCommand extends StoreCommand {

    @Parameters(paramLabel = "SEGMENT", description = "The segment to fork.")
    String segment;

    @Option(names = "--at-turn", paramLabel = "N", required = true,
            description = "The turn to fork at; 0 forks right after the segment_start.")
    int atTurn;

    @Override
    int run(SegmentStore store) {
        out().println(new SegmentLog(store).forkAtTurn(SegmentId.parse(segment), atTurn));
        return Main.OK;
    }
}
