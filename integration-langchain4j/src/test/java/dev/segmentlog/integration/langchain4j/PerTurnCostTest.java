package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.segmentlog.integration.chat.testkit.PerTurnCostContract;

/** A turn through LangChain4j's MessageWindowChatMemory costs the same store calls at any length. */
class PerTurnCostTest extends PerTurnCostContract<ChatMessage> {
    PerTurnCostTest() {
        super(new Langchain4jFramework());
    }

    /**
     * Three of the four adds drop messages: evicting an AI message with a tool request evicts its tool
     * result with it, which leaves room for one add that drops nothing.
     */
    @Override
    protected long windowEntriesPerTurn() {
        return 3;
    }
}
