package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;

/**
 * SQLite appends through the port (WAL) against raw JDBC on a file of its own with the same pragmas and
 * the same {@code entries} table: one entry in auto-commit, and a batch of 100 in one
 * {@code BEGIN IMMEDIATE} transaction. Both sides encode their JSON inside the measured call. A fresh
 * database per iteration. Each at {@code durability=normal} (the store's default,
 * {@code synchronous=NORMAL}: a WAL commit does not sync) and {@code durability=full}
 * ({@code synchronous=FULL}: every commit syncs), where "a batch is cheaper per entry" is meaningful.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqliteAppendBenchmark {
    @Param({"normal", "full"})
    public String durability;

    static final String TABLE = "CREATE TABLE entries (segment_id TEXT NOT NULL, seq INTEGER NOT NULL, "
            + "kind TEXT NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (segment_id, seq))";
    static final String INSERT = "INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)";

    private final AppendFixture fixture = new AppendFixture();
    private final List<LogEntry> batch = Entries.tail(100);
    private final List<JsonNode> batchTrees = new ArrayList<>();

    private Path directory;
    private SegmentStore store;
    private SegmentId segment;
    private Connection connection;
    private PreparedStatement insert;
    private Statement statement;
    private String rawSegment;
    private long rawSeq;

    @Setup(Level.Trial)
    public void trees() {
        EntryCodec codec = EntryCodec.standard();
        for (LogEntry entry : batch) {
            batchTrees.add(AppendFixture.READER.readTree(codec.encode(entry)));
        }
    }

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        directory = Work.newDirectory("sqlite-append");
        store = SegmentStores.open("sqlite:" + directory.resolve("store.db") + "?durability=" + durability);
        segment = SegmentId.generate();
        store.create(segment, List.of(StoredEntry.plain(Entries.start(SessionId.generate()))));
        connection = openRaw(directory.resolve("raw.db"), durability);
        try (Statement create = connection.createStatement()) {
            create.execute(TABLE);
        }
        insert = connection.prepareStatement(INSERT);
        statement = connection.createStatement();
        rawSegment = SegmentId.generate().toString();
        rawSeq = 0;
    }

    /**
     * A raw connection with the pragmas the store uses: WAL, {@code synchronous} as the store's
     * {@code durability} ({@code normal} or {@code full}) sets it, a busy timeout.
     */
    static Connection openRaw(Path file, String durability) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement pragmas = connection.createStatement()) {
            pragmas.execute("PRAGMA journal_mode = WAL");
            pragmas.execute("PRAGMA synchronous = " + durability.toUpperCase(Locale.ROOT));
            pragmas.execute("PRAGMA busy_timeout = 10000");
        }
        return connection;
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
        store.close();
        statement.close();
        insert.close();
        connection.close();
        Work.delete(directory);
    }

    @Benchmark
    public void storeAppend() {
        store.append(segment, fixture.entry);
    }

    @Benchmark
    public void storeAppendBatch100() {
        store.append(segment, ExpectedCount.any(), StoredEntry.plain(batch));
    }

    /** One INSERT in auto-commit, its JSON encoded by a plain ObjectWriter. */
    @Benchmark
    public int rawInsert() throws SQLException {
        bind(rawSeq++, "assistant_item", 42_000, AppendFixture.WRITER.writeValueAsString(fixture.tree));
        return insert.executeUpdate();
    }

    /** 100 INSERTs as one JDBC batch in one BEGIN IMMEDIATE transaction. */
    @Benchmark
    public int[] rawInsertBatch100() throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        for (int i = 0; i < batch.size(); i++) {
            LogEntry entry = batch.get(i);
            bind(rawSeq++, entry.kind().wireName(), entry.ts(), AppendFixture.WRITER.writeValueAsString(batchTrees.get(i)));
            insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        statement.execute("COMMIT");
        return counts;
    }

    private void bind(long seq, String kind, long ts, String json) throws SQLException {
        insert.setString(1, rawSegment);
        insert.setLong(2, seq);
        insert.setString(3, kind);
        insert.setLong(4, ts);
        insert.setString(5, json);
    }
}
