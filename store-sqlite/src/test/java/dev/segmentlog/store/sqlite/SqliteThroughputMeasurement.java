package dev.segmentlog.store.sqlite;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.EntryCodec;
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
 * on ~1 KB entries, next to raw JDBC doing the same inserts with the same pragmas. Run with
 * {@code -Dtest=SqliteThroughputMeasurement -Dsegmentlog.measure=true}.
 */
@EnabledIfSystemProperty(named = "segmentlog.measure", matches = "true")
class SqliteThroughputMeasurement {
    private static final int SINGLE = 3_000;
    private static final int BATCHES = 60;
    private static final int READ_SEGMENT = 5_000;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        EntryCodec codec = EntryCodec.standard();
        LogEntry entry = Entries.sized(2_000, 1_024);
        String json = codec.encodeToString(entry);
        System.out.printf(Locale.ROOT, "entry: %d bytes of JSON%n", json.length());
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up" : "measured";
            try (SqliteSegmentStore store = SqliteSegmentStore.open(dir.resolve("m" + round + ".db"))) {
                SegmentId segment = SegmentId.generate();
                store.create(segment, List.of(Entries.start(SessionId.generate())));
                long t0 = System.nanoTime();
                for (int i = 0; i < SINGLE; i++) {
                    store.append(segment, entry);
                }
                double single = rate(SINGLE, t0);

                SegmentId batched = SegmentId.generate();
                store.create(batched, List.of(Entries.start(SessionId.generate())));
                List<LogEntry> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(entry);
                }
                t0 = System.nanoTime();
                for (int b = 0; b < BATCHES; b++) {
                    store.appendAll(batched, batch);
                }
                double batchRate = rate(BATCHES * 100, t0);

                SegmentId big = SegmentId.generate();
                store.create(big, List.of(Entries.start(SessionId.generate())));
                for (int b = 0; b < READ_SEGMENT / 100; b++) {
                    store.appendAll(big, batch);
                }
                t0 = System.nanoTime();
                int read = 0;
                for (int r = 0; r < 5; r++) {
                    read += store.readAll(big).size();
                }
                double readRate = rate(read, t0);

                t0 = System.nanoTime();
                for (int r = 0; r < 10_000; r++) {
                    store.count(big);
                }
                double countRate = rate(10_000, t0);

                t0 = System.nanoTime();
                for (int r = 0; r < 10_000; r++) {
                    codec.encodeToString(entry);
                }
                double encodeRate = rate(10_000, t0);
                t0 = System.nanoTime();
                for (int r = 0; r < 10_000; r++) {
                    codec.decode(json, segment, 1);
                }
                double decodeRate = rate(10_000, t0);
                System.out.printf(Locale.ROOT, "%s: codec encode %.0f/s, decode %.0f/s%n", label, encodeRate, decodeRate);
                double[] raw = raw(dir.resolve("raw" + round + ".db"), json);
                System.out.printf(Locale.ROOT, "%s: single append %.0f/s (raw JDBC autocommit insert %.0f/s, ratio %.2f); "
                                + "batch of 100 %.0f entries/s (raw JDBC batch %.0f/s, ratio %.2f; %.1fx cheaper per entry "
                                + "than single appends); read-all %.0f entries/s; count %.0f/s%n",
                        label, single, raw[0], raw[0] / single, batchRate, raw[1], raw[1] / batchRate,
                        batchRate / single, readRate, countRate);
            }
        }
    }

    /** Raw JDBC with the store's pragmas: autocommit single inserts, then batches of 100 in one transaction. */
    private static double[] raw(Path file, String json) throws Exception {
        try (Connection connection = Sqlite.connect(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
            statement.execute("CREATE TABLE entries (segment_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, "
                    + "ts INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (segment_id, seq))");
            String id = SegmentId.generate().toString();
            long t0;
            double single;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)")) {
                t0 = System.nanoTime();
                for (int i = 0; i < SINGLE; i++) {
                    insert.setString(1, id);
                    insert.setLong(2, i);
                    insert.setString(3, "assistant_item");
                    insert.setLong(4, 2_000);
                    insert.setString(5, json);
                    insert.executeUpdate();
                }
                single = rate(SINGLE, t0);
                String other = SegmentId.generate().toString();
                t0 = System.nanoTime();
                for (int b = 0; b < BATCHES; b++) {
                    connection.setAutoCommit(false);
                    for (int i = 0; i < 100; i++) {
                        insert.setString(1, other);
                        insert.setLong(2, b * 100L + i);
                        insert.setString(3, "assistant_item");
                        insert.setLong(4, 2_000);
                        insert.setString(5, json);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
            return new double[] {single, rate(BATCHES * 100, t0)};
        }
    }

    private static double rate(int operations, long startNanos) {
        return operations / ((System.nanoTime() - startNanos) / 1e9);
    }
}
