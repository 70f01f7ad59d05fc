package dev.segmentlog.integration.chat;

import dev.segmentlog.core.RawJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which of a conversation's history items the framework's current message list holds, in the
 * list's order: the payload of a window extension entry,
 * {@code {"ranges":[[from,to],...],"end":n}}. Ranges are half-open ranges of history item indices
 * (the items a replay of the segment yields); {@code end} is the number of items when the window
 * was recorded, and items added after it (by another tool writing the segment) belong to the
 * window too.
 *
 * @param ranges the ranges, in the list's order
 * @param end    the number of history items when it was recorded
 */
record Window(List<Range> ranges, long end) {

    /** @param from the first item @param to one past the last item */
    record Range(long from, long to) {}

    /** The window of a conversation that never dropped a message: every item. */
    static final Window ALL = new Window(List.of(), 0);

    Window {
        ranges = List.copyOf(ranges);
    }

    /** Whether this window of a history of {@code items} items shows all of them, in order. */
    boolean showsAll(long items) {
        return resolve(items).equals(ALL.resolve(items));
    }

    /** The payload of a window extension. */
    RawJson toJson() {
        StringBuilder json = new StringBuilder("{\"ranges\":[");
        for (int i = 0; i < ranges.size(); i++) {
            json.append(i == 0 ? "[" : ",[").append(ranges.get(i).from()).append(',').append(ranges.get(i).to()).append(']');
        }
        return RawJson.of(json.append("],\"end\":").append(end).append('}').toString());
    }

    /**
     * Reads a window extension's payload.
     *
     * @throws IllegalArgumentException if it is not one
     */
    static Window parse(RawJson payload) {
        try {
            Map<?, ?> object = (Map<?, ?>) Json.parse(payload.text());
            List<Range> ranges = new ArrayList<>();
            for (Object range : (List<?>) object.get("ranges")) {
                List<?> bounds = (List<?>) range;
                ranges.add(new Range((Long) bounds.get(0), (Long) bounds.get(1)));
            }
            return new Window(ranges, (Long) object.get("end"));
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a window payload: " + payload, e);
        }
    }

    /** The item ranges of a history of {@code items} items: the ranges within it, then the items past {@code end}. */
    List<Range> resolve(long items) {
        List<Range> resolved = new ArrayList<>();
        for (Range range : ranges) {
            long to = Math.min(range.to(), items);
            if (range.from() < to) {
                resolved.add(new Range(range.from(), to));
            }
        }
        if (end < items) {
            resolved.add(new Range(end, items));
        }
        return resolved;
    }
}
