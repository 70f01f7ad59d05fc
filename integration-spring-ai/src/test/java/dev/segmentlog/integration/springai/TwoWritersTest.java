package dev.segmentlog.integration.springai;

import dev.segmentlog.integration.chat.testkit.TwoWritersContract;
import org.springframework.ai.chat.messages.Message;

/** Two repositories (two processes, in effect) writing one conversation: a fork, never a lost or interleaved message. */
class TwoWritersTest extends TwoWritersContract<Message> {
    TwoWritersTest() {
        super(new SpringAiFramework());
    }
}
