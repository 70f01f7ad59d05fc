package dev.segmentlog.store.sqlite;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of one connection for reuse, through Jdbi's extension point for
 * statement caching. The store's reads are a handful of fixed statements run over and over (a count
 * is one), and compiling each anew costs about as much as running it. A statement asked for while its
 * cached twin is still in use gets a fresh, uncached one. One builder per connection, used by one
 * thread at a time.
 */
final class CachingStatementBuilder implements StatementBuilder {
    private static final int CAPACITY = 32;

    /** Creates one builder per connection. */
    static final StatementBuilderFactory FACTORY = connection -> new CachingStatementBuilder();

    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<Statement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());

    private CachingStatementBuilder() {}

    @Override
    public Statement create(Connection connection, StatementContext ctx) throws SQLException {
        return connection.createStatement();
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
        PreparedStatement cached = cache.get(sql);
        if (cached != null && !cached.isClosed() && !inUse.contains(cached)) {
            inUse.add(cached);
            return cached;
        }
        PreparedStatement created = connection.prepareStatement(sql);
        if (cached == null || cached.isClosed()) {
            cache.put(sql, created);
            inUse.add(created);
            evictBeyondCapacity();
        }
        return created;
    }

    @Override
    public CallableStatement createCall(Connection connection, String sql, StatementContext ctx) throws SQLException {
        return connection.prepareCall(sql);
    }

    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
        if (statement == null) {
            return;
        }
        if (inUse.remove(statement) && cache.get(sql) == statement) {
            ((PreparedStatement) statement).clearParameters();
            return;
        }
        statement.close();
    }

    @Override
    public void close(Connection connection) {
        for (PreparedStatement statement : cache.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // the connection closes next, which finalizes whatever is left
            }
        }
        cache.clear();
        inUse.clear();
    }

    private void evictBeyondCapacity() throws SQLException {
        Iterator<Map.Entry<String, PreparedStatement>> eldest = cache.entrySet().iterator();
        while (cache.size() > CAPACITY && eldest.hasNext()) {
            PreparedStatement statement = eldest.next().getValue();
            if (inUse.contains(statement)) {
                continue;
            }
            eldest.remove();
            statement.close();
        }
    }
}
