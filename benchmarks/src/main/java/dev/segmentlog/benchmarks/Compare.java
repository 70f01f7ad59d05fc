package dev.segmentlog.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The runner's {@code compare} mode: each figure of this run against the figure of the same id in a
 * previous summary JSON. A figure is compared by its ratio to its baseline when both runs have one (both
 * sides were measured in the same run, so a ratio travels between runs better than a time), else by its own
 * value when the units agree (request and error counts). It is a regression when it moved the wrong way
 * (see {@link Figure.Better}) by more than the threshold: {@code after > before × (1 + t)} for a figure
 * that improves downwards, {@code after < before / (1 + t)} for one that improves upwards. Each row says
 * too whether the change is larger than the two errors combined, which on a noisy machine is the difference
 * between a regression and noise.
 */
final class Compare {

    /** One compared figure; {@code change} is {@code after / before} ({@code NaN} when before is 0). */
    record Row(String id, String name, String what, double before, double beforeError, double after,
               double afterError, double change, boolean regression) {

        boolean beyondErrors() {
            return Math.abs(after - before) > Math.hypot(beforeError, afterError);
        }
    }

    private Compare() {}

    /** The rows of every figure of {@code figures} that {@code previous} (a summary JSON) has too. */
    static List<Row> rows(JsonNode previous, List<Figure> figures, double threshold) {
        Map<String, JsonNode> before = new HashMap<>();
        for (JsonNode figure : previous.path("figures")) {
            before.put(figure.path("id").asString(), figure);
        }
        List<Row> rows = new ArrayList<>();
        for (Figure figure : figures) {
            JsonNode old = before.get(figure.id());
            if (old == null) {
                continue;
            }
            if (figure.ratio() != null && old.hasNonNull("ratio")) {
                rows.add(row(figure, "ratio", old.get("ratio").asDouble(), error(old.get("ratio_error")),
                        figure.ratio(), figure.ratioError() == null ? 0 : figure.ratioError(), threshold));
            } else if (figure.ours() != null && old.path("ours").hasNonNull("score")
                    && figure.ours().unit().equals(old.path("ours").path("unit").asString())) {
                rows.add(row(figure, figure.ours().unit(), old.get("ours").get("score").asDouble(),
                        error(old.get("ours").get("error")), figure.ours().score(), error(figure.ours().error()),
                        threshold));
            }
        }
        return rows;
    }

    private static Row row(Figure figure, String what, double before, double beforeError, double after,
                           double afterError, double threshold) {
        boolean regression = figure.better() == Figure.Better.LOWER
                ? after > before * (1 + threshold)
                : after * (1 + threshold) < before;
        double change = before == 0 ? Double.NaN : after / before;
        return new Row(figure.id(), figure.name(), what, before, beforeError, after, afterError, change, regression);
    }

    private static double error(JsonNode error) {
        return error == null || !error.isNumber() ? 0 : error.asDouble();
    }

    private static double error(double error) {
        return Double.isNaN(error) ? 0 : error;
    }

    /** The rows as a Markdown table, regressions marked. */
    static String table(List<Row> rows, double threshold) {
        StringBuilder out = new StringBuilder();
        out.append("| figure | compared | before | after | after / before | verdict |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            String verdict = row.regression()
                    ? "**REGRESSION** (worse by > " + percent(threshold) + ", "
                            + (row.beyondErrors() ? "beyond" : "within") + " the errors)"
                    : "ok";
            out.append("| ").append(row.name())
                    .append(" | ").append(row.what())
                    .append(" | ").append(show(row.before(), row.beforeError()))
                    .append(" | ").append(show(row.after(), row.afterError()))
                    .append(" | ").append(Double.isNaN(row.change()) ? "n/a" : Figure.format(row.change()) + "×")
                    .append(" | ").append(verdict)
                    .append(" |\n");
        }
        return out.toString();
    }

    /** A threshold as a percentage: {@code 0.2} is "20%". */
    static String percent(double threshold) {
        return String.format(Locale.ROOT, "%.0f%%", threshold * 100);
    }

    private static String show(double value, double error) {
        return error > 0 ? Figure.format(value) + " ± " + Figure.format(error) : Figure.format(value);
    }
}
