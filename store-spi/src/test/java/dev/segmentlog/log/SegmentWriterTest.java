package dev.segmentlog.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.spi.ListStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {
    private final ListStore store = new ListStore();
    private final SegmentLog log = new SegmentLog(store);
    private final SegmentId segment = log.create(new StartState("p", RequestConfig.DEFAULT, List.of()));

    @Test
    void append_uncontended_writesToTheSameSegmentAndTracksTheCount() {
        SegmentWriter writer = log.writer(segment);
        assertEquals(segment, writer.saveUserInput(List.of(new InputPart.Text("hi"))));
        assertEquals(segment, writer.saveDelta(List.of(HistoryItem.assistant("hello"))));
        assertEquals(segment, writer.saveTurnEnd(1));
        assertEquals(new SegmentHead(segment, 4), writer.head());
        assertEquals(Replay.replay(store.readAll(segment)), writer.state());
    }

    @Test
    void append_afterAnotherWriterAppended_forksAtTheWritersTurnAndWritesThere() {
        SegmentWriter mine = log.writer(segment);
        SegmentWriter theirs = log.writer(segment);
        mine.saveUserInput(List.of(new InputPart.Text("mine")));
        mine.saveTurnEnd(1);
        long before = store.count(segment);

        SegmentId written = theirs.saveUserInput(List.of(new InputPart.Text("theirs")));

        assertNotEquals(segment, written);
        assertEquals(written, theirs.segmentId());
        assertEquals(before, store.count(segment), "the contended segment is left untouched");
        LogEntry.SegmentStart forkStart = (LogEntry.SegmentStart) store.readAll(written).get(0);
        assertEquals(new SegmentOrigin(segment, 0), forkStart.forkedFrom());
        assertEquals(store.info(segment).sessionId(), forkStart.sessionId());
        assertEquals(List.of(HistoryItem.user("theirs")), log.restore(written).history());
        assertEquals(new SegmentHead(written, 2), theirs.head());
    }

    @Test
    void append_afterAFork_keepsWritingToTheFork() {
        SegmentWriter mine = log.writer(segment);
        SegmentWriter theirs = log.writer(segment);
        mine.saveTurnEnd(1);
        SegmentId fork = theirs.saveTurnEnd(1);
        assertEquals(fork, theirs.saveTurnEnd(2));
        assertEquals(3, store.count(fork));
        assertEquals(Replay.replay(store.readAll(fork)), theirs.state());
    }

    @Test
    void appendAll_empty_writesNothing() {
        SegmentWriter writer = log.writer(segment);
        assertEquals(segment, writer.appendAll(List.of()));
        assertEquals(1, store.count(segment));
    }
}
