package dev.segmentlog.benchmarks;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code count} and {@code info} of a PostgreSQL segment of {@value #ENTRIES} entries against plain JDBC on
 * the same server ({@link PostgresServer}): the same one-row {@code SELECT entry_count} of the segment's row
 * by key, and, for context, a {@code count(*)} of the segment's entries (an index-only scan: what a table
 * of entries without a segment row would need). Every call runs in auto-commit, one statement. The store is
 * a fresh instance on the written schema, as a process opening an existing log would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresCountBenchmark {
    static final int ENTRIES = 100_000;

    private PostgresServer server;
    private SegmentStore store;
    private SegmentId segment;
    private Connection raw;
    private PreparedStatement selectCount;
    private PreparedStatement countEntries;

    @Setup(Level.Trial)
    public void fill(BenchmarkParams params) throws SQLException {
        server = PostgresServer.start();
        String uri = server.storeUri(PostgresServer.SCHEMA);
        segment = SegmentId.generate();
        try (SegmentStore writer = SegmentStores.open(uri)) {
            writer.create(segment, StoredEntry.plain(Entries.segment(SessionId.generate(), ENTRIES)));
        }
        raw = server.rawConnection();
        PostgresServer.vacuumAnalyze(raw);
        store = SegmentStores.open(uri);
        String schema = PostgresServer.SCHEMA;
        selectCount = raw.prepareStatement("SELECT entry_count FROM " + schema + ".segments WHERE segment_id = ?");
        countEntries = raw.prepareStatement("SELECT count(*) FROM " + schema + ".entries WHERE segment_id = ?");
        if (count() != ENTRIES || info().entryCount() != ENTRIES || rawSelectCount() != ENTRIES
                || rawCountEntries() != ENTRIES) {
            throw new IllegalStateException("the counts disagree: the store " + count() + ", the segment's row "
                    + rawSelectCount() + ", the entries " + rawCountEntries() + "; expected " + ENTRIES);
        }
        WarmUp.run(this, params);
    }

    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        store.close();
        selectCount.close();
        countEntries.close();
        raw.close();
        server.close();
    }

    /** The store's count: the segment's row by key. */
    @Benchmark
    public long count() {
        return store.count(segment);
    }

    /** The store's info: the same row, every column, as a {@link SegmentInfo}. */
    @Benchmark
    public SegmentInfo info() {
        return store.info(segment);
    }

    /** The same statement as the store's count, in plain JDBC. */
    @Benchmark
    public long rawSelectCount() throws SQLException {
        return single(selectCount);
    }

    /** Counting without a segment row: an index-only count of the segment's entries. */
    @Benchmark
    public long rawCountEntries() throws SQLException {
        return single(countEntries);
    }

    private long single(PreparedStatement select) throws SQLException {
        select.setObject(1, segment.value());
        try (ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
