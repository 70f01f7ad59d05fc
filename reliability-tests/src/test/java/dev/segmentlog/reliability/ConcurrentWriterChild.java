package dev.segmentlog.reliability;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.log.SegmentWriter;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Child JVM of the concurrency tests: a {@link SegmentWriter} on a shared segment. After {@code ready}
 * it waits for a {@code go} line (so all writers start together), then appends {@code count} marks in
 * batches, a turn end every fifth batch, printing after each append {@code ack FIRST LAST SEGMENT}
 * (or {@code turn N SEGMENT}) and, when the writer moved to a fork, first
 * {@code fork NEW OLD TURN_COUNT_BEFORE}. Arguments: store URI, segment id, writer name, count.
 */
final class ConcurrentWriterChild {
    private ConcurrentWriterChild() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        SegmentId segment = SegmentId.parse(args[1]);
        String writerName = args[2];
        long count = Long.parseLong(args[3]);
        try (SegmentStore store = SegmentStores.open(uri)) {
            SegmentWriter writer = new SegmentLog(store).writer(segment);
            AckingAppender.say("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                return;
            }
            long index = 0;
            int batches = 0;
            int turn = 0;
            while (index < count) {
                int size = (int) Math.min(Marks.batchSize(index), count - index);
                SegmentId before = writer.segmentId();
                int turnBefore = writer.state().turnCount();
                SegmentId to = writer.appendAll(Marks.marks(writerName, index, size));
                if (!to.equals(before)) {
                    AckingAppender.say("fork " + to + " " + before + " " + turnBefore);
                }
                AckingAppender.say("ack " + index + " " + (index + size - 1) + " " + to);
                index += size;
                if (++batches % 5 == 0) {
                    before = writer.segmentId();
                    turnBefore = writer.state().turnCount();
                    to = writer.saveTurnEnd(++turn);
                    if (!to.equals(before)) {
                        AckingAppender.say("fork " + to + " " + before + " " + turnBefore);
                    }
                    AckingAppender.say("turn " + turn + " " + to);
                }
            }
            AckingAppender.say("done");
        } catch (RuntimeException e) {
            e.printStackTrace();
            AckingAppender.say("fatal " + e.getClass().getName() + " " + AckingAppender.oneLine(e.getMessage()));
            System.exit(3);
        }
    }
}
