package dev.segmentlog.integration.adk;

import com.google.adk.agents.LlmAgent;
import com.google.adk.artifacts.InMemoryArtifactService;
import com.google.adk.runner.Runner;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.Session;
import com.google.adk.tools.FunctionTool;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An ADK agent whose sessions live in a segmentlog store: run it twice and the second run continues
 * the conversation of the first. From the repository root:
 *
 * <pre>{@code
 * mvn -q -pl integration-google-adk test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.adk.AdkSessionExample -Dexec.args="sqlite:./adk-example.db"
 * }</pre>
 *
 * The model is scripted so the example runs offline; an application passes a real one.
 */
public final class AdkSessionExample {
    private static final String APP = "weather-app";
    private static final String USER = "ada";
    private static final String SESSION = "first-conversation";

    private AdkSessionExample() {}

    /** @param args the store URI; {@code sqlite:./adk-example.db} when none is given */
    public static void main(String[] args) {
        run(args.length > 0 ? args[0] : "sqlite:./adk-example.db", System.out);
    }

    /** Runs one turn of the conversation kept in the store at {@code uri}, and prints it. */
    static void run(String uri, PrintStream out) {
        try (SegmentStore store = SegmentStores.open(uri)) {
            // The one line of setup: ADK's session service, on the store of your choice.
            BaseSessionService sessions = new SegmentlogSessionService(store);

            LlmAgent agent = LlmAgent.builder()
                    .name("weather")
                    .model(new ScriptedWeatherModel())
                    .instruction("Answer questions about the weather.")
                    .tools(FunctionTool.create(WeatherTool.class, "getWeather"))
                    .outputKey("last_answer")
                    .build();
            Runner runner = Runner.builder().agent(agent).appName(APP)
                    .sessionService(sessions).artifactService(new InMemoryArtifactService()).build();

            if (sessions.getSession(APP, USER, SESSION, Optional.empty()).isEmpty().blockingGet()) {
                sessions.createSession(APP, USER, null, SESSION).blockingGet();
            }
            runner.runAsync(USER, SESSION, Content.builder().role("user")
                    .parts(List.of(Part.fromText("What is the weather in Tokyo?"))).build()).blockingSubscribe();

            Session session = sessions.getSession(APP, USER, SESSION, Optional.empty()).blockingGet();
            out.println("session " + SESSION + " in " + uri + " holds " + session.events().size() + " events:");
            session.events().forEach(event -> out.println("  " + event.author() + ": " + event.stringifyContent()));
            out.println("state: " + new TreeMap<>(session.state()));
        }
    }
}
