package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentlogChatMemoryStoreTest {
    private final SegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);

    @Test
    void getMessages_afterUpdateMessages_returnsTheMessagesWithToolCallsResultsAndThinking() {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from("You are a weather bot."));
        messages.addAll(Chats.turns("ann", 2));
        messages.add(AiMessage.builder().text("Two cities.").thinking("The user wants both.").toolExecutionRequests(List.of(
                ToolExecutionRequest.builder().id("c1").name("weather").arguments("{\"city\":\"Oslo\"}").build(),
                ToolExecutionRequest.builder().id("c2").name("weather").arguments("{\"city\":\"Rome\"}").build())).build());
        messages.add(ToolExecutionResultMessage.builder().id("c1").toolName("weather").text("rain").isError(true).build());
        messages.add(ToolExecutionResultMessage.from("c2", "weather", "sun"));

        memories.updateMessages("user-1", messages);

        assertEquals(messages, memories.getMessages("user-1"));
        assertEquals(messages, SegmentlogChatMemoryStore.of(store).getMessages("user-1"),
                "a store without a cache reads the same messages from the segment store");
        assertEquals(0, extensions(memories.currentSegment("user-1").orElseThrow(), "langchain4j.message"),
                "every one of these messages is given back exactly by its history items");
    }

    @Test
    void messagesTheHistoryCannotHoldExactly_areKeptInFull() {
        List<ChatMessage> messages = List.of(
                UserMessage.from("ann", List.of(TextContent.from("What is on this picture?"),
                        ImageContent.from("https://example.com/cat.png"))),
                UserMessage.builder().contents(List.of(TextContent.from("a"), TextContent.from("b")))
                        .attributes(Map.of("channel", "web")).build(),
                AiMessage.from(ToolExecutionRequest.builder().name("no-id").arguments("{}").build()),
                AiMessage.from("A cat."));

        memories.updateMessages("user-1", messages);

        assertEquals(messages, SegmentlogChatMemoryStore.of(store).getMessages("user-1"));
        assertEquals(3, extensions(memories.currentSegment("user-1").orElseThrow(), "langchain4j.message"));
    }

    @Test
    void aSystemMessageMovedToTheFront_isRecordedAsTheListsOrder_notStoredAgain() {
        memories.updateMessages("user-1", Chats.turn("ann", 1));
        List<ChatMessage> list = memories.getMessages("user-1");
        list.add(0, SystemMessage.from("Be brief."));
        SegmentId segment = memories.currentSegment("user-1").orElseThrow();
        long count = store.count(segment);

        memories.updateMessages("user-1", list);

        assertEquals(count + 2, store.count(segment), "the system message and a window entry");
        assertEquals(list, SegmentlogChatMemoryStore.of(store).getMessages("user-1"));
    }

    @Test
    void memoryIds_areTakenByTheirString_andListed() {
        memories.updateMessages(42, Chats.turn("ann", 1));
        memories.updateMessages("user-2", Chats.turn("bob", 1));

        assertEquals(Chats.turn("ann", 1), memories.getMessages("42"));
        assertEquals(List.of("42", "user-2"), memories.memoryIds().stream().sorted().toList());
    }

    @Test
    void arguments_areChecked() {
        assertThrows(NullPointerException.class, () -> memories.getMessages(null));
        assertThrows(NullPointerException.class, () -> memories.updateMessages("user-1", null));
        assertThrows(IllegalArgumentException.class, () -> memories.updateMessages("user-1",
                List.of(CustomMessage.from(Map.of("k", "v")))));
        assertThrows(IllegalArgumentException.class, () -> SegmentlogChatMemoryStore.builder(store).namespace(""));
        assertThrows(IllegalArgumentException.class, () -> SegmentlogChatMemoryStore.builder(store).maxCachedMemories(0));
    }

    private long extensions(SegmentId segment, String domain) {
        return store.readAll(segment).stream()
                .filter(entry -> entry instanceof LogEntry.Extension extension && extension.domain().equals(domain))
                .count();
    }
}
