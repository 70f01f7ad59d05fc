package dev.segmentlog.integration.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;

class SegmentlogChatMemoryRepositoryTest {
    private final SegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.of(store);

    @Test
    void findByConversationId_afterSaveAll_returnsTheMessagesWithToolCallsAndResults() {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage("You are a weather bot."));
        messages.addAll(Chats.turns("ann", 2));
        messages.add(AssistantMessage.builder().content("Let me check two cities.").toolCalls(List.of(
                new AssistantMessage.ToolCall("c1", "function", "weather", "{\"city\":\"Oslo\"}"),
                new AssistantMessage.ToolCall("c2", "function", "weather", "{\"city\":\"Rome\"}"))).build());
        messages.add(ToolResponseMessage.builder().responses(List.of(
                new ToolResponseMessage.ToolResponse("c1", "weather", "rain"),
                new ToolResponseMessage.ToolResponse("c2", "weather", "sun"))).build());

        repository.saveAll("chat-1", messages);

        assertEquals(messages, repository.findByConversationId("chat-1"));
        assertEquals(messages, SegmentlogChatMemoryRepository.of(store).findByConversationId("chat-1"),
                "a repository without a cache reads the same messages from the store");
    }

    @Test
    void saveAll_withEqualButNewMessages_appendsOnlyTheOnesAfterTheStoredList() {
        repository.saveAll("chat-1", Chats.turn("ann", 1));
        SegmentId segment = repository.currentSegment("chat-1").orElseThrow();
        long count = store.count(segment);

        repository.saveAll("chat-1", Chats.turns("ann", 2)); // a caller that rebuilds its messages each time

        assertEquals(count + 6, store.count(segment), "turn 2: five history items and a turn_end");
        assertEquals(Chats.turns("ann", 2), repository.findByConversationId("chat-1"));
    }

    @Test
    void saveAll_withAnEmptyList_emptiesTheListAndKeepsTheHistory() {
        repository.saveAll("chat-1", Chats.turn("ann", 1));

        repository.saveAll("chat-1", List.of());

        assertEquals(List.of(), repository.findByConversationId("chat-1"));
        assertEquals(Chats.turn("ann", 1), repository.findHistory("chat-1"));
    }

    @Test
    void findConversationIds_returnsTheConversationsOfThisNamespaceOnly() {
        repository.saveAll("chat-1", Chats.turn("ann", 1));
        repository.saveAll("chat-2", Chats.turn("bob", 1));
        SegmentlogChatMemoryRepository.builder(store).namespace("other-app").build()
                .saveAll("chat-3", Chats.turn("cid", 1));
        new SegmentLog(store).create(new dev.segmentlog.log.StartState(null,
                dev.segmentlog.core.RequestConfig.DEFAULT, List.of())); // a session that is no conversation

        assertEquals(List.of("chat-1", "chat-2"), repository.findConversationIds().stream().sorted().toList());
    }

    @Test
    void sameConversationId_inTwoNamespaces_isTwoConversations() {
        SegmentlogChatMemoryRepository other = SegmentlogChatMemoryRepository.builder(store).namespace("other-app").build();

        repository.saveAll("chat-1", Chats.turn("ann", 1));
        other.saveAll("chat-1", Chats.turn("bob", 1));

        assertEquals(Chats.turn("ann", 1), repository.findByConversationId("chat-1"));
        assertEquals(Chats.turn("bob", 1), other.findByConversationId("chat-1"));
    }

    @Test
    void unknownConversation_isEmptyAndCreatesNothing() {
        assertEquals(List.of(), repository.findByConversationId("nobody"));
        repository.saveAll("nobody", List.of());

        assertTrue(repository.currentSegment("nobody").isEmpty());
        assertEquals(List.of(), repository.findConversationIds());
    }

    @Test
    void conversationIds_withAnyCharacters_roundTrip() {
        String id = "user \"ann\" \\ 日本 \n\t\u0001 end";
        repository.saveAll(id, Chats.turn("ann", 1));

        assertEquals(List.of(id), SegmentlogChatMemoryRepository.of(store).findConversationIds());
    }

    @Test
    void throughAChainedLog_theConversationIsHashChained_andVerifies() {
        SegmentLog chained = new SegmentLog(store).chained();
        SegmentlogChatMemoryRepository repository = SegmentlogChatMemoryRepository.builder(chained).build();
        repository.saveAll("chat-1", Chats.turns("ann", 2));
        List<Message> window = new ArrayList<>(repository.findByConversationId("chat-1").subList(4, 8));
        window.addAll(Chats.turn("ann", 3));
        repository.saveAll("chat-1", window);

        SegmentId segment = repository.currentSegment("chat-1").orElseThrow();
        assertTrue(chained.verify(segment).chained());
        assertEquals(List.of(), chained.verify(segment).breaks());
        assertEquals(window, SegmentlogChatMemoryRepository.of(store).findByConversationId("chat-1"));
    }

    @Test
    void arguments_areChecked() {
        assertThrows(NullPointerException.class, () -> repository.findByConversationId(null));
        assertThrows(IllegalArgumentException.class, () -> repository.findByConversationId(""));
        assertThrows(NullPointerException.class, () -> repository.saveAll("chat-1", null));
        List<Message> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> repository.saveAll("chat-1", withNull));
        assertThrows(IllegalArgumentException.class, () -> repository.saveAll("chat-1",
                List.of(ToolResponseMessage.builder().responses(List.of()).build())));
        assertThrows(IllegalArgumentException.class, () -> SegmentlogChatMemoryRepository.builder(store).namespace(""));
        assertThrows(IllegalArgumentException.class, () -> SegmentlogChatMemoryRepository.builder(store).maxCachedConversations(0));
    }
}
