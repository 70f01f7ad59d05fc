package dev.segmentlog.store.postgres;

import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared contract, run against the embedded server, every capability supported. The clauses
 * of this class share one schema; each opens its own store (and pool) on it, as a process would,
 * and a second instance is one more store with a pool of its own on the same schema.
 *
 * <p>Beneath the store is the schema, reached with plain JDBC: a rewritten entry is its row's
 * {@code json} column, set with {@code convert_from(bytes, 'UTF8')}, so the server refuses what a
 * {@code text} column cannot hold (ill-formed UTF-8, NUL: SQLSTATE 22021) and no store on it can ever
 * read such bytes; a snapshot is, per table of the schema, its row count and the MD5 of its rows'
 * text. A create is one transaction, which a crash cannot leave half done, so there is no torn create to
 * stage ({@code TORN_CREATE} is not enabled). The read-only hook opens the URI with
 * {@code SegmentStores.openReadOnly} ({@code mode=ro}).
 */
class PostgresSegmentStoreConformanceTest extends SegmentStoreConformanceTest {
    private static final String SCHEMA = EmbeddedServer.freshSchema();
    private static final String URI = EmbeddedServer.shared().uri(SCHEMA, "pool_size=8");
    /** SQLSTATE character_not_in_repertoire: the bytes are not text in the database's encoding. */
    private static final String NOT_TEXT = "22021";

    @Override
    protected SegmentStore openStore() {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return SegmentStores.open(URI);
    }

    @Override
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        return SegmentStores.openReadOnly(URI);
    }

    @Override
    protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
        try (Connection connection = EmbeddedServer.shared().dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE " + SCHEMA
                     + ".entries SET json = convert_from(?, 'UTF8') WHERE segment_id = ?::uuid AND seq = ?")) {
            update.setBytes(1, stored);
            update.setString(2, segment.toString());
            update.setLong(3, position);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no entry " + position + " of segment " + segment + " in " + SCHEMA);
            }
            return true;
        } catch (SQLException e) {
            if (NOT_TEXT.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot rewrite entry " + position + " of segment " + segment, e);
        }
    }

    @Override
    protected Object storageSnapshot(SegmentStore store) {
        Map<String, String> tables = new TreeMap<>();
        try (Connection connection = EmbeddedServer.shared().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + SCHEMA + "'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, "
                        + "E'\\n' ORDER BY t::text)), '-') FROM " + SCHEMA + ".\"" + name + "\" t")) {
                    rs.next();
                    tables.put(name, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take a snapshot of schema " + SCHEMA, e);
        }
        return tables;
    }
}
