package dev.segmentlog.integration.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.memory.chat.TokenWindowChatMemory;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LangChain4j's window memories on the store: the window they keep, and the history the segment keeps. */
class WindowedMemoryTest {
    private final InMemorySegmentStore store = new InMemorySegmentStore();
    private final SegmentlogChatMemoryStore memories = SegmentlogChatMemoryStore.of(store);

    @Test
    void messageWindowChatMemory_showsTheSameWindowAsOnLangchain4jsOwnStore_andTheSegmentKeepsEverything() {
        ChatMemory ours = MessageWindowChatMemory.builder().id("chat").maxMessages(7)
                .alwaysKeepSystemMessageFirst(true).chatMemoryStore(memories).build();
        ChatMemory stock = MessageWindowChatMemory.builder().id("chat").maxMessages(7)
                .alwaysKeepSystemMessageFirst(true).chatMemoryStore(new InMemoryChatMemoryStore()).build();
        List<ChatMessage> everything = addTurns(ours, stock);

        assertEquals(stock.messages(), MessageWindowChatMemory.builder().id("chat").maxMessages(7)
                .chatMemoryStore(SegmentlogChatMemoryStore.of(store)).build().messages(),
                "read back by a store that never saw the memory");
        assertEquals(everything, memories.getHistory("chat"));
    }

    @Test
    void tokenWindowChatMemory_showsTheSameWindowAsOnLangchain4jsOwnStore_andTheSegmentKeepsEverything() {
        TokenCountEstimator quarterOfChars = new CharactersEstimator();
        ChatMemory ours = TokenWindowChatMemory.builder().id("chat").maxTokens(600, quarterOfChars)
                .chatMemoryStore(memories).build();
        ChatMemory stock = TokenWindowChatMemory.builder().id("chat").maxTokens(600, quarterOfChars)
                .chatMemoryStore(new InMemoryChatMemoryStore()).build();
        List<ChatMessage> everything = addTurns(ours, stock);

        assertEquals(stock.messages(), SegmentlogChatMemoryStore.of(store).getMessages("chat"));
        assertEquals(everything, memories.getHistory("chat"));
    }

    /** Twelve turns, a system message at turns 1 and 6, added to both memories; checks their windows after each add. */
    private static List<ChatMessage> addTurns(ChatMemory ours, ChatMemory stock) {
        List<ChatMessage> everything = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            List<ChatMessage> added = new ArrayList<>();
            if (n == 1 || n == 6) {
                added.add(SystemMessage.from(n == 1 ? "Be brief." : "Be verbose."));
            }
            added.addAll(Chats.turn("ann", n));
            for (ChatMessage message : added) {
                ours.add(message);
                stock.add(message);
                everything.add(message);
                assertEquals(stock.messages(), ours.messages());
            }
        }
        return everything;
    }

    /** A quarter of the characters of every text, as a stand-in tokenizer. */
    private static final class CharactersEstimator implements TokenCountEstimator {
        @Override
        public int estimateTokenCountInText(String text) {
            return text.length() / 4;
        }

        @Override
        public int estimateTokenCountInMessage(ChatMessage message) {
            return estimateTokenCountInText(message.toString());
        }

        @Override
        public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
            int tokens = 0;
            for (ChatMessage message : messages) {
                tokens += estimateTokenCountInMessage(message);
            }
            return tokens;
        }
    }
}
