package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other process of {@link SqliteTwoProcessTest}: opens the store, says "ready" on stdout, waits
 * for a line on stdin, then appends {@code count} entries marked {@code name-i} to the plain segment
 * and, with conditional appends retried on conflict, to the conditional one.
 */
final class AppendingChild {
    private AppendingChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SegmentId plain = SegmentId.parse(args[1]);
        SegmentId conditional = SegmentId.parse(args[2]);
        String name = args[3];
        int count = Integer.parseInt(args[4]);
        try (SqliteSegmentStore store = SqliteSegmentStore.open(file)) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            appendMarked(store, plain, conditional, name, count);
        }
        System.out.println("done");
        System.out.flush();
    }

    static void appendMarked(SqliteSegmentStore store, SegmentId plain, SegmentId conditional, String name, int count) {
        AtomicInteger conflicts = new AtomicInteger();
        Fixtures fixtures = new Fixtures();
        for (int i = 0; i < count; i++) {
            store.append(plain, fixtures.marker(name + "-" + i));
            SqliteConcurrencyTest.appendWithRetry(store, conditional, fixtures.marker(name + "-" + i), conflicts);
        }
    }
}
