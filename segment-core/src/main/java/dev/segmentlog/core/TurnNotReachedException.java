package dev.segmentlog.core;

/**
 * A log was asked to be cut at a turn it never reached. Cutting never falls back silently to the
 * whole log.
 */
public final class TurnNotReachedException extends IllegalArgumentException {
    private final int requestedTurn;
    private final int lastTurn;

    /**
     * @param requestedTurn the turn asked for
     * @param lastTurn      the last turn the log reached (0 when no turn ended)
     */
    public TurnNotReachedException(int requestedTurn, int lastTurn) {
        super("turn " + requestedTurn + " was never reached: the log ends after turn " + lastTurn);
        this.requestedTurn = requestedTurn;
        this.lastTurn = lastTurn;
    }

    /** The turn asked for. */
    public int requestedTurn() {
        return requestedTurn;
    }

    /** The last turn the log reached. */
    public int lastTurn() {
        return lastTurn;
    }
}
