package dev.segmentlog.store.postgres;

import dev.segmentlog.spi.BackendException;
import java.util.List;
import org.jdbi.v3.core.Handle;

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
    static int inspect(Handle handle, String schema, int latest, String where) {
        List<String> relations = handle.createQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                        + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                        + "ORDER BY c.relname")
                .bind(0, schema)
                .mapTo(String.class)
                .list();
        if (!relations.contains(VERSION_TABLE)) {
            if (!relations.isEmpty()) {
                throw new BackendException(where + ": schema " + schema + " already holds tables " + relations
                        + " that are not a segmentlog store (it has no " + VERSION_TABLE + " table); choose another "
                        + "schema with the schema option. Nothing was changed", null);
            }
            return 0;
        }
        int version = handle.createQuery("SELECT coalesce(max(version), 0) FROM " + quote(schema) + "." + VERSION_TABLE)
                .mapTo(Integer.class)
                .one();
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
    static int migrate(Handle handle, String schema, List<Migration> migrations, String where) {
        handle.createQuery("SELECT 1 FROM pg_advisory_xact_lock(?, ?)")
                .bind(0, LOCK_CLASS)
                .bind(1, schema.hashCode())
                .mapTo(Integer.class)
                .one();
        String quoted = quote(schema);
        int version = inspect(handle, schema, migrations.size(), where);
        if (version == 0) {
            // A schema an administrator created for the store, empty, is used as it is: creating it
            // anew would need the CREATE privilege on the database.
            boolean exists = handle.createQuery("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")
                    .bind(0, schema)
                    .mapTo(Boolean.class)
                    .one();
            if (!exists) {
                handle.execute("CREATE SCHEMA " + quoted);
            }
            handle.execute("CREATE TABLE " + quoted + "." + VERSION_TABLE + " (version integer NOT NULL PRIMARY KEY, "
                    + "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        for (int step = version; step < migrations.size(); step++) {
            Migration migration = migrations.get(step);
            for (String statement : migration.statements()) {
                handle.execute(statement.replace("{schema}", quoted));
            }
            handle.createUpdate("INSERT INTO " + quoted + "." + VERSION_TABLE + " (version, description) VALUES (?, ?)")
                    .bind(0, step + 1)
                    .bind(1, migration.description())
                    .execute();
        }
        return version;
    }

    private static String quote(String schema) {
        return "\"" + schema + "\"";
    }
}
