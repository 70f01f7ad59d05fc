package dev.segmentlog.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CompareTest {
    private static final double THRESHOLD = 0.20;

    private static Figure ratio(String id, double ours, double ourError, double baseline) {
        return Figure.ratio(id, id, Figure.value(ours, ourError, "us/op"), Figure.value(baseline, 0, "us/op"),
                "baseline", "≤ 1.3×", x -> x <= 1.3, null);
    }

    private static Figure count(String id, double value, String unit) {
        return new Figure(id, id, Figure.value(value, 0, unit), null, null, null, null, "≤ 10", value <= 10, null);
    }

    private static JsonNode summary(Figure... figures) {
        return AppendFixture.MAPPER.valueToTree(Map.of("figures", List.of(figures).stream().map(Figure::json).toList()));
    }

    private static Compare.Row only(List<Compare.Row> rows) {
        assertEquals(1, rows.size(), "rows: " + rows);
        return rows.get(0);
    }

    @Test
    void rows_ratioWorseByMoreThanTheThreshold_isARegression() {
        Compare.Row row = only(Compare.rows(summary(ratio("a", 10, 0, 10)), List.of(ratio("a", 12.5, 0, 10)), THRESHOLD));

        assertTrue(row.regression());
        assertEquals("ratio", row.what());
        assertEquals(1.25, row.change(), 1e-9);
    }

    @Test
    void rows_ratioWorseByLessThanTheThreshold_isNoRegression() {
        Compare.Row row = only(Compare.rows(summary(ratio("a", 10, 0, 10)), List.of(ratio("a", 11.5, 0, 10)), THRESHOLD));

        assertFalse(row.regression());
    }

    @Test
    void rows_comparesTheRatioNotTheTimes_soAFasterMachineIsNoImprovement() {
        // both sides twice as fast: the ratio is unchanged
        Compare.Row row = only(Compare.rows(summary(ratio("a", 20, 0, 10)), List.of(ratio("a", 10, 0, 5)), THRESHOLD));

        assertFalse(row.regression());
        assertEquals(1.0, row.change(), 1e-9);
    }

    @Test
    void rows_figureThatImprovesUpwards_regressesWhenItDrops() {
        Figure before = ratio("batch", 100, 0, 10).higherIsBetter();

        assertTrue(only(Compare.rows(summary(before), List.of(ratio("batch", 80, 0, 10).higherIsBetter()), THRESHOLD))
                .regression());
        assertFalse(only(Compare.rows(summary(before), List.of(ratio("batch", 90, 0, 10).higherIsBetter()), THRESHOLD))
                .regression());
        assertFalse(only(Compare.rows(summary(before), List.of(ratio("batch", 200, 0, 10).higherIsBetter()), THRESHOLD))
                .regression());
    }

    @Test
    void rows_figureWithoutARatio_comparedByItsValue() {
        Compare.Row row = only(Compare.rows(summary(count("requests", 10, "req")), List.of(count("requests", 19, "req")),
                THRESHOLD));

        assertTrue(row.regression());
        assertEquals("req", row.what());
    }

    @Test
    void rows_zeroBefore_anyIncreaseIsARegression() {
        Compare.Row row = only(Compare.rows(summary(count("busy", 0, "errors")), List.of(count("busy", 1, "errors")),
                THRESHOLD));

        assertTrue(row.regression());
        assertTrue(Double.isNaN(row.change()));
    }

    @Test
    void rows_figureNotInThePreviousSummary_isNotCompared() {
        assertTrue(Compare.rows(summary(ratio("a", 10, 0, 10)), List.of(ratio("b", 30, 0, 10)), THRESHOLD).isEmpty());
    }

    @Test
    void row_changeWithinTheCombinedErrors_isSaidToBe() {
        Compare.Row noisy = only(Compare.rows(summary(ratio("a", 10, 5, 10)), List.of(ratio("a", 13, 5, 10)), THRESHOLD));
        Compare.Row clear = only(Compare.rows(summary(ratio("a", 10, 0.1, 10)), List.of(ratio("a", 13, 0.1, 10)),
                THRESHOLD));

        assertTrue(noisy.regression());
        assertFalse(noisy.beyondErrors());
        assertTrue(clear.beyondErrors());
        assertTrue(Compare.table(List.of(noisy), THRESHOLD).contains("REGRESSION"));
    }
}
