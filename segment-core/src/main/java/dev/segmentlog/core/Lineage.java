package dev.segmentlog.core;

import java.util.List;

/** The rules for cutting a segment's log where a fork or compaction branches off. */
public final class Lineage {

    private Lineage() {}

    /**
     * The prefix of {@code entries} that ends at turn {@code turn}: for N &gt; 0, up to and including
     * the first {@code turn_end} whose turn count is N; for 0, up to and including the leading
     * {@code segment_start}, before anything else happened.
     *
     * @param entries a segment's entries, in order
     * @param turn    the turn to cut at
     * @return an immutable copy of the prefix
     * @throws IllegalArgumentException if {@code turn} is negative
     * @throws TurnNotReachedException  if no {@code turn_end} has that turn count
     * @throws NullPointerException     if {@code entries} is or holds null
     */
    public static List<LogEntry> cutAtTurn(List<? extends LogEntry> entries, int turn) {
        return List.copyOf(entries.subList(0, cutIndex(entries, turn)));
    }

    /**
     * How many leading entries {@link #cutAtTurn(List, int)} keeps.
     *
     * @throws IllegalArgumentException if {@code turn} is negative
     * @throws TurnNotReachedException  if no {@code turn_end} has that turn count
     */
    public static int cutIndex(List<? extends LogEntry> entries, int turn) {
        if (turn < 0) {
            throw new IllegalArgumentException("turn must not be negative: " + turn);
        }
        if (turn == 0) {
            int index = 0;
            while (index < entries.size() && entries.get(index) instanceof LogEntry.SegmentStart) {
                index++;
            }
            return index;
        }
        int lastTurn = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof LogEntry.TurnEnd end) {
                if (end.turnCount() == turn) {
                    return i + 1;
                }
                lastTurn = end.turnCount();
            }
        }
        throw new TurnNotReachedException(turn, lastTurn);
    }

    /**
     * The first {@code count} entries: a cut at an entry rather than at a turn boundary, as the
     * hash-chained session log's fork at a hash did.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1 (the {@code segment_start}
     *                                  is always kept) or more than the log holds
     * @throws NullPointerException     if {@code entries} is or holds null
     */
    public static List<LogEntry> cutAtEntry(List<? extends LogEntry> entries, long count) {
        if (count < 1 || count > entries.size()) {
            throw new IllegalArgumentException("cannot cut a log of " + entries.size() + " entries after entry "
                    + count + ": the cut keeps between 1 and " + entries.size() + " entries");
        }
        return List.copyOf(entries.subList(0, (int) count));
    }
}
