package dev.segmentlog.benchmarks;

import static dev.segmentlog.benchmarks.BenchmarkMain.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * The PostgreSQL figures (issue #16), from {@link PostgresAppendBenchmark}, {@link PostgresRestoreBenchmark}
 * and {@link PostgresCountBenchmark}: each against plain JDBC on the same embedded server.
 */
final class PostgresFigures {
    private PostgresFigures() {}

    static List<Figure> from(Map<String, RunResult> r) {
        List<Figure> f = new ArrayList<>();
        Figure.Value single = value(r, "PostgresAppendBenchmark.storeAppend");
        Figure.Value rawSingle = value(r, "PostgresAppendBenchmark.rawInsert");
        Figure.Value batch = value(r, "PostgresAppendBenchmark.storeAppendBatch100");
        Figure.Value rawBatch = value(r, "PostgresAppendBenchmark.rawInsertBatch100");
        if (single != null && rawSingle != null) {
            f.add(Figure.ratio("postgres.append", "PostgreSQL single append, ExpectedCount exact", single, rawSingle,
                    "JDBC INSERT in auto-commit into a table of the entries' shape", "≤ 1.5×", x -> x <= 1.5, null));
        }
        if (batch != null && rawBatch != null) {
            f.add(Figure.ratio("postgres.batch100", "PostgreSQL batch of 100 in one append, ExpectedCount exact", batch,
                    rawBatch, "JDBC batch of 100 INSERTs (rewritten multi-row) in one transaction", "≤ 1.2×",
                    x -> x <= 1.2, null));
        }
        f.addAll(reads(r));
        return f;
    }

    private static List<Figure> reads(Map<String, RunResult> r) {
        List<Figure> f = new ArrayList<>();
        Figure.Value restore = value(r, "PostgresRestoreBenchmark.restore");
        Figure.Value rawRestore = value(r, "PostgresRestoreBenchmark.rawSelectAndParse");
        Figure.Value count = value(r, "PostgresCountBenchmark.count");
        Figure.Value info = value(r, "PostgresCountBenchmark.info");
        Figure.Value rawCount = value(r, "PostgresCountBenchmark.rawSelectCount");
        Figure.Value rawCountEntries = value(r, "PostgresCountBenchmark.rawCountEntries");
        if (restore != null && rawRestore != null) {
            f.add(Figure.ratio("restore.postgres.1k", "PostgreSQL restore of "
                            + Figure.format(PostgresRestoreBenchmark.TURNS) + " turns", restore, rawRestore,
                    "one SELECT of the store's rows + ObjectReader.readTree of each row's bytes into the history",
                    "≤ 1.2×", x -> x <= 1.2, null));
        }
        String entries = Figure.format(PostgresCountBenchmark.ENTRIES);
        if (count != null && rawCount != null) {
            f.add(Figure.ratio("postgres.count", "PostgreSQL count of a segment of " + entries + " entries", count,
                    rawCount, "the same SELECT of the segment's row by key in JDBC", "≤ 1.2×", x -> x <= 1.2, null));
        }
        if (info != null && rawCount != null) {
            f.add(Figure.ratio("postgres.info", "PostgreSQL info of a segment of " + entries + " entries", info,
                    rawCount, "SELECT entry_count of the segment's row by key in JDBC", "info", null,
                    "info reads every column of the same row and builds a SegmentInfo"));
        }
        if (count != null && rawCountEntries != null) {
            f.add(Figure.ratio("postgres.count.vs.entries", "PostgreSQL count vs counting the entries (" + entries
                            + ")", count, rawCountEntries, "JDBC SELECT count(*) of the segment's entries (index-only "
                            + "scan)", "info", null, "what keeping the count in the segment's row saves"));
        }
        return f;
    }
}
