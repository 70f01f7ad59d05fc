package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.ReadOnlyStoreException;
import java.nio.file.Path;

/**
 * The child process of {@link SqliteReadOnlyTest}'s read-only mount: opens the store read-only and
 * prints how it opened it, the segment's count, and what became of an append.
 */
final class ReadingChild {
    private ReadingChild() {}

    public static void main(String[] args) {
        Fixtures fixtures = new Fixtures();
        SegmentId segment = SegmentId.parse(args[1]);
        try (SqliteSegmentStore store = SqliteSegmentStore.openReadOnly(Path.of(args[0]))) {
            System.out.println(store);
            System.out.println("count " + store.count(segment));
            try {
                store.append(segment, fixtures.marker("refused"));
                System.out.println("append accepted");
            } catch (ReadOnlyStoreException e) {
                System.out.println("append refused: " + e.getClass().getSimpleName());
            }
        }
    }
}
