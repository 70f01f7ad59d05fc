package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with a profile and prints every figure of BENCHMARKS.md next to its raw baseline
 * from the same run, their ratio, the target and whether it is met; writes the same as JSON to
 * {@code target/benchmarks-summary.json} (next to the jar).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar quick            # ~5 minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar full             # longer, 2 forks, more iterations
 * java -jar benchmarks/target/benchmarks.jar quick --only Sqlite --no-s3 --prof jfr
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

        Profile(String name, int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
                int s3Warmup, int s3Appends, int s3ReadBatch, int s3ColdReads, int s3WarmReads, int s3Counts,
                long s3CountLarge, int writers, int perWriter) {
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
        }

        static Profile of(String name) {
            switch (name) {
                case "quick":
                    return new Profile("quick", 1, 2, TimeValue.seconds(1), 5, TimeValue.seconds(1),
                            30, 100, 100, 3, 5, 200, 100_000, 8, 250);
                case "full":
                    return new Profile("full", 2, 3, TimeValue.seconds(2), 5, TimeValue.seconds(2),
                            100, 400, 10, 5, 20, 1000, 100_000, 8, 1000);
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
        List<String> profilers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
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
                    System.out.println("usage: java -jar benchmarks.jar [quick|full] [--only REGEX] [--no-s3] [--prof jfr]");
                    return;
                default:
                    profileName = args[i];
            }
        }
        Profile profile = Profile.of(profileName);
        Path home = jarDirectory();
        long started = System.nanoTime();

        Map<String, RunResult> results = runJmh(profile, only, profilers);
        List<Figure> figures = new ArrayList<>(jmhFigures(results));
        if (only == null) {
            figures.addAll(directSqliteFigures(profile));
            figures.add(replayRetention());
        }
        if (s3 && (only == null || "S3".equalsIgnoreCase(only))) {
            figures.addAll(S3Figures.run(profile));
        }
        double minutes = (System.nanoTime() - started) / 60e9;

        String table = table(figures);
        System.out.println();
        System.out.println("# segmentlog benchmarks, profile " + profile.name + " (" + Figure.format(minutes) + " min)");
        System.out.println(machine());
        System.out.println(table);
        System.out.println("Ratios are ours / baseline; errors are JMH 99.9% confidence half-widths (direct "
                + "measurements: medians, no error). The machine is shared: expect ±10–30% between runs.");
        // a partial run (--only, --no-s3) must not overwrite the summary of a whole profile
        boolean whole = only == null && s3;
        Path summary = home.resolve(whole ? "benchmarks-summary.json" : "benchmarks-summary-partial.json");
        writeSummary(summary, profile, figures, results, minutes);
        Files.writeString(home.resolve(whole ? "benchmarks-table.md" : "benchmarks-table-partial.md"), table,
                StandardCharsets.UTF_8);
        System.out.println("summary: " + summary);
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
        if (only != null && "S3".equalsIgnoreCase(only)) {
            return Map.of();
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

    private static Figure.Value value(Map<String, RunResult> results, String key) {
        RunResult run = results.get(key);
        if (run == null) {
            return null;
        }
        Result<?> primary = run.getPrimaryResult();
        return Figure.value(primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
    }

    private static Figure.Value alloc(Map<String, RunResult> results, String key) {
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

    private static Figure.Value scaled(Figure.Value v, double factor, String unit) {
        return Figure.value(v.score() * factor, Double.isNaN(v.error()) ? Double.NaN : v.error() * factor, unit);
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
        if (buffered != null && encodeWrite != null) {
            f.add(Figure.ratio("jsonl.append.buffered", "JSONL append, OS-buffered, end to end", buffered, encodeWrite,
                    "ObjectWriter encode + FileChannel.write", "≤ 1.3×", x -> x <= 1.3, null));
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
        Figure.Value single = value(r, "SqliteAppendBenchmark.storeAppend");
        Figure.Value rawSingle = value(r, "SqliteAppendBenchmark.rawInsert");
        Figure.Value batch = value(r, "SqliteAppendBenchmark.storeAppendBatch100");
        Figure.Value rawBatch = value(r, "SqliteAppendBenchmark.rawInsertBatch100");
        if (single != null && rawSingle != null) {
            f.add(Figure.ratio("sqlite.append", "SQLite single append (WAL, synchronous=NORMAL)", single, rawSingle,
                    "JDBC INSERT, auto-commit, same pragmas and table", "≤ 1.3×", x -> x <= 1.3, null));
        }
        if (batch != null && rawBatch != null) {
            f.add(Figure.ratio("sqlite.batch100", "SQLite batch of 100", batch, rawBatch,
                    "JDBC batch of 100 in one BEGIN IMMEDIATE transaction", "≤ 1.2×", x -> x <= 1.2, null));
        }
        if (batch != null && single != null) {
            Figure.Value perEntry = scaled(batch, 0.01, "us/entry");
            Figure one = Figure.ratio("sqlite.batch.vs.autocommit", "SQLite per entry: single append / batch of 100",
                    single, perEntry, "per entry of a batch of 100", "≥ 10×", x -> x >= 10, "ratio = autocommit "
                            + "cost per entry divided by batch cost per entry");
            f.add(one);
        }
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
            f.add(new Figure("chain.verify", "Chain verification, 10k entries in memory (entries/s)",
                    Figure.value(10_000 / (verify.score() / 1e3), 0, "entries/s"), null, null, null, null, "info", null,
                    "one verify of 10k ~1 KB entries: " + verify.show()));
        }
        Figure.Value replay10k = value(r, "ReplayBenchmark.replay[entries=10000]");
        Figure.Value replay100k = value(r, "ReplayBenchmark.replay[entries=100000]");
        Figure.Value alloc10k = alloc(r, "ReplayBenchmark.replay[entries=10000]");
        Figure.Value alloc100k = alloc(r, "ReplayBenchmark.replay[entries=100000]");
        if (replay10k != null && replay100k != null) {
            Figure.Value per100k = scaled(replay100k, 1e6 / 100_000, "ns/entry");
            Figure.Value per10k = scaled(replay10k, 1e6 / 10_000, "ns/entry");
            String allocNote = alloc100k == null ? null : "allocated per replay of 100k: "
                    + Figure.format(alloc100k.score() / 1e6) + " MB (" + Figure.format(alloc100k.score() / 100_000)
                    + " B/entry); of 10k: " + (alloc10k == null ? "n/a" : Figure.format(alloc10k.score() / 10_000) + " B/entry")
                    + "; time per replay of 100k: " + replay100k.show();
            f.add(Figure.ratio("replay.linear", "Replay time per entry, 100k vs 10k entries", per100k, per10k,
                    "per entry at 10k", "linear (≤ 1.5× per entry)", x -> x <= 1.5, allocNote));
            if (alloc100k != null && alloc10k != null) {
                f.add(Figure.ratio("replay.alloc", "Replay allocation per entry, 100k vs 10k", scaled(alloc100k, 1e-5,
                                "B/entry"), scaled(alloc10k, 1e-4, "B/entry"), "per entry at 10k",
                        "linear (≤ 1.5× per entry)", x -> x <= 1.5, null));
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ direct figures

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
        RestoredState state = Replay.replay(log);
        long withState = usedAfterGc();
        long encoded = 0;
        EntryCodec codec = EntryCodec.standard();
        for (int i = 0; i < 1000; i++) {
            encoded += codec.encode(log.get(i)).length + 1;
        }
        double retainedMb = (withState - withEntries) / 1e6;
        String note = "heap with the 100k entries: " + Figure.format(withEntries / 1e6) + " MB; the state adds "
                + Figure.format(retainedMb) + " MB (" + state.history().size() + " history items, shared with the "
                + "entries); mean encoded entry " + (encoded / 1000) + " B";
        // The state shares the entries' items; what it adds is its lists and what replay derives (the
        // flattened text of each user input). A copy of the log would cost at least the entries' heap again.
        double entriesMb = withEntries / 1e6;
        return new Figure("replay.retained", "Replay of 100k entries: heap kept by the state beyond the entries",
                Figure.value(retainedMb, 0, "MB"), Figure.value(entriesMb, 0, "MB"), "heap held by the 100k entries",
                retainedMb / entriesMb, null, "no copy of the log kept (state < 0.5× the entries' heap)",
                retainedMb < 0.5 * entriesMb, note);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ------------------------------------------------------------------ output

    static String table(List<Figure> figures) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | ours | baseline | ratio | target | met |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            out.append("| ").append(f.name())
                    .append(" | ").append(f.ours() == null ? "" : f.ours().show())
                    .append(" | ").append(f.baseline() == null ? "" : f.baseline().show() + " (" + f.baselineName() + ")")
                    .append(" | ").append(f.ratioText())
                    .append(" | ").append(f.target())
                    .append(" | ").append(f.metText())
                    .append(" |\n");
        }
        StringBuilder notes = new StringBuilder();
        for (Figure f : figures) {
            if (f.note() != null) {
                notes.append("- ").append(f.name()).append(": ").append(f.note()).append('\n');
            }
        }
        if (notes.length() > 0) {
            out.append('\n').append(notes);
        }
        return out.toString();
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        String memory = "";
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            memory = Figure.format(((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize() / (1024.0 * 1024 * 1024))
                    + " GiB RAM, ";
        }
        return "machine: " + rt.availableProcessors() + " CPUs (" + cpuModel() + "), " + memory
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no model name
        }
        return System.getProperty("os.arch");
    }

    private static void writeSummary(Path file, Profile profile, List<Figure> figures, Map<String, RunResult> results,
                                     double minutes) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generated_at", Instant.now().toString());
        root.put("profile", profile.json());
        root.put("minutes", minutes);
        root.put("machine", machine());
        root.put("figures", figures.stream().map(Figure::json).collect(Collectors.toList()));
        Map<String, Object> raw = new LinkedHashMap<>();
        for (Map.Entry<String, RunResult> e : results.entrySet()) {
            Result<?> p = e.getValue().getPrimaryResult();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", p.getScore());
            m.put("error", Double.isNaN(p.getScoreError()) ? null : p.getScoreError());
            m.put("unit", p.getScoreUnit());
            Figure.Value a = alloc(results, e.getKey());
            m.put("alloc_bytes_per_op", a == null ? null : a.score());
            raw.put(e.getKey(), m);
        }
        root.put("jmh", raw);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            AppendFixture.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root);
        }
    }

    /** The directory of the running jar ({@code benchmarks/target}), or the working directory's target. */
    static Path jarDirectory() {
        try {
            Path location = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location.getParent() : location.getParent();
        } catch (Exception e) {
            return Path.of("target").toAbsolutePath();
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
