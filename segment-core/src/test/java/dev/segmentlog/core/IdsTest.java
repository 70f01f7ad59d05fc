package dev.segmentlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @Test
    void generate_mintsVersion7RfcVariantUuids() {
        SegmentId id = SegmentId.generate();
        assertEquals(7, id.value().version());
        assertEquals(2, id.value().variant());
    }

    @Test
    void generate_manyInOneMillisecond_isStrictlyIncreasingInStringAndCompareOrder() {
        List<SegmentId> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(SegmentId.generate());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "compare order at " + i);
            assertTrue(ids.get(i - 1).toString().compareTo(ids.get(i).toString()) < 0, "string order at " + i);
        }
    }

    @Test
    void generate_sessionAndSegmentIdsShareOneMonotonicClock() {
        SessionId first = SessionId.generate();
        SegmentId second = SegmentId.generate();
        assertTrue(first.toString().compareTo(second.toString()) < 0);
    }

    @Test
    void compareTo_ordersUnsignedSoHighBitIdsComeLast() {
        SegmentId low = SegmentId.parse("7fffffff-ffff-7fff-bfff-ffffffffffff");
        SegmentId high = SegmentId.parse("80000000-0000-7000-8000-000000000000");
        assertTrue(low.compareTo(high) < 0);
    }

    @Test
    void parse_canonicalForm_roundTripsToLowercase() {
        SegmentId id = SegmentId.parse("0190ABCD-0000-7000-8000-00000000000F");
        assertEquals("0190abcd-0000-7000-8000-00000000000f", id.toString());
        assertEquals(id, SegmentId.parse(id.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0190abcd", "../../etc/passwd", "0190abcd-0000-7000-8000-00000000000",
            "0190abcd-0000-7000-8000-00000000000fa", "0190abcd+0000-7000-8000-00000000000f",
            "0190abcd-0000-7000-8000-00000000000g", "{0190abcd-0000-7000-8000-00000000000f}",
            "1-1-1-1-1", "0190abcd-0000-7000-8000-00000000/../"})
    void parse_anythingButTheCanonicalForm_isRejectedWithTheExpectedShape(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SegmentId.parse(text));
        assertTrue(error.getMessage().contains("canonical form"), error.getMessage());
    }

    @Test
    void parse_null_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> SessionId.parse(null));
    }

    @Test
    void ofLegacySegment_isTheSegmentsOwnUuid() {
        SegmentId segment = SegmentId.generate();
        assertEquals(segment.value(), SessionId.ofLegacySegment(segment).value());
    }
}
