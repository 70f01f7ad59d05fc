package dev.segmentlog.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a store opened by URI connects to, and the pool it opens there.
 *
 * <p>The pool (HikariCP) bounds the store's connections to {@code poolSize}, makes a call wait up to
 * {@code poolTimeoutMs} for a free one, checks a connection that sat idle before handing it out
 * (so after a server restart a call gets a new connection, not a dead one) and drops a connection
 * whose statement failed with a connection error.
 *
 * @param host               the server's host name or address
 * @param port               its port
 * @param database           the database
 * @param user               the user to log in as
 * @param password           nullable: the password, when the server asks for one
 * @param schema             the store's schema
 * @param sslMode            the driver's {@code sslmode}, when given (its default is {@code prefer})
 * @param applicationName    what {@code pg_stat_activity} shows for the store's connections
 * @param poolSize           the most connections the store opens
 * @param poolTimeoutMs      how long a call waits for a free connection
 * @param statementTimeoutMs the server's {@code statement_timeout} for the store's connections, 0 for
 *                           the server's own setting
 */
record ConnectionSettings(String host, int port, String database, String user, String password, String schema,
                          Optional<String> sslMode, String applicationName, int poolSize, long poolTimeoutMs,
                          long statementTimeoutMs) {

    /** {@code postgresql://user@host:port/database}: the URI without its password and options. */
    String describe() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "postgresql://" + user + "@" + shownHost + ":" + port + "/" + database;
    }

    /** The store, as messages name it. */
    String where() {
        return "PostgreSQL store " + describe();
    }

    /** Where the statement timeout comes from, for messages. */
    String statementTimeoutNote() {
        return statementTimeoutMs > 0 ? "statement_timeout_ms=" + statementTimeoutMs
                : "the server's statement_timeout; the URI sets none (statement_timeout_ms)";
    }

    /** What bounds the connections, for messages. */
    String poolLimits() {
        return "pool_size=" + poolSize + ", pool_timeout_ms=" + poolTimeoutMs;
    }

    /**
     * Opens the pool, connecting once to fail fast on a wrong address or credentials.
     *
     * @throws dev.segmentlog.spi.BackendException if the first connection fails
     */
    HikariDataSource openPool() {
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setServerNames(new String[] {host});
        server.setPortNumbers(new int[] {port});
        server.setDatabaseName(database);
        server.setUser(user);
        server.setPassword(password);
        server.setApplicationName(applicationName);
        sslMode.ifPresent(server::setSslMode);
        // Keep row values (conversation content) out of the driver's messages.
        server.setLogServerErrorDetail(false);
        if (statementTimeoutMs > 0) {
            server.setOptions("-c statement_timeout=" + statementTimeoutMs);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(server);
        config.setPoolName("segmentlog " + describe());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(poolTimeoutMs);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PostgresErrors(where(), statementTimeoutNote(), poolLimits()).translate(e, "connecting");
        }
    }

    /** The settings without the password. */
    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + ", schema=" + schema + ", " + poolLimits() + "]";
    }
}
