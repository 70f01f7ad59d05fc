package dev.segmentlog.store.sqlite;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick local measurement, not a benchmark and not an assertion: append, batch and read-all rates
 * on ~1 KB entries, next to raw JDBC doing the same inserts with the same pragmas (reused prepared
 * statement, no codec). Store and raw runs alternate and the best of several rounds is kept, which
 * tames a noisy, shared machine. Run with
 * {@code -Dtest=SqliteThroughputMeasurement -Dsegmentlog.measure=true}.
 */
@EnabledIfSystemProperty(named = "segmentlog.measure", matches = "true")
class SqliteThroughputMeasurement {
    private final Fixtures fixtures = new Fixtures();

    private static final int ROUNDS = 7;
    private static final int SINGLE = 1_000;
    private static final int BATCHES = 20;
    private static final int READ_SEGMENT = 5_000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        EntryCodec codec = EntryCodec.standard();
        LogEntry entry = fixtures.paddedMarker("sized", 1_000);
        String json = codec.encodeToString(entry);
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(StoredEntry.plain(entry));
        }
        double single = 0;
        double rawSingle = 0;
        double batched = 0;
        double rawBatched = 0;
        double readAll = 0;
        double count = 0;
        double encode = 0;
        double decode = 0;
        try (SqliteSegmentStore store = SqliteSegmentStore.open(dir.resolve("store.db"));
             Connection raw = Sqlite.connect(dir.resolve("raw.db"));
             Statement setup = raw.createStatement()) {
            setup.execute("PRAGMA journal_mode = WAL");
            setup.execute("PRAGMA synchronous = NORMAL");
            setup.execute("CREATE TABLE entries (segment_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, "
                    + "ts INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (segment_id, seq))");
            SegmentId big = SegmentId.generate();
            store.create(big, List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
            for (int b = 0; b < READ_SEGMENT / 100; b++) {
                store.append(big, ExpectedCount.any(), batch);
            }
            try (PreparedStatement insert = raw.prepareStatement(
                    "INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)")) {
                for (int round = 0; round < ROUNDS; round++) {
                    SegmentId segment = SegmentId.generate();
                    store.create(segment, List.of(StoredEntry.plain(fixtures.plainStart(SessionId.generate()))));
                    long t0 = System.nanoTime();
                    for (int i = 0; i < SINGLE; i++) {
                        store.append(segment, entry);
                    }
                    single = Math.max(single, rate(SINGLE, t0));

                    String id = SegmentId.generate().toString();
                    t0 = System.nanoTime();
                    for (int i = 0; i < SINGLE; i++) {
                        bind(insert, id, i, json);
                        insert.executeUpdate();
                    }
                    rawSingle = Math.max(rawSingle, rate(SINGLE, t0));

                    t0 = System.nanoTime();
                    for (int b = 0; b < BATCHES; b++) {
                        store.append(segment, ExpectedCount.any(), batch);
                    }
                    batched = Math.max(batched, rate(BATCHES * 100, t0));

                    t0 = System.nanoTime();
                    for (int b = 0; b < BATCHES; b++) {
                        raw.setAutoCommit(false);
                        for (int i = 0; i < 100; i++) {
                            bind(insert, id, SINGLE + b * 100L + i, json);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        raw.commit();
                        raw.setAutoCommit(true);
                    }
                    rawBatched = Math.max(rawBatched, rate(BATCHES * 100, t0));

                    t0 = System.nanoTime();
                    int read = store.readAll(big).size();
                    readAll = Math.max(readAll, rate(read, t0));

                    t0 = System.nanoTime();
                    for (int r = 0; r < 5_000; r++) {
                        store.count(big);
                    }
                    count = Math.max(count, rate(5_000, t0));

                    t0 = System.nanoTime();
                    for (int r = 0; r < 5_000; r++) {
                        codec.encodeToString(entry);
                    }
                    encode = Math.max(encode, rate(5_000, t0));
                    t0 = System.nanoTime();
                    for (int r = 0; r < 5_000; r++) {
                        codec.decode(json, segment, 1);
                    }
                    decode = Math.max(decode, rate(5_000, t0));
                }
            }
        }
        System.out.printf(Locale.ROOT, "entry: %d bytes of JSON; best of %d rounds%n", json.length(), ROUNDS);
        System.out.printf(Locale.ROOT, "single append %.0f/s; raw JDBC autocommit insert %.0f/s; ratio %.2f%n",
                single, rawSingle, rawSingle / single);
        System.out.printf(Locale.ROOT, "batch of 100 %.0f entries/s; raw JDBC batch in one transaction %.0f/s; ratio %.2f; "
                + "%.1fx cheaper per entry than single appends%n", batched, rawBatched, rawBatched / batched, batched / single);
        System.out.printf(Locale.ROOT, "read-all of %d entries %.0f entries/s; count %.0f/s; codec alone: encode %.0f/s, "
                + "decode %.0f/s%n", READ_SEGMENT + 1, readAll, count, encode, decode);
    }

    private static void bind(PreparedStatement insert, String id, long seq, String json) throws Exception {
        insert.setString(1, id);
        insert.setLong(2, seq);
        insert.setString(3, "assistant_item");
        insert.setLong(4, 2_000);
        insert.setString(5, json);
    }

    private static double rate(int operations, long startNanos) {
        return operations / ((System.nanoTime() - startNanos) / 1e9);
    }
}
