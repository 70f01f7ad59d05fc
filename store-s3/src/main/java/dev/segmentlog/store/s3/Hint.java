package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hint object of a segment: the packs that hold its entries from position 0 on, and the ts of
 * the last packed entry. Advisory only: a missing, stale or unreadable hint costs requests (the
 * reader probes commits from an earlier position), never correctness, because the commit objects
 * stay the source of truth. Text, one line per fact:
 * <pre>
 * segmentlog-s3-hint 1
 * last_ts 1700000000000
 * pack 00000000000000000000 00000000000000000032 1 8190
 * </pre>
 * A pack line holds its start, end, level and body size in bytes (hints written before sizes were
 * recorded have no size: such packs are read, but never merged again).
 */
record Hint(List<Piece> packs, long lastTs) {
    private static final String MAGIC = "segmentlog-s3-hint 1";

    Hint {
        packs = List.copyOf(packs);
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder(MAGIC).append('\n').append("last_ts ").append(lastTs).append('\n');
        for (Piece pack : packs) {
            text.append("pack ").append(Keys.pad(pack.start())).append(' ').append(Keys.pad(pack.end()))
                    .append(' ').append(pack.level()).append(' ').append(pack.bytes()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The hint, or empty when the text is not a well-formed hint of contiguous packs from 0. */
    static Optional<Hint> decode(byte[] body, SegmentId segment, Keys keys) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || !MAGIC.equals(lines[0]) || !lines[1].startsWith("last_ts ")) {
            return Optional.empty();
        }
        try {
            long lastTs = Long.parseLong(lines[1].substring("last_ts ".length()));
            List<Piece> packs = new ArrayList<>();
            long expectedStart = 0;
            for (int i = 2; i < lines.length; i++) {
                String[] parts = lines[i].split(" ");
                if ((parts.length != 4 && parts.length != 5) || !"pack".equals(parts[0])) {
                    return Optional.empty();
                }
                Optional<Long> start = Keys.position(parts[1]);
                Optional<Long> end = Keys.position(parts[2]);
                int level = Integer.parseInt(parts[3]);
                long bytes = parts.length == 5 ? Long.parseLong(parts[4]) : -1;
                if (start.isEmpty() || end.isEmpty() || start.get() != expectedStart || end.get() <= start.get()
                        || level < 0 || bytes < -1) {
                    return Optional.empty();
                }
                packs.add(new Piece(start.get(), end.get(), level, keys.pack(segment, start.get(), end.get()), bytes));
                expectedStart = end.get();
            }
            return Optional.of(new Hint(packs, lastTs));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
