package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentInfo;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "segment info" ({@link SegmentStoreConformanceTest.Info}). */
abstract class InfoClauses extends Clauses {

    InfoClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-INFO-01] info tells session, created time, entry count and last entry ts, kept current by every append")
    void C_INFO_01_infoOfNewConversation() {
        SegmentId segment = SegmentId.generate();
        SessionId session = SessionId.generate();
        LogEntry.SegmentStart start = fx.start(session);
        LogEntry second = fx.marker("second");
        store().create(segment, StoredEntry.plain(List.of(start, second)));
        assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 2, second.ts()), store().info(segment),
                "info after create");

        LogEntry backwards = new LogEntry.TurnEnd(start.ts() - 5, 1); // a clock that stepped back
        store().append(segment, backwards);
        assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 3, backwards.ts()), store().info(segment),
                "info after an append: lastEntryTs is the ts of the last entry, not the largest");

        LogEntry batchEnd = fx.marker("batch-end");
        store().append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(fx.marker("batch"), batchEnd)));
        assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 5, batchEnd.ts()), store().info(segment),
                "info after a batch");

        LogEntry conditional = fx.marker("conditional");
        store().append(segment, ExpectedCount.exactly(5), StoredEntry.plain(List.of(conditional)));
        assertEquals(new SegmentInfo(segment, session, start.ts(), null, null, 6, conditional.ts()), store().info(segment),
                "info after a conditional append");
    }

    @Test
    @DisplayName("[C-INFO-02] info of a fork and of a compaction carries its origin")
    void C_INFO_02_infoCarriesLineage() {
        SessionId session = SessionId.generate();
        SegmentId source = SegmentId.generate();
        store().create(source, StoredEntry.plain(List.of(fx.plainStart(session))));
        List<LogEntry.SegmentStart> variants = fx.startVariants(session, source);
        for (LogEntry.SegmentStart start : variants) {
            SegmentId segment = SegmentId.generate();
            store().create(segment, StoredEntry.plain(List.of(start)));
            assertEquals(new SegmentInfo(segment, session, start.ts(), start.forkedFrom(), start.compactedFrom(), 1, start.ts()),
                    store().info(segment), "info of a segment opened by " + start);
        }
    }
}
