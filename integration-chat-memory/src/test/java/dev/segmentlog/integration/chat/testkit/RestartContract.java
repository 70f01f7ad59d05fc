package dev.segmentlog.integration.chat.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segmentlog.integration.chat.testkit.ChatFramework.Conversations;
import dev.segmentlog.integration.chat.testkit.ChatFramework.Window;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An integration on SQLite and JSONL stores opened by URI, as an application does: after a restart
 * (a new store instance on the same file), the conversation is there and goes on. Extend it with
 * the framework's {@link ChatFramework}.
 *
 * @param <M> the framework's message type
 */
public abstract class RestartContract<M> {
    private final ChatFramework<M> framework;

    @TempDir
    Path dir;

    /** The contract run on {@code framework}'s integration. */
    protected RestartContract(ChatFramework<M> framework) {
        this.framework = framework;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:", "jsonl:"})
    void aNewStoreOnTheSameFile_seesTheConversation_andGoesOnWhereItStopped(String scheme) {
        String uri = scheme + dir.resolve("chat");
        List<M> window;
        try (SegmentStore store = SegmentStores.open(uri)) {
            Window<M> memory = framework.open(store).window("chat", 6);
            for (int n = 1; n <= 5; n++) {
                memory.add(framework.turn("ann", n));
            }
            window = memory.messages();
        }

        try (SegmentStore store = SegmentStores.open(uri)) {
            Conversations<M> conversations = framework.open(store);
            assertEquals(window, conversations.read("chat"));
            assertEquals(framework.turns("ann", 5), conversations.history("chat"));
            assertEquals(List.of("chat"), conversations.ids());

            conversations.window("chat", 6).add(framework.turn("ann", 6));
            assertEquals(framework.turns("ann", 6), conversations.history("chat"));
        }
    }
}
