package dev.segmentlog.core;

import static dev.segmentlog.core.Fixtures.assistant;
import static dev.segmentlog.core.Fixtures.start;
import static dev.segmentlog.core.Fixtures.turnEnd;
import static dev.segmentlog.core.Fixtures.userInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineageTest {
    private final List<LogEntry> log = List.of(start("p"), userInput("one"), assistant("1"), turnEnd(1),
            userInput("two"), assistant("2"), turnEnd(2), userInput("three"));

    @Test
    void cutAtTurn0_keepsOnlyTheSegmentStart() {
        assertEquals(log.subList(0, 1), Lineage.cutAtTurn(log, 0));
    }

    @Test
    void cutAtTurnN_keepsEverythingUpToAndIncludingThatTurnEnd() {
        assertEquals(log.subList(0, 4), Lineage.cutAtTurn(log, 1));
        assertEquals(log.subList(0, 7), Lineage.cutAtTurn(log, 2));
    }

    @Test
    void cutAtTurn_replaysToTheStateAfterThatTurn() {
        RestoredState state = Replay.replay(Lineage.cutAtTurn(log, 1));
        assertEquals(1, state.turnCount());
        assertEquals(List.of(HistoryItem.user("one"), HistoryItem.assistant("1")), state.history());
    }

    @Test
    void cutAtTurn_neverReached_isAnErrorNamingTheLastTurn() {
        TurnNotReachedException error = assertThrows(TurnNotReachedException.class, () -> Lineage.cutAtTurn(log, 3));
        assertEquals(3, error.requestedTurn());
        assertEquals(2, error.lastTurn());
    }

    @Test
    void cutAtTurn_onALogWithoutTurns_isAnErrorForAnyTurnButZero() {
        List<LogEntry> fresh = List.of(start("p"), userInput("pending"));
        assertEquals(1, Lineage.cutIndex(fresh, 0));
        assertThrows(TurnNotReachedException.class, () -> Lineage.cutAtTurn(fresh, 1));
    }

    @Test
    void cutAtTurn_negative_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Lineage.cutAtTurn(log, -1));
    }

    @Test
    void cutAtTurn_returnsAnImmutableCopy() {
        assertThrows(UnsupportedOperationException.class, () -> Lineage.cutAtTurn(log, 1).clear());
    }
}
