package dev.segmentlog.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

/**
 * Where the SQLite single-append gap comes from, in plain JDBC with the store's pragmas and its
 * {@code segments} + {@code entries} tables: the statement sequence the store runs per append
 * (BEGIN IMMEDIATE, SELECT count, INSERT, UPDATE count, COMMIT), and the same with the count read
 * and moved by one {@code UPDATE … RETURNING}. Compared with {@code SqliteAppendBenchmark.rawInsert}
 * (one auto-commit INSERT) this splits the store's cost into the SQL it must run and what Jdbi adds.
 * JSON is pre-encoded here: the encoder's cost is the same on every line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqliteStatementsBenchmark {
    private final AppendFixture fixture = new AppendFixture();
    private final String json = new String(fixture.json, java.nio.charset.StandardCharsets.UTF_8);
    private Path directory;
    private Connection connection;
    private Statement statement;
    private PreparedStatement select;
    private PreparedStatement insert;
    private PreparedStatement update;
    private PreparedStatement returning;
    private final String segment = "01900000-0000-7000-8000-000000000001";

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        directory = Work.newDirectory("sqlite-statements");
        connection = SqliteAppendBenchmark.openRaw(directory.resolve("raw.db"), "normal");
        statement = connection.createStatement();
        statement.execute(SqliteAppendBenchmark.TABLE);
        statement.execute("CREATE TABLE segments (segment_id TEXT NOT NULL PRIMARY KEY, session_id TEXT NOT NULL, "
                + "created_at INTEGER NOT NULL, entry_count INTEGER NOT NULL, last_ts INTEGER NOT NULL) WITHOUT ROWID");
        statement.execute("INSERT INTO segments VALUES ('" + segment + "', 's', 0, 0, 0)");
        select = connection.prepareStatement("SELECT entry_count FROM segments WHERE segment_id = ?");
        insert = connection.prepareStatement("INSERT INTO entries (segment_id, seq, kind, ts, json) VALUES (?, ?, ?, ?, ?)");
        update = connection.prepareStatement(
                "UPDATE segments SET entry_count = ?, last_ts = ? WHERE segment_id = ? AND entry_count = ?");
        returning = connection.prepareStatement(
                "UPDATE segments SET entry_count = entry_count + 1, last_ts = ? WHERE segment_id = ? RETURNING entry_count");
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
        for (Statement s : new Statement[] {select, insert, update, returning, statement}) {
            s.close();
        }
        connection.close();
        Work.delete(directory);
    }

    /** The store's five statements, in plain JDBC. */
    @Benchmark
    public int storeSequence() throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        select.setString(1, segment);
        long count;
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        insertAt(count);
        update.setLong(1, count + 1);
        update.setLong(2, 42_000);
        update.setString(3, segment);
        update.setLong(4, count);
        int n = update.executeUpdate();
        statement.execute("COMMIT");
        return n;
    }

    /** Four statements: the count read and moved by one UPDATE … RETURNING. */
    @Benchmark
    public long returningSequence() throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        returning.setLong(1, 42_000);
        returning.setString(2, segment);
        long count;
        try (ResultSet rs = returning.executeQuery()) {
            rs.next();
            count = rs.getLong(1) - 1;
        }
        insertAt(count);
        statement.execute("COMMIT");
        return count;
    }

    private void insertAt(long seq) throws SQLException {
        insert.setString(1, segment);
        insert.setLong(2, seq);
        insert.setString(3, "assistant_item");
        insert.setLong(4, 42_000);
        insert.setString(5, json);
        insert.executeUpdate();
    }
}
