package dev.segmentlog.integration.adk;

import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Real ADK events for the tests, stamped with increasing timestamps. */
final class Events {
    private static final AtomicLong CLOCK = new AtomicLong(1_800_000_000_000L);

    private Events() {}

    /** A user message. */
    static Event user(String text) {
        return message("user", text, Map.of());
    }

    /** A model message. */
    static Event model(String text) {
        return message("model", text, Map.of());
    }

    /** A message by {@code author} with a state delta. */
    static Event message(String author, String text, Map<String, Object> delta) {
        return Event.builder()
                .id(Event.generateEventId())
                .invocationId("invocation-1")
                .author(author)
                .content(Content.builder().role(author).parts(List.of(Part.fromText(text))).build())
                .actions(EventActions.builder().stateDelta(delta).build())
                .timestamp(CLOCK.addAndGet(1000))
                .build();
    }

    /** An event that only changes state. */
    static Event stateChange(Map<String, Object> delta) {
        return Event.builder()
                .id(Event.generateEventId())
                .invocationId("invocation-1")
                .author("agent")
                .actions(EventActions.builder().stateDelta(delta).build())
                .timestamp(CLOCK.addAndGet(1000))
                .build();
    }

    /** The text of an event's content. */
    static String text(Event event) {
        return event.content().map(Content::text).orElse("");
    }
}
