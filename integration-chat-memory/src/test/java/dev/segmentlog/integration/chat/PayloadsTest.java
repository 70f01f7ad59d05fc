package dev.segmentlog.integration.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.SegmentId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The extension payloads and the ids derived from a conversation id. */
class PayloadsTest {

    @Test
    void quote_thenParse_givesTheStringBack_whateverItsCharacters() {
        String odd = "\"ann\" \\ 日本 😀 \n\r\t\b\f\u0001 /end";

        assertEquals(Map.of("id", odd), Json.parse("{\"id\":" + Json.quote(odd) + "}"));
    }

    @Test
    void parse_readsObjectsArraysIntegersBooleansAndNull() {
        assertEquals(Map.of("a", List.of(1L, -2L), "b", true), Json.parse(" {\"a\": [1, -2], \"b\": true} "));
        assertEquals(null, Json.parse("null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1} x", "{\"a\":1.5}", "{\"a\":99999999999999999999}", "[1,]", "'a'"})
    void parse_refusesWhatIsNoSuchDocument(String text) {
        assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
    }

    @Test
    void window_toJsonThenParse_isTheSameWindow() {
        Window window = new Window(List.of(new Window.Range(4, 6), new Window.Range(0, 1)), 9);

        assertEquals(RawJson.of("{\"ranges\":[[4,6],[0,1]],\"end\":9}"), window.toJson());
        assertEquals(window, Window.parse(window.toJson()));
    }

    @Test
    void window_resolve_keepsTheRangesWithinTheHistory_thenAddsTheItemsPastEnd() {
        Window window = new Window(List.of(new Window.Range(4, 6), new Window.Range(0, 1)), 9);

        assertEquals(List.of(new Window.Range(4, 5), new Window.Range(0, 1)), window.resolve(5));
        assertEquals(List.of(new Window.Range(4, 6), new Window.Range(0, 1), new Window.Range(9, 12)), window.resolve(12));
    }

    @Test
    void window_parse_refusesAnotherPayload() {
        assertThrows(IllegalArgumentException.class, () -> Window.parse(RawJson.of("{\"ranges\":[[1]],\"end\":2}")));
        assertThrows(IllegalArgumentException.class, () -> Window.parse(RawJson.of("{\"end\":2}")));
    }

    @Test
    void theSession_followsFromNamespaceAndId_only() {
        ConversationIds ids = new ConversationIds("test");

        assertEquals(ids.session("chat"), new ConversationIds("test").session("chat"));
        assertNotEquals(ids.session("chat"), ids.session("chat2"));
        assertNotEquals(ids.session("chat"), new ConversationIds("other").session("chat"));
        assertEquals(8, ids.session("chat").value().version());
    }

    @Test
    void theRoot_sortsBeforeEverySegmentMintedLater() {
        ConversationIds ids = new ConversationIds("test");

        assertTrue(ids.root(ids.session("chat")).compareTo(SegmentId.generate()) < 0);
    }
}
