package dev.segmentlog.store.postgres;

import dev.segmentlog.spi.BackendException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a store and how to bring a schema up to them.
 *
 * <p>The version is the highest row of {@code segmentlog_version} (one row per migration applied,
 * with its description and time). {@link #MIGRATIONS} is append-only: a later release adds a
 * migration, and every older schema is brought up to date on open. The whole migration is one
 * transaction (PostgreSQL's DDL is transactional: a failed step leaves nothing behind) holding a
 * transaction-level advisory lock keyed by the schema name, so processes opening the same schema at
 * once migrate it once: the others wait for the lock, then find it up to date.
 */
final class Schema {

    /** "SGLG": the first key of the advisory lock; the second is the schema name's hash. */
    static final int LOCK_CLASS = 0x53474C47;

    /** The table that records the version. */
    static final String VERSION_TABLE = "segmentlog_version";

    /**
     * Migration {@code i} takes a schema from version {@code i} to {@code i + 1}; {@code {schema}}
     * stands for the quoted schema name.
     *
     * <p>{@code segments} is updated by every append (count, last ts, head hash), none of them an
     * indexed column: with free room in the page ({@code fillfactor = 80}) the update stays on the
     * page (a HOT update) and leaves the indexes alone. {@code entries} holds the codec's JSON as
     * {@code text}: exactly the bytes written are read back, which the hash chain needs ({@code jsonb}
     * would reorder keys and drop whitespace and duplicates). {@code trace} orders a segment's trace
     * by an identity column, so concurrent trace writers never collide on a position.
     */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration("segments, entries and trace", List.of(
                    """
                    CREATE TABLE {schema}.segments (
                        segment_id             uuid    NOT NULL PRIMARY KEY,
                        session_id             uuid    NOT NULL,
                        created_at             bigint  NOT NULL,
                        forked_from_segment    uuid,
                        forked_from_turn       integer,
                        forked_from_entry      bigint,
                        forked_from_hash       text,
                        compacted_from_segment uuid,
                        compacted_from_turn    integer,
                        compacted_from_entry   bigint,
                        compacted_from_hash    text,
                        entry_count            bigint  NOT NULL,
                        last_ts                bigint  NOT NULL,
                        head_hash              text
                    ) WITH (fillfactor = 80)""",
                    "CREATE INDEX segments_by_session ON {schema}.segments (session_id, segment_id)",
                    """
                    CREATE TABLE {schema}.entries (
                        segment_id uuid   NOT NULL,
                        seq        bigint NOT NULL,
                        kind       text   NOT NULL,
                        ts         bigint NOT NULL,
                        json       text   NOT NULL,
                        PRIMARY KEY (segment_id, seq)
                    )""",
                    """
                    CREATE TABLE {schema}.trace (
                        segment_id uuid   NOT NULL,
                        seq        bigint GENERATED ALWAYS AS IDENTITY,
                        ts         bigint NOT NULL,
                        json       text   NOT NULL,
                        PRIMARY KEY (segment_id, seq)
                    )""")));

    private Schema() {}

    /** One step of the schema's history. */
    record Migration(String description, List<String> statements) {
        Migration {
            statements = List.copyOf(statements);
        }
    }

    /**
     * Reads what {@code schema} holds without changing anything, and refuses a schema that is not a
     * store's. A schema is a store's when it has the {@link #VERSION_TABLE}, or holds no table or view
     * at all (or does not exist yet): a schema holding another application's tables is not written to.
     *
     * @param latest the version this release writes
     * @return the schema's version, 0 when it holds no store yet
     * @throws BackendException if the schema holds tables or views but no {@link #VERSION_TABLE}, or
     *                          has a version newer than {@code latest}
     */
    static int inspect(Connection connection, String schema, int latest, String where) throws SQLException {
        List<String> relations = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                + "ORDER BY c.relname")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    relations.add(rs.getString(1));
                }
            }
        }
        if (!relations.contains(VERSION_TABLE)) {
            if (!relations.isEmpty()) {
                throw new BackendException(where + ": schema " + schema + " already holds tables " + relations
                        + " that are not a segmentlog store (it has no " + VERSION_TABLE + " table); choose another "
                        + "schema with the schema option. Nothing was changed", null);
            }
            return 0;
        }
        int version;
        try (Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("SELECT coalesce(max(version), 0) FROM " + quote(schema) + "."
                     + VERSION_TABLE)) {
            rs.next();
            version = rs.getInt(1);
        }
        if (version > latest) {
            throw new BackendException(where + ": schema " + schema + " has segmentlog schema version " + version
                    + ", newer than this release understands (up to " + latest + "); open it with a newer "
                    + "segmentlog release. Nothing was changed", null);
        }
        return version;
    }

    /**
     * Brings {@code schema} up to the last of {@code migrations} (creating the schema if needed), or
     * refuses it as {@link #inspect} does. Runs in the caller's transaction, after taking the schema's
     * advisory lock, so processes opening a schema at once migrate it once.
     *
     * @return the version the schema had before
     * @throws BackendException as {@link #inspect}
     */
    static int migrate(Connection connection, String schema, List<Migration> migrations, String where)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, schema.hashCode());
            lock.executeQuery().close();
        }
        String quoted = quote(schema);
        int version = inspect(connection, schema, migrations.size(), where);
        try (Statement ddl = connection.createStatement()) {
            if (version == 0) {
                // A schema an administrator created for the store, empty, is used as it is: creating
                // it anew would need the CREATE privilege on the database.
                boolean exists;
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
                    query.setString(1, schema);
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        exists = rs.getBoolean(1);
                    }
                }
                if (!exists) {
                    ddl.execute("CREATE SCHEMA " + quoted);
                }
                ddl.execute("CREATE TABLE " + quoted + "." + VERSION_TABLE + " (version integer NOT NULL PRIMARY KEY, "
                        + "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            for (int step = version; step < migrations.size(); step++) {
                Migration migration = migrations.get(step);
                for (String statement : migration.statements()) {
                    ddl.execute(statement.replace("{schema}", quoted));
                }
                try (PreparedStatement applied = connection.prepareStatement("INSERT INTO " + quoted + "."
                        + VERSION_TABLE + " (version, description) VALUES (?, ?)")) {
                    applied.setInt(1, step + 1);
                    applied.setString(2, migration.description());
                    applied.executeUpdate();
                }
            }
        }
        return version;
    }

    private static String quote(String schema) {
        return "\"" + schema + "\"";
    }
}
