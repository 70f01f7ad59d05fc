package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdkSessionExampleTest {

    @Test
    void theSecondRun_continuesTheConversationOfTheFirst() {
        String uri = "mem:adk-example-" + System.nanoTime();

        String first = run(uri);
        String second = run(uri);

        assertTrue(first.contains("holds 4 events"), first);
        assertTrue(second.contains("holds 8 events"), second);
        assertTrue(second.contains("last_answer=" + ScriptedWeatherModel.ANSWER), second);
    }

    private static String run(String uri) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AdkSessionExample.run(uri, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
