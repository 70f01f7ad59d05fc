package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.SavesContract;
import org.springframework.ai.chat.messages.Message;

/** What saveAll stores and findByConversationId, findHistory and deleteByConversationId give back. */
class SavesTest extends SavesContract<Message> {
    SavesTest() {
        super(new SpringAiFramework());
    }
}
