package dev.segmentlog.integration.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.segmentlog.integration.chat.testkit.TwoWritersContract;

/** Two chat memory stores (two processes, in effect) writing one memory: a fork, never a lost or interleaved message. */
class TwoWritersTest extends TwoWritersContract<ChatMessage> {
    TwoWritersTest() {
        super(new Langchain4jFramework());
    }
}
