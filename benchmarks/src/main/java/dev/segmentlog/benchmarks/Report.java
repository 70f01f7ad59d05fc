package dev.segmentlog.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** What a run leaves: the results table, the machine line and the summary JSON. */
final class Report {
    private Report() {}

    /** The results table in Markdown, each figure's note below it. */
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

    /** CPUs, memory, OS and JVM of this machine, on one line. */
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

    /** Writes the summary JSON: the profile, every figure, and every raw JMH score with its allocation. */
    static void writeSummary(Path file, BenchmarkMain.Profile profile, List<Figure> figures, Map<String, RunResult> results,
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
            Figure.Value a = BenchmarkMain.alloc(results, e.getKey());
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
}
