package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.codec.EntryCodec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import tools.jackson.databind.JsonNode;

/**
 * Runs the benchmarks with a profile and prints every figure of BENCHMARKS.md next to its raw baseline
 * from the same run, their ratio with its error, the target and whether it is met; writes the same as JSON
 * to {@code target/benchmarks-summary.json} (next to the jar). With {@code compare PREVIOUS.json} it then
 * compares each figure with the previous summary's and exits with status 3 if one regressed ({@link Compare}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar quick            # a few minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar full             # longer, 2 forks, more iterations
 * java -jar benchmarks/target/benchmarks.jar quick --only Sqlite --no-s3 --prof jfr
 * java -jar benchmarks/target/benchmarks.jar quick --only Postgres   # starts its own PostgreSQL server
 * java -jar benchmarks/target/benchmarks.jar compare before.json quick --only Restore
 * </pre>
 */
public final class BenchmarkMain {

    /** How long and how often each figure is measured. */
    static final class Profile {
        final String name;
        final int forks;
        final int warmups;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;
        final int s3Warmup;
        final int s3Appends;
        final int s3ReadBatch;
        final int s3ColdReads;
        final int s3WarmReads;
        final int s3Counts;
        final long s3CountLarge;
        final int writers;
        final int perWriter;
        final int diskTurns;

        Profile(String name, int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
                int s3Warmup, int s3Appends, int s3ReadBatch, int s3ColdReads, int s3WarmReads, int s3Counts,
                long s3CountLarge, int writers, int perWriter, int diskTurns) {
            this.name = name;
            this.forks = forks;
            this.warmups = warmups;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
            this.s3Warmup = s3Warmup;
            this.s3Appends = s3Appends;
            this.s3ReadBatch = s3ReadBatch;
            this.s3ColdReads = s3ColdReads;
            this.s3WarmReads = s3WarmReads;
            this.s3Counts = s3Counts;
            this.s3CountLarge = s3CountLarge;
            this.writers = writers;
            this.perWriter = perWriter;
            this.diskTurns = diskTurns;
        }

