package dev.segmentlog.store.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where in the database a {@link PostgresSegmentStore} keeps its tables.
 *
 * @param schema the schema holding the store's tables: a lowercase SQL identifier (letters, digits
 *               and {@code _}, at most 63 characters, not starting with a digit or {@code pg_}).
 *               Stores opened on the same database with different schemas are independent.
 */
public record PostgresOptions(String schema) {

    /** The schema when none is given. */
    public static final String DEFAULT_SCHEMA = "segmentlog";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * @throws NullPointerException     if {@code schema} is null
     * @throws IllegalArgumentException if {@code schema} is not a lowercase SQL identifier, or names a
     *                                  system schema ({@code pg_…})
     */
    public PostgresOptions {
        Objects.requireNonNull(schema, "schema");
        if (!IDENTIFIER.matcher(schema).matches() || schema.startsWith("pg_")) {
            throw new IllegalArgumentException("schema '" + schema + "' is not a usable schema name: use lowercase "
                    + "letters, digits and _ (at most 63, not starting with a digit or pg_), e.g. " + DEFAULT_SCHEMA);
        }
    }

    /** The options of a store in the {@link #DEFAULT_SCHEMA}. */
    public static PostgresOptions defaults() {
        return new PostgresOptions(DEFAULT_SCHEMA);
    }
}
