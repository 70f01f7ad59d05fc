package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL appends through the port against raw JDBC on the same server ({@link PostgresServer}): one
 * entry appended with {@code ExpectedCount.exactly} against one INSERT in auto-commit, and a batch of 100
 * entries in one conditional append against a JDBC batch of 100 INSERTs in one transaction. The raw side
 * writes into {@link #TABLE}, a table of the store's {@code entries} shape (same columns, same primary key)
 * in a schema of its own; it checks no count and keeps no segment row (the store's append is one statement
 * too: it moves the segment's count row on, checking the count, and inserts the entries). Every side encodes
 * its JSON inside the measured call (the raw ones with a plain ObjectWriter); a fresh segment per iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresAppendBenchmark {
    static final String TABLE = "CREATE TABLE raw.entries (segment_id uuid NOT NULL, seq bigint NOT NULL, "
            + "kind text NOT NULL, ts bigint NOT NULL, json text NOT NULL, PRIMARY KEY (segment_id, seq))";
    static final String INSERT = "INSERT INTO raw.entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)";

    private final AppendFixture fixture = new AppendFixture();
    private final List<StoredEntry> one = List.of(StoredEntry.plain(fixture.entry));
    private final List<LogEntry> batch = Entries.tail(100);
    private final List<StoredEntry> storedBatch = StoredEntry.plain(batch);
    private final List<JsonNode> batchTrees = new ArrayList<>();

    private PostgresServer server;
    private SegmentStore store;
    private Connection autoCommit;
    private Connection transactional;
    private PreparedStatement insert;
    private PreparedStatement transactionalInsert;
    private SegmentId segment;
    private long count;
    private UUID rawSegment;
    private long rawSeq;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws SQLException {
        EntryCodec codec = EntryCodec.standard();
        for (LogEntry entry : batch) {
            batchTrees.add(AppendFixture.READER.readTree(codec.encode(entry)));
        }
        server = PostgresServer.start();
        store = SegmentStores.open(server.storeUri(PostgresServer.SCHEMA));
        autoCommit = server.rawConnection();
        try (Statement create = autoCommit.createStatement()) {
            create.execute("CREATE SCHEMA raw");
            create.execute(TABLE);
        }
        insert = autoCommit.prepareStatement(INSERT);
        transactional = server.rawConnection();
        transactional.setAutoCommit(false);
        transactionalInsert = transactional.prepareStatement(INSERT);
        newSegments();
        WarmUp.run(this, params);
    }

    @Setup(Level.Iteration)
    public void newSegments() throws SQLException {
        segment = SegmentId.generate();
        store.create(segment, List.of(StoredEntry.plain(Entries.start(SessionId.generate()))));
        count = 1;
        rawSegment = SegmentId.generate().value();
        rawSeq = 0;
    }

    @TearDown(Level.Trial)
    public void stop() throws SQLException {
        if (store.count(segment) != count) {
            throw new IllegalStateException("the store holds " + store.count(segment) + " entries, not " + count);
        }
        store.close();
        insert.close();
        transactionalInsert.close();
        autoCommit.close();
        transactional.close();
        server.close();
    }

    /** One entry, appended only if the segment holds exactly the entries this benchmark wrote. */
    @Benchmark
    public void storeAppend() {
        store.append(segment, ExpectedCount.exactly(count), one);
        count++;
    }

    /** A batch of 100 entries in one append, under the same condition. */
    @Benchmark
    public void storeAppendBatch100() {
        store.append(segment, ExpectedCount.exactly(count), storedBatch);
        count += storedBatch.size();
    }

    /** One INSERT in auto-commit, its JSON encoded by a plain ObjectWriter. */
    @Benchmark
    public int rawInsert() throws SQLException {
        bind(insert, rawSeq++, "assistant_item", 42_000, AppendFixture.WRITER.writeValueAsString(fixture.tree));
        return insert.executeUpdate();
    }

    /** 100 INSERTs as one JDBC batch (sent as multi-row INSERTs) in one transaction, then COMMIT. */
    @Benchmark
    public int[] rawInsertBatch100() throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            LogEntry entry = batch.get(i);
            bind(transactionalInsert, rawSeq++, entry.kind().wireName(), entry.ts(),
                    AppendFixture.WRITER.writeValueAsString(batchTrees.get(i)));
            transactionalInsert.addBatch();
        }
        int[] counts = transactionalInsert.executeBatch();
        transactional.commit();
        return counts;
    }

    private void bind(PreparedStatement statement, long seq, String kind, long ts, String json) throws SQLException {
        statement.setObject(1, rawSegment);
        statement.setLong(2, seq);
        statement.setString(3, kind);
        statement.setLong(4, ts);
        statement.setString(5, json);
    }
}
