package dev.segmentlog.benchmarks;

import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * Restoring a long conversation from PostgreSQL, as {@link RestoreBenchmark} does for JSONL and SQLite:
 * {@code new SegmentLog(store).restore(segment)} of {@link Entries#conversation} at {@value #TURNS} turns,
 * against {@link RawRestore} running one {@code SELECT json … WHERE segment_id = ? ORDER BY seq} in plain
 * JDBC over the store's own rows on the same server ({@link PostgresServer}) and parsing each row's bytes
 * into the same history. The store is a fresh instance on the written schema, as after a restart; both
 * sides read in auto-commit (a statement is a snapshot) with the rows in the server's buffers: the figure
 * is round trips and CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PostgresRestoreBenchmark {
    static final int TURNS = 1_000;

    private PostgresServer server;
    private SegmentStore store;
    private SegmentLog log;
    private SegmentId segment;
    private Connection raw;
    private PreparedStatement select;

    @Setup(Level.Trial)
    public void fill(BenchmarkParams params) throws SQLException {
        server = PostgresServer.start();
        String uri = server.storeUri(PostgresServer.SCHEMA);
        segment = SegmentId.generate();
        try (SegmentStore writer = SegmentStores.open(uri)) {
            writer.create(segment, StoredEntry.plain(Entries.conversation(SessionId.generate(), TURNS)));
        }
        raw = server.rawConnection();
        PostgresServer.vacuumAnalyze(raw);
        store = SegmentStores.open(uri);
        log = new SegmentLog(store);
        select = raw.prepareStatement("SELECT json FROM " + PostgresServer.SCHEMA + ".entries WHERE segment_id = ? "
                + "ORDER BY seq");
        RestoredState restored = restore();
        RawRestore.Conversation parsed = rawSelectAndParse();
        if (!parsed.history().equals(restored.history()) || parsed.turnCount() != restored.turnCount()
                || !parsed.systemPrompt().equals(restored.systemPrompt()) || parsed.turnCount() != TURNS) {
            throw new IllegalStateException("the baseline does not restore what segmentlog restores");
        }
        WarmUp.run(this, params);
    }

    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        store.close();
        select.close();
        raw.close();
        server.close();
    }

    /** segmentlog: the store's pages (one statement each), the codec's decode and replay. */
    @Benchmark
    public RestoredState restore() {
        return log.restore(segment);
    }

    /** The hand-written baseline: one SELECT of the same rows' JSON, a Jackson parse of each row's bytes. */
    @Benchmark
    public RawRestore.Conversation rawSelectAndParse() throws SQLException {
        return RawRestore.fromTable(select, segment.value());
    }
}
