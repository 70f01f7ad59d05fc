package dev.segmentlog.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the results table: our figure, its raw baseline from the same run, their ratio, and
 * the target of BENCHMARKS.md it is judged against ({@code met} is null for a figure shown for context only).
 * {@code better} says which way is an improvement, for the runner's compare mode: lower for almost every
 * figure (a time or a count, or ours / baseline of times).
 */
record Figure(String id, String name, Value ours, Value baseline, String baselineName, Double ratio,
              Double ratioError, String target, Boolean met, String note, Better better) {

    /** Which way a figure improves. */
    enum Better {
        LOWER, HIGHER
    }

    /** A figure that improves downwards. */
    Figure(String id, String name, Value ours, Value baseline, String baselineName, Double ratio, Double ratioError,
           String target, Boolean met, String note) {
        this(id, name, ours, baseline, baselineName, ratio, ratioError, target, met, note, Better.LOWER);
    }

    /** The same figure, improving upwards (a speed-up factor, a throughput). */
    Figure higherIsBetter() {
        return new Figure(id, name, ours, baseline, baselineName, ratio, ratioError, target, met, note, Better.HIGHER);
    }

    /** A measured value with its error (JMH's 99.9% confidence half-width; 0 when not applicable). */
    record Value(double score, double error, String unit) {
        String show() {
            String s = format(score);
            return error > 0 && !Double.isNaN(error) ? s + " ± " + format(error) + " " + unit : s + " " + unit;
        }

        /** The same value times {@code factor}, in {@code newUnit}. */
        Value scaled(double factor, String newUnit) {
            return new Value(score * factor, Double.isNaN(error) ? Double.NaN : error * factor, newUnit);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", score);
            m.put("error", Double.isNaN(error) ? null : error);
            m.put("unit", unit);
            return m;
        }
    }

    static Value value(double score, double error, String unit) {
        return new Value(score, error, unit);
    }

    /** ours / baseline with the relative errors added in quadrature. */
    static Figure ratio(String id, String name, Value ours, Value baseline, String baselineName, String target,
                        java.util.function.DoublePredicate meets, String note) {
        double r = ours.score() / baseline.score();
        double rel = Math.sqrt(square(relative(ours)) + square(relative(baseline)));
        Boolean met = meets == null ? null : meets.test(r);
        return new Figure(id, name, ours, baseline, baselineName, r, r * rel, target, met, note);
    }

    private static double relative(Value v) {
        return Double.isNaN(v.error()) || v.score() == 0 ? 0 : v.error() / v.score();
    }

    private static double square(double x) {
        return x * x;
    }

    static String format(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", x);
        }
        return String.format(Locale.ROOT, "%.3f", x);
    }

    String ratioText() {
        if (ratio == null) {
            return "";
        }
        // an exact ratio (bytes, counts) shows ± 0: every ratio states its error
        return ratioError == null || Double.isNaN(ratioError) ? format(ratio) + "×"
                : format(ratio) + "× ± " + (ratioError == 0 ? "0" : format(ratioError));
    }

    String metText() {
        return met == null ? "info" : met ? "met" : "NOT met";
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("figure", name);
        m.put("ours", ours == null ? null : ours.json());
        m.put("baseline", baseline == null ? null : baseline.json());
        m.put("baseline_name", baselineName);
        m.put("ratio", ratio);
        m.put("ratio_error", ratioError);
        m.put("target", target);
        m.put("met", met);
        m.put("note", note);
        m.put("better", better.name().toLowerCase(Locale.ROOT));
        return m;
    }
}
