package dev.segmentlog.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Raw JDBC access to a store file, to look behind the adapter's back. */
final class Sqlite {
    private Sqlite() {}

    /**
     * The SQL condition that picks the rows of segment {@code id} in {@code entries} or {@code trace},
     * which are keyed by the segment's integer key.
     */
    static String ofSegment(Object id) {
        return "segment_key = (SELECT segment_key FROM segments WHERE segment_id = '" + id + "')";
    }

    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    static long queryLong(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getLong(1);
        }
    }

    static String queryString(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getString(1);
        }
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
