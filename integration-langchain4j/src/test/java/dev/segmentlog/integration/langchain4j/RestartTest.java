package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.segmentlog.integration.chat.testkit.RestartContract;

/** The chat memory store on SQLite and JSONL stores opened by URI, after a restart. */
class RestartTest extends RestartContract<ChatMessage> {
    RestartTest() {
        super(new Langchain4jFramework());
    }
}
