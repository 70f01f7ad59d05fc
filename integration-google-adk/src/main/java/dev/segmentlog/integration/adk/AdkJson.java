package dev.segmentlog.integration.adk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.adk.JsonBaseModel;
import com.google.adk.events.Event;
import com.google.adk.sessions.State;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON payloads of the extension entries this module writes, in ADK's own JSON form: events
 * with {@link Event#toJson()}'s mapper, state values as that mapper writes them (so they come back
 * as JSON types: maps, lists, strings, numbers, booleans).
 */
final class AdkJson {
    /** An ADK session's record, in its first segment: who owns it and its initial session state. */
    static final String SESSION = "adk.session";
    /** One ADK event, as {@link Event#toJson()} writes it, without its {@code temp:} state keys. */
    static final String EVENT = "adk.event";
    /** A delta of {@code app:} or {@code user:} state, keys with their prefix, in a shared segment. */
    static final String STATE = "adk.state";
    /** A user segment's directory: an ADK session id now names a segmentlog session. */
    static final String SESSION_CREATED = "adk.session_created";
    /** A user segment's directory: an ADK session id no longer names that segmentlog session. */
    static final String SESSION_DELETED = "adk.session_deleted";

    private static final ObjectMapper MAPPER = JsonBaseModel.getMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    /** How ADK writes {@link State#REMOVED} (a removed key in a delta); read back as the sentinel itself. */
    private static final String REMOVED = MAPPER.valueToTree(State.REMOVED).asText();

    private AdkJson() {}

    /** An ADK session's record: its owner, its id and its initial session state. */
    record SessionRecord(String appName, String userId, String id, Map<String, Object> state) {}

    /** A directory entry of a user segment: ADK session {@code id} ↔ segmentlog {@code session}. */
    record DirectoryEntry(String id, SessionId session) {}

    /** {@code event} in ADK's JSON form, its {@code temp:} state keys left out: they live for one invocation only. */
    static RawJson event(Event event) {
        ObjectNode tree = MAPPER.valueToTree(event);
        if (tree.path("actions").path("stateDelta") instanceof ObjectNode delta) {
            List<String> temporary = new ArrayList<>();
            delta.fieldNames().forEachRemaining(key -> {
                if (key.startsWith(State.TEMP_PREFIX)) {
                    temporary.add(key);
                }
            });
            delta.remove(temporary);
        }
        return RawJson.of(write(tree));
    }

    /** The event {@code json} holds, its removed state keys marked with {@link State#REMOVED} again. */
    static Event event(RawJson json) {
        Event event = Event.fromJson(json.text());
        event.actions().stateDelta().replaceAll((key, value) -> isRemoved(value) ? State.REMOVED : value);
        return event;
    }

    /** A state delta, {@link State#REMOVED} written as ADK writes it. */
    static RawJson delta(Map<String, Object> delta) {
        return RawJson.of(write(delta));
    }

    /** The delta {@code json} holds; removed keys hold {@link State#REMOVED}. */
    static Map<String, Object> delta(RawJson json) {
        Map<String, Object> delta = read(json, MAP);
        delta.replaceAll((key, value) -> isRemoved(value) ? State.REMOVED : value);
        return delta;
    }

    static RawJson sessionRecord(SessionRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("appName", record.appName());
        json.put("userId", record.userId());
        json.put("id", record.id());
        json.put("state", record.state());
        return RawJson.of(write(json));
    }

    @SuppressWarnings("unchecked")
    static SessionRecord sessionRecord(RawJson json) {
        Map<String, Object> map = read(json, MAP);
        return new SessionRecord((String) map.get("appName"), (String) map.get("userId"), (String) map.get("id"),
                (Map<String, Object>) map.get("state"));
    }

    static RawJson directoryEntry(DirectoryEntry entry) {
        return RawJson.of(write(Map.of("id", entry.id(), "session", entry.session().toString())));
    }

    static DirectoryEntry directoryEntry(RawJson json) {
        Map<String, Object> map = read(json, MAP);
        return new DirectoryEntry((String) map.get("id"), SessionId.parse((String) map.get("session")));
    }

    /**
     * A UUID that every process derives alike from {@code names}: the id of a shared segment. The
     * names are written as a JSON array first, so no two lists of names share their bytes.
     */
    static UUID nameUuid(List<String> names) {
        return UUID.nameUUIDFromBytes(write(names).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a state value read back from JSON is ADK's mark of a removed key. */
    static boolean isRemoved(Object value) {
        return value == State.REMOVED || REMOVED.equals(value);
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(RawJson json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json.text(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored ADK record is not the JSON this module writes: "
                    + e.getOriginalMessage(), e);
        }
    }
}
