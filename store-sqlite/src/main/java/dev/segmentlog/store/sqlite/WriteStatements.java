package dev.segmentlog.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The write path's few fixed statements as plain JDBC on the write handle's connection, each prepared
 * once. An append runs five of them; through Jdbi each would cost several times its own execution
 * (statement context, argument resolution, cleanup), which made a single append several times
 * slower than a raw insert. Used only under the store's write lock. Every failure is a
 * {@link WriteFailed}, translated at the store's edge.
 */
final class WriteStatements {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    WriteStatements(Connection connection) {
        this.connection = connection;
    }

    /** Runs a statement that returns no rows; returns how many rows it changed. */
    int update(String sql, Object... args) {
        try {
            PreparedStatement statement = prepare(sql, args);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }

    /** The first column of the first row, if there is a row. */
    OptionalLong queryLong(String sql, Object... args) {
        try {
            PreparedStatement statement = prepare(sql, args);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }

    /** Runs one statement once per row of arguments, as one JDBC batch. */
    void batch(String sql, List<Object[]> rows) {
        PreparedStatement statement = null;
        try {
            statement = prepare(sql);
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            if (statement != null) {
                try {
                    statement.clearBatch();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new WriteFailed(e);
        }
    }

    /** Closes the prepared statements; the connection stays open. */
    void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // the connection closes next and finalizes whatever is left
            }
        }
        prepared.clear();
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        bind(statement, args);
        return statement;
    }

    private static void bind(PreparedStatement statement, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }

    /** A failed write statement, carried to the store's edge. */
    static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailed(SQLException cause) {
            super(cause);
        }
    }
}
