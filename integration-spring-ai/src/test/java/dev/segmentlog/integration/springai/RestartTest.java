package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.RestartContract;
import org.springframework.ai.chat.messages.Message;

/** The repository on SQLite and JSONL stores opened by URI, after a restart. */
class RestartTest extends RestartContract<Message> {
    RestartTest() {
        super(new SpringAiFramework());
    }
}
