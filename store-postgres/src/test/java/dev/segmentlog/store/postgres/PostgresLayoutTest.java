package dev.segmentlog.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the tables hold, and what a page costs the server. */
class PostgresLayoutTest {
    private final Fixtures fixtures = new Fixtures();

    private static final EmbeddedServer SERVER = EmbeddedServer.shared();
    private static final Pattern ACTUAL_ROWS = Pattern.compile("actual time=[0-9.]+\\.\\.[0-9.]+ rows=([0-9.]+)");

    private final String schema = EmbeddedServer.freshSchema();

    @Test
    void aChainedEntry_isStoredAsTheCodecsLineByteForByte_whichJsonbWouldNotKeep() throws SQLException {
        SegmentId segment = SegmentId.generate();
        List<StoredEntry> chained = HashChain.link(null, List.of(fixtures.plainStart(SessionId.generate()),
                fixtures.marker("zebra before apple: keys in the codec's order, not sorted")));
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, chained);
        }

        List<String> stored = column("SELECT json FROM " + schema + ".entries WHERE segment_id = '" + segment
                + "' ORDER BY seq");
        List<String> asJsonb = column("SELECT json::jsonb::text FROM " + schema + ".entries WHERE segment_id = '"
                + segment + "' ORDER BY seq");

        for (int i = 0; i < chained.size(); i++) {
            assertEquals(new String(EntryCodec.standard().encode(chained.get(i)), StandardCharsets.UTF_8), stored.get(i));
            assertNotEquals(stored.get(i), asJsonb.get(i), "jsonb keeps the JSON's meaning, not its bytes");
        }
        assertEquals(List.of(chained.get(1).hash().hex()), column("SELECT head_hash FROM " + schema
                + ".segments WHERE segment_id = '" + segment + "'"));
    }

    @Test
    void anAppendedLine_isStoredAsItsUtf8Bytes_whichGetBytesOfTheTextColumnGivesBack() throws SQLException {
        SegmentId segment = SegmentId.generate();
        StoredEntry appended = StoredEntry.plain(List.of(fixtures.marker(Fixtures.UNICODE))).get(0);
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(SessionId.generate()))));
            store.append(segment, ExpectedCount.exactly(1), List.of(appended));
        }

        byte[] line = EntryCodec.standard().encode(appended);
        try (Connection connection = SERVER.dataSource().getConnection(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT json, octet_length(json) FROM " + schema + ".entries "
                     + "WHERE segment_id = '" + segment + "' AND seq = 1")) {
            assertTrue(rs.next());
            assertArrayEquals(line, rs.getBytes(1));
            assertEquals(line.length, rs.getInt(2));
            assertEquals(new String(line, StandardCharsets.UTF_8), rs.getString(1));
        }
    }

    @Test
    void aReadPage_scansOnlyThePagesEntries_wherever_itStarts() throws SQLException {
        SegmentId segment = SegmentId.generate();
        List<LogEntry> entries = new ArrayList<>();
        entries.add(fixtures.plainStart(SessionId.generate()));
        for (int i = 1; i < 5_000; i++) {
            entries.add(fixtures.marker("m" + i));
        }
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            store.create(segment, StoredEntry.plain(entries));
        }
        // The statistics a live database has (autovacuum analyzes a table that grew): on a table never
        // analyzed the planner guesses how many rows match, and a guess of a few may sort them instead.
        SERVER.execute("ANALYZE " + schema + ".entries");
        String page = new Statements(schema).readPage.replaceFirst("\\?", "2500").replaceFirst("\\?", "10")
                .replaceFirst("\\?", "'" + segment + "'");

        List<String> plan = explain(page);

        String entriesScan = plan.stream().filter(line -> line.contains(" on entries")).findFirst().orElseThrow();
        assertTrue(entriesScan.contains("Index Scan using entries_pkey"), String.join("\n", plan));
        assertTrue(actualRows(entriesScan) <= 10, String.join("\n", plan));
    }

    @Test
    void aListingPage_readsItsIdsOffAnIndex_andStopsAfterThePage() throws SQLException {
        SessionId session = SessionId.generate();
        List<SegmentId> segments = new ArrayList<>();
        try (SegmentStore store = SegmentStores.open(SERVER.uri(schema))) {
            for (int i = 0; i < 200; i++) {
                SegmentId segment = SegmentId.generate();
                store.create(segment, StoredEntry.plain(List.of(fixtures.plainStart(i % 2 == 0 ? session : SessionId.generate()))));
                segments.add(segment);
            }
        }
        Statements sql = new Statements(schema);
        String cursor = "'" + segments.get(150) + "'";
        List<String> listings = List.of(
                sql.listSegmentsAfter.replaceFirst("\\?", cursor).replaceFirst("\\?", "6"),
                sql.listSessionsAfter.replaceFirst("\\?", "'" + session + "'").replaceFirst("\\?", "6"),
                sql.listSessionSegmentsAfter.replaceFirst("\\?", "'" + session + "'").replaceFirst("\\?", cursor)
                        .replaceFirst("\\?", "6"));

        for (String listing : listings) {
            List<String> plan = explain(listing);
            String scan = plan.stream().filter(line -> line.contains(" on segments")).findFirst().orElseThrow();
            assertTrue(scan.contains("Index"), String.join("\n", plan));
            assertTrue(actualRows(scan) <= 2 * 6, "a session holds two segments at most here\n" + String.join("\n", plan));
        }
    }

    /**
     * The plan of a statement with sequential scans ruled out: the question is whether an index range
     * that stops at the page exists, not which plan a tiny test table gets.
     */
    private List<String> explain(String statement) throws SQLException {
        try (Connection connection = SERVER.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET enable_seqscan = off");
            List<String> plan = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("EXPLAIN ANALYZE " + statement)) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
            return plan;
        }
    }

    private static double actualRows(String planLine) {
        Matcher rows = ACTUAL_ROWS.matcher(planLine);
        assertTrue(rows.find(), planLine);
        return Double.parseDouble(rows.group(1));
    }

    private List<String> column(String query) throws SQLException {
        try (Connection connection = SERVER.dataSource().getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
