package dev.segmentlog.store.postgres;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A writer process of {@link PostgresConcurrencyTest}: opens the store by URI, says "ready" on
 * stdout, waits for a line on stdin, appends {@code count} entries marked {@code name-i} through a
 * {@link dev.segmentlog.log.SegmentWriter} on the segment, and says "done".
 */
final class WritingProcess {
    private WritingProcess() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        SegmentId segment = SegmentId.parse(args[1]);
        String name = args[2];
        int count = Integer.parseInt(args[3]);
        try (SegmentStore store = SegmentStores.open(uri)) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Writers.write(store, segment, name, count);
        }
        System.out.println("done");
        System.out.flush();
    }
}
