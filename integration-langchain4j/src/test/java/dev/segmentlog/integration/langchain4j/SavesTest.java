package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.segmentlog.integration.chat.testkit.SavesContract;

/** What updateMessages stores and getMessages, getHistory and deleteMessages give back. */
class SavesTest extends SavesContract<ChatMessage> {
    SavesTest() {
        super(new Langchain4jFramework());
    }
}
