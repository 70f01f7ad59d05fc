package dev.segmentlog.store.jsonl;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.ExpectedCount;
import java.nio.file.Path;
import java.util.List;

/**
 * The second process of {@link JsonlTwoProcessTest}: appends {@code count} markers labelled
 * {@code writer-i} ({@link JsonlTwoProcessTest#marker}) to a segment, alternately with conditional
 * appends (retried on conflict) and batches of two, after
 * warming up, saying "ready" and reading a go-ahead line from its standard input.
 */
final class AppendingChild {
    private AppendingChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SegmentId segment = SegmentId.parse(args[1]);
        String writer = args[2];
        int count = Integer.parseInt(args[3]);
        Fixtures fx = new Fixtures();
        try (JsonlSegmentStore store = JsonlSegmentStore.open(dir)) {
            JsonlTwoProcessTest.warmUp(store);
            System.out.println("ready");
            System.out.flush();
            if (System.in.read() < 0) {
                return;
            }
            int i = 0;
            while (i < count) {
                if (i % 4 == 0 && i + 1 < count) {
                    store.append(segment, ExpectedCount.any(), StoredEntry.plain(List.of(
                            JsonlTwoProcessTest.marker(fx, writer, i), JsonlTwoProcessTest.marker(fx, writer, i + 1))));
                    i += 2;
                    continue;
                }
                try {
                    store.append(segment, ExpectedCount.exactly(store.count(segment)),
                            List.of(StoredEntry.plain(JsonlTwoProcessTest.marker(fx, writer, i))));
                    i++;
                } catch (ConflictException e) {
                    // the other process appended between count and append: try again
                }
            }
        }
    }
}
