package dev.segmentlog.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.StoreException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The clauses of the group "close" ({@link SegmentStoreConformanceTest.Close}). */
abstract class CloseClauses extends Clauses {

    CloseClauses(SegmentStoreConformanceTest kit) {
        super(kit);
    }

    @Test
    @DisplayName("[C-CLOSE-01] closing twice is harmless")
    void C_CLOSE_01_closeTwice() {
        store().close();
        assertDoesNotThrow(store()::close, "a second close");
    }

    @Test
    @DisplayName("[C-CLOSE-02] calls on a closed store fail with a StoreException")
    void C_CLOSE_02_closedStoreFails() {
        SegmentId segment = SegmentId.generate();
        store().create(segment, StoredEntry.plain(List.of(fx.plainStart(SessionId.generate()))));
        store().close();
        assertAll(
                () -> assertThrows(StoreException.class, () -> store().append(segment, fx.marker("late")), "append after close"),
                () -> assertThrows(StoreException.class, () -> store().readAll(segment), "readAll after close"));
    }
}
