package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.PerTurnCostContract;
import org.springframework.ai.chat.messages.Message;

/** A turn through Spring AI's MessageWindowChatMemory costs the same store calls at any length. */
class PerTurnCostTest extends PerTurnCostContract<Message> {
    PerTurnCostTest() {
        super(new SpringAiFramework());
    }

    /** A full window drops its oldest message at each of the four adds: each save records a window. */
    @Override
    protected long windowEntriesPerTurn() {
        return 4;
    }
}