        static Profile of(String name) {
            switch (name) {
                case "quick":
                    return new Profile("quick", 1, 2, TimeValue.seconds(1), 5, TimeValue.seconds(1),
                            30, 100, 100, 3, 5, 200, 100_000, 8, 250, 1_000);
                case "full":
                    return new Profile("full", 2, 3, TimeValue.seconds(2), 5, TimeValue.seconds(2),
                            100, 400, 10, 5, 20, 1000, 100_000, 8, 1000, 10_000);
                default:
                    throw new IllegalArgumentException("unknown profile '" + name + "': use quick or full");
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("forks", forks);
            m.put("warmup_iterations", warmups);
            m.put("warmup_time", warmupTime.toString());
            m.put("measurement_iterations", iterations);
            m.put("measurement_time", iterationTime.toString());
            return m;
        }
    }

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        String profileName = "quick";
        String only = null;
        boolean s3 = true;
        Path previous = null;
        double threshold = 0.20;
        List<String> profilers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "compare":
                    previous = Path.of(args[++i]);
                    break;
                case "--threshold":
                    threshold = Double.parseDouble(args[++i]) / 100;
                    break;
                case "--only":
                    only = args[++i];
                    break;
                case "--no-s3":
                    s3 = false;
                    break;
                case "--prof":
                    profilers.add(args[++i]);
                    break;
                case "-h":
                case "--help":
                    System.out.println("usage: java -jar benchmarks.jar [compare PREVIOUS-SUMMARY.json] [quick|full] "
                            + "[--only REGEX] [--no-s3] [--prof jfr] [--threshold PERCENT]");
                    return;
                default:
                    profileName = args[i];
            }
        }
        Profile profile = Profile.of(profileName);
        // read before running: this run may write its own summary over the same file
        JsonNode before = previous == null ? null : AppendFixture.READER.readTree(Files.readAllBytes(previous));
        Path home = Report.jarDirectory();
        long started = System.nanoTime();

        Map<String, RunResult> results = runJmh(profile, only, profilers);
        List<Figure> figures = new ArrayList<>(jmhFigures(results));
        figures.addAll(directFigures(profile, only, s3));
        double minutes = (System.nanoTime() - started) / 60e9;

        String table = Report.table(figures);
        System.out.println();
        System.out.println("# segmentlog benchmarks, profile " + profile.name + " (" + Figure.format(minutes) + " min)");
        System.out.println(Report.machine());
        System.out.println(table);
        System.out.println("Ratios are ours / baseline, their errors the relative errors of both added in quadrature; "
                + "errors are JMH 99.9% confidence half-widths, for direct measurements the half-width of the median's "
                + "95% confidence interval; bytes and request counts are exact (± 0). The machine is shared: expect "
                + "±10–30% between runs.");
        // a partial run (--only, --no-s3) must not overwrite the summary of a whole profile
        boolean whole = only == null && s3;
        Path summary = home.resolve(whole ? "benchmarks-summary.json" : "benchmarks-summary-partial.json");
        Report.writeSummary(summary, profile, figures, results, minutes);
        Files.writeString(home.resolve(whole ? "benchmarks-table.md" : "benchmarks-table-partial.md"), table,
                StandardCharsets.UTF_8);
        System.out.println("summary: " + summary);
        if (before != null) {
            List<Compare.Row> rows = Compare.rows(before, figures, threshold);
            long regressions = rows.stream().filter(Compare.Row::regression).count();
            System.out.println();
            System.out.println("# compared with " + previous + " (" + before.path("generated_at").asString() + ", profile "
                    + before.path("profile").path("name").asString() + "): " + rows.size() + " figures, " + regressions
                    + " regressed by more than " + Compare.percent(threshold));
            System.out.println(Compare.table(rows, threshold));
            if (regressions > 0) {
                System.exit(3);
            }
        }
    }

    // ------------------------------------------------------------------ JMH

    private static Map<String, RunResult> runJmh(Profile profile, String only, List<String> profilers)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(only == null ? BenchmarkMain.class.getPackageName() + "\\..*Benchmark\\..*" : only)
                .forks(profile.forks)
                .warmupIterations(profile.warmups)
                .warmupTime(profile.warmupTime)
                .measurementIterations(profile.iterations)
                .measurementTime(profile.iterationTime)
                .jvmArgsAppend("-Xms2g", "-Xmx2g")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        for (String profiler : profilers) {
            if ("jfr".equals(profiler)) {
                options.addProfiler(org.openjdk.jmh.profile.JavaFlightRecorderProfiler.class);
            } else {
                throw new IllegalArgumentException("only --prof jfr is wired in; use JMH's own main for others");
            }
        }
        if (only != null && BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(System.out,
                VerboseMode.SILENT), List.of(only), List.of()).isEmpty()) {
            return Map.of(); // --only names direct figures alone
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        Map<String, RunResult> byKey = new TreeMap<>();
        for (RunResult run : runs) {
            byKey.put(key(run), run);
        }
        return byKey;
    }

    /** "Class.method" or "Class.method[param=value,…]". */
    static String key(RunResult run) {
        String benchmark = run.getParams().getBenchmark();
        String[] parts = benchmark.split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        Collection<String> keys = run.getParams().getParamsKeys();
        if (keys.isEmpty()) {
            return name;
        }
        return name + keys.stream().map(k -> k + "=" + run.getParams().getParam(k))
                .collect(Collectors.joining(",", "[", "]"));
    }

    static Figure.Value value(Map<String, RunResult> results, String key) {
        RunResult run = results.get(key);
        if (run == null) {
            return null;
        }
        Result<?> primary = run.getPrimaryResult();
        return Figure.value(primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
    }

    static Figure.Value alloc(Map<String, RunResult> results, String key) {
        RunResult run = results.get(key);
        if (run == null) {
            return null;
        }
        for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                Result<?> r = secondary.getValue();
                return Figure.value(r.getScore(), r.getScoreError(), r.getScoreUnit());
            }
        }
        return null;
    }

    private static List<Figure> jmhFigures(Map<String, RunResult> r) {
        List<Figure> f = new ArrayList<>();
        Figure.Value buffered = value(r, "JsonlAppendBenchmark.append[durability=buffered]");
        Figure.Value fsync = value(r, "JsonlAppendBenchmark.append[durability=fsync]");
        Figure.Value write = value(r, "RawFileAppendBenchmark.writeSameBytes");
        Figure.Value writeForce = value(r, "RawFileAppendBenchmark.writeSameBytesForce");
        Figure.Value encodeWrite = value(r, "RawFileAppendBenchmark.encodeAndWrite");
        Figure.Value encodeWriteForce = value(r, "RawFileAppendBenchmark.encodeAndWriteForce");
        Figure.Value encodeRaw = value(r, "RawFileAppendBenchmark.encodeRaw");
        Figure.Value encodeCodec = value(r, "RawFileAppendBenchmark.encodeCodec");
        Figure.Value encodeLockWrite = value(r, "RawFileAppendBenchmark.encodeLockAndWrite");
        Figure.Value writerTurn = value(r, "JsonlTurnBenchmark.writerTurn");
        Figure.Value lockedRawTurn = value(r, "JsonlTurnBenchmark.lockedRawTurn");
        if (buffered != null && encodeLockWrite != null) {
            f.add(Figure.ratio("jsonl.append.buffered.locked", "JSONL append, OS-buffered, vs a locked raw append",
                    buffered, encodeLockWrite, "ObjectWriter encode + write under FileChannel.lock of a lock file's byte",
                    "≤ 1.3×", x -> x <= 1.3, null));
        }
        if (buffered != null && encodeWrite != null) {
            f.add(Figure.ratio("jsonl.append.buffered", "JSONL append, OS-buffered, end to end", buffered, encodeWrite,
                    "ObjectWriter encode + FileChannel.write (no lock)", "info", null, null));
        }
        if (writerTurn != null && lockedRawTurn != null) {
            f.add(Figure.ratio("jsonl.turn", "JSONL turn through SegmentWriter (saveUserInput, saveDelta, saveTurnEnd)",
                    writerTurn, lockedRawTurn, "the same five lines in three writes, each under FileChannel.lock", "≤ 2×",
                    x -> x <= 2.0, null));
        }
        if (buffered != null && write != null) {
            f.add(Figure.ratio("jsonl.append.buffered.bytes", "JSONL append, OS-buffered, vs the write alone", buffered,
                    write, "FileChannel.write of the same bytes (no encoding)", "info", null, null));
        }
        if (fsync != null && encodeWriteForce != null) {
            f.add(Figure.ratio("jsonl.append.fsync", "JSONL append, durable (force per append)", fsync,
                    encodeWriteForce, "ObjectWriter encode + write + force(false)", "≤ 1.1×", x -> x <= 1.1, null));
        }
        if (fsync != null && writeForce != null) {
            f.add(Figure.ratio("jsonl.append.fsync.bytes", "JSONL append, durable, vs write + force alone", fsync,
                    writeForce, "write of the same bytes + force(false)", "info", null, null));
        }
        if (encodeCodec != null && encodeRaw != null) {
            f.add(Figure.ratio("codec.encode", "Encode one entry: EntryCodec vs ObjectWriter", encodeCodec, encodeRaw,
                    "ObjectWriter over the entry's JSON tree", "info", null, null));
        }
        for (String store : List.of("jsonl", "sqlite")) {
            Figure.Value small = value(r, "CountBenchmark.count[entries=1000,store=" + store + "]");
            Figure.Value large = value(r, "CountBenchmark.count[entries=100000,store=" + store + "]");
            if (small != null && large != null) {
                f.add(Figure.ratio(store + ".count", (store.equals("jsonl") ? "JSONL" : "SQLite")
                                + " entry count, 100k vs 1k entries", large, small, "the same at 1k entries", "≤ 2×",
                        x -> x <= 2.0, null));
            }
        }
        Figure.Value readReplay = value(r, "ReadReplayBenchmark.readAllAndReplay[entries=10000]");
        Figure.Value readOnly = value(r, "ReadReplayBenchmark.readAll[entries=10000]");
        Figure.Value rawParse = value(r, "ReadReplayBenchmark.rawSplitAndParse[entries=10000]");
        if (readReplay != null && rawParse != null) {
            f.add(Figure.ratio("jsonl.readall.replay", "JSONL read-all + replay, 10k entries", readReplay, rawParse,
                    "read file + split lines + ObjectReader.readTree each", "≤ 1.3×", x -> x <= 1.3, null));
        }
        if (readOnly != null && rawParse != null) {
            f.add(Figure.ratio("jsonl.readall", "JSONL read-all alone (typed decode), 10k entries", readOnly, rawParse,
                    "read file + split lines + ObjectReader.readTree each", "info", null, null));
        }
        Figure.Value single = value(r, "SqliteAppendBenchmark.storeAppend[durability=normal]");
        Figure.Value rawSingle = value(r, "SqliteAppendBenchmark.rawInsert[durability=normal]");
        Figure.Value batch = value(r, "SqliteAppendBenchmark.storeAppendBatch100[durability=normal]");
        Figure.Value rawBatch = value(r, "SqliteAppendBenchmark.rawInsertBatch100[durability=normal]");
        if (single != null && rawSingle != null) {
            f.add(Figure.ratio("sqlite.append", "SQLite single append (WAL, synchronous=NORMAL)", single, rawSingle,
                    "JDBC INSERT, auto-commit, same pragmas and table", "≤ 1.3×", x -> x <= 1.3, null));
        }
        if (batch != null && rawBatch != null) {
            f.add(Figure.ratio("sqlite.batch100", "SQLite batch of 100", batch, rawBatch,
                    "JDBC batch of 100 in one BEGIN IMMEDIATE transaction", "≤ 1.2×", x -> x <= 1.2, null));
        }
        f.addAll(batchVersusAutocommit(r, "normal", ""));
        f.addAll(batchVersusAutocommit(r, "full", ".full"));
        Figure.Value storeSeq = value(r, "SqliteStatementsBenchmark.storeSequence");
        Figure.Value returningSeq = value(r, "SqliteStatementsBenchmark.returningSequence");
        if (single != null && storeSeq != null) {
            f.add(Figure.ratio("sqlite.append.decomposed", "SQLite append vs its own 5 statements in plain JDBC",
                    single, storeSeq, "BEGIN IMMEDIATE, SELECT, INSERT, UPDATE, COMMIT in JDBC", "info", null,
                    "what Jdbi and the store add on top of the SQL they run"));
        }
        if (storeSeq != null && rawSingle != null) {
            f.add(Figure.ratio("sqlite.sequence.vs.insert", "SQLite: the store's 5 statements vs 1 INSERT (plain JDBC)",
                    storeSeq, rawSingle, "JDBC INSERT, auto-commit", "info", null,
                    "the cost of the design's count row and explicit IMMEDIATE transaction"));
        }
        if (returningSeq != null && storeSeq != null) {
            f.add(Figure.ratio("sqlite.sequence.returning", "SQLite: 4 statements with UPDATE … RETURNING vs the 5",
                    returningSeq, storeSeq, "the store's 5 statements in JDBC", "info", null,
                    "the effect of the recommended adapter change"));
        }
        for (String store : List.of("jsonl", "sqlite")) {
            Figure.Value plain = value(r, "ChainBenchmark.append[chain=plain,store=" + store + "]");
            Figure.Value chained = value(r, "ChainBenchmark.append[chain=chained,store=" + store + "]");
            if (plain != null && chained != null) {
                f.add(Figure.ratio("chain.append." + store, (store.equals("jsonl") ? "JSONL" : "SQLite")
                                + " writer append, hash chain on vs off", chained, plain,
                        "the same SegmentWriter append on a plain segment", "≤ 1.2×", x -> x <= 1.2, null));
            }
        }
        Figure.Value verify = value(r, "ChainVerifyBenchmark.verify10k");
        if (verify != null) {
            double perSecond = 10_000 / (verify.score() / 1e3);
            f.add(new Figure("chain.verify", "Chain verification, 10k entries in memory (entries/s)",
                    Figure.value(perSecond, perSecond * verify.error() / verify.score(), "entries/s"), null, null, null,
                    null, "info", null, "one verify of 10k ~1 KB entries: " + verify.show()).higherIsBetter());
        }
        Figure.Value replay10k = value(r, "ReplayBenchmark.replay[entries=10000]");
        Figure.Value replay100k = value(r, "ReplayBenchmark.replay[entries=100000]");
        Figure.Value alloc10k = alloc(r, "ReplayBenchmark.replay[entries=10000]");
        Figure.Value alloc100k = alloc(r, "ReplayBenchmark.replay[entries=100000]");
        if (replay10k != null && replay100k != null) {
            Figure.Value per100k = replay100k.scaled(1e6 / 100_000, "ns/entry");
            Figure.Value per10k = replay10k.scaled(1e6 / 10_000, "ns/entry");
            String allocNote = alloc100k == null ? null : "allocated per replay of 100k: "
                    + Figure.format(alloc100k.score() / 1e6) + " MB (" + Figure.format(alloc100k.score() / 100_000)
                    + " B/entry); of 10k: " + (alloc10k == null ? "n/a" : Figure.format(alloc10k.score() / 10_000) + " B/entry")
                    + "; time per replay of 100k: " + replay100k.show();
            f.add(Figure.ratio("replay.linear", "Replay time per entry, 100k vs 10k entries", per100k, per10k,
                    "per entry at 10k", "linear (≤ 1.5× per entry)", x -> x <= 1.5, allocNote));
            if (alloc100k != null && alloc10k != null) {
                f.add(Figure.ratio("replay.alloc", "Replay allocation per entry, 100k vs 10k",
                        alloc100k.scaled(1e-5, "B/entry"), alloc10k.scaled(1e-4, "B/entry"), "per entry at 10k",
                        "linear (≤ 1.5× per entry)", x -> x <= 1.5, null));
            }
        }
        f.addAll(restoreFigures(r));
        f.addAll(PostgresFigures.from(r));
        return f;
    }

    /**
     * "A batch is ≥ 10× cheaper per entry than autocommit" at one durability: the store's single append over
     * its per-entry cost in a batch of 100, and raw JDBC's own ratio at the same durability for context.
     */
    private static List<Figure> batchVersusAutocommit(Map<String, RunResult> r, String durability, String idSuffix) {
        List<Figure> f = new ArrayList<>();
        String params = "[durability=" + durability + "]";
        Figure.Value single = value(r, "SqliteAppendBenchmark.storeAppend" + params);
        Figure.Value batch = value(r, "SqliteAppendBenchmark.storeAppendBatch100" + params);
        Figure.Value rawSingle = value(r, "SqliteAppendBenchmark.rawInsert" + params);
        Figure.Value rawBatch = value(r, "SqliteAppendBenchmark.rawInsertBatch100" + params);
        if (single != null && batch != null) {
            f.add(Figure.ratio("sqlite.batch.vs.autocommit" + idSuffix, "SQLite per entry: single append / batch of "
                            + "100, durability=" + durability, single, batch.scaled(0.01, "us/entry"),
                    "per entry of a batch of 100", "≥ 10×", x -> x >= 10, "ratio = autocommit cost per entry divided "
                            + "by batch cost per entry").higherIsBetter());
        }
        if (rawSingle != null && rawBatch != null) {
            f.add(Figure.ratio("sqlite.raw.batch.vs.autocommit" + idSuffix, "Raw JDBC per entry: INSERT in auto-commit / "
                            + "batch of 100, durability=" + durability, rawSingle, rawBatch.scaled(0.01, "us/entry"),
                    "per entry of a raw batch of 100", "info", null, "what SQLite itself allows at this durability")
                    .higherIsBetter());
        }
        return f;
    }

    /** Restore of a long conversation against the hand-written read + parse (issue #19). */
    private static List<Figure> restoreFigures(Map<String, RunResult> r) {
        List<Figure> f = new ArrayList<>();
        for (String store : List.of("jsonl", "sqlite")) {
            for (int turns : new int[] {1_000, 10_000}) {
                String params = "[store=" + store + ",turns=" + turns + "]";
                Figure.Value ours = value(r, "RestoreBenchmark.restore" + params);
                Figure.Value raw = value(r, "RestoreBenchmark.rawReadAndParse" + params);
                if (ours != null && raw != null) {
                    f.add(Figure.ratio("restore." + store + "." + turns / 1000 + "k", (store.equals("jsonl") ? "JSONL"
                                    : "SQLite") + " restore of " + Figure.format(turns) + " turns", ours, raw,
                            store.equals("jsonl") ? "readAllBytes of the lines + ObjectReader.readTree each into the "
                                    + "history" : "one SELECT of a plain table + ObjectReader.readTree of each row's "
                                    + "bytes into the history", "≤ 1.2×", x -> x <= 1.2, null));
                }
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ direct figures

    /** The figures the runner measures itself: each group runs when {@code --only} is absent or finds its name. */
    private static List<Figure> directFigures(Profile profile, String only, boolean s3) throws Exception {
        List<Figure> f = new ArrayList<>();
        if (selects(only, "SqliteWriters")) {
            f.addAll(directSqliteFigures(profile));
        }
        if (selects(only, "ReplayRetention")) {
            f.add(replayRetention());
        }
        if (selects(only, "SqliteDiskSize")) {
            System.out.println("# SQLite bytes on disk after " + profile.diskTurns + " turns");
            f.add(SqliteDiskSize.measure(profile.diskTurns));
        }
        if (s3 && selects(only, "S3")) {
            f.addAll(S3Figures.run(profile));
        }
        return f;
    }

    private static boolean selects(String only, String group) {
        return only == null || Pattern.compile(only).matcher(group).find();
    }

    private static List<Figure> directSqliteFigures(Profile profile) throws InterruptedException {
        System.out.println("# SQLite: " + profile.writers + " concurrent writers, " + profile.perWriter + " appends each");
        SqliteConcurrency.run(1, 50, true); // warm the driver and the JIT
        SqliteConcurrency.Result alone = SqliteConcurrency.run(1, profile.writers * profile.perWriter, true);
        SqliteConcurrency.Result shared = SqliteConcurrency.run(profile.writers, profile.perWriter, true);
        SqliteConcurrency.Result separate = SqliteConcurrency.run(profile.writers, profile.perWriter, false);
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("sqlite.writers8.shared", "SQLite 8 concurrent writers, one store: SQLITE_BUSY surfaced",
                Figure.value(shared.busy(), 0, "errors"), null, null, null, null, "0", shared.busy() == 0
                && shared.otherFailures() == 0, shared.appended() + " appends, other failures " + shared.otherFailures()
                + "; " + Figure.format(shared.microsPerEntry()) + " µs/append wall vs " + Figure.format(alone.microsPerEntry())
                + " µs for 1 writer alone"));
        f.add(new Figure("sqlite.writers8.stores", "SQLite 8 concurrent writers, 8 stores (connections) on one file: "
                + "SQLITE_BUSY surfaced", Figure.value(separate.busy(), 0, "errors"), null, null, null, null, "0",
                separate.busy() == 0 && separate.otherFailures() == 0, separate.appended() + " appends, other failures "
                + separate.otherFailures() + "; " + Figure.format(separate.microsPerEntry()) + " µs/append wall"));
        return f;
    }

    /**
     * What a replay of 100k entries keeps: heap in use with the entries held, then with the entries
     * and the state held. The state should cost little beyond the list that holds its history.
     */
    private static Figure replayRetention() {
        List<LogEntry> log = List.copyOf(Entries.segment(SessionId.generate(), 100_000));
        long withEntries = usedAfterGc();
        // three replays, each measured while its state is the only one held: the median and half the range
        double[] retained = new double[3];
        int historyItems = 0;
        for (int i = 0; i < retained.length; i++) {
            RestoredState state = Replay.replay(log);
            retained[i] = (usedAfterGc() - withEntries) / 1e6;
            historyItems = state.history().size(); // keeps the state reachable until it was measured
        }
        Arrays.sort(retained);
        double retainedMb = retained[1];
        long encoded = 0;
        EntryCodec codec = EntryCodec.standard();
        for (int i = 0; i < 1000; i++) {
            encoded += codec.encode(log.get(i)).length + 1;
        }
        String note = "heap with the 100k entries: " + Figure.format(withEntries / 1e6) + " MB; the state adds "
                + Figure.format(retainedMb) + " MB (" + historyItems + " history items, shared with the "
                + "entries); mean encoded entry " + (encoded / 1000) + " B";
        // The state shares the entries' items; what it adds is its lists and what replay derives (the
        // flattened text of each user input). A copy of the log would cost at least the entries' heap again.
        double entriesMb = withEntries / 1e6;
        return Figure.ratio("replay.retained", "Replay of 100k entries: heap kept by the state beyond the entries",
                Figure.value(retainedMb, (retained[2] - retained[0]) / 2, "MB"), Figure.value(entriesMb, 0, "MB"),
                "heap held by the 100k entries", "no copy of the log kept (state < 0.5× the entries' heap)",
                x -> x < 0.5, note);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
