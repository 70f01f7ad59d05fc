package dev.segmentlog.integration.examples;

import com.google.adk.agents.LlmAgent;
import com.google.adk.artifacts.InMemoryArtifactService;
import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.adk.runner.Runner;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.Session;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.segmentlog.integration.adk.SegmentlogSessionService;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import io.reactivex.rxjava3.core.Flowable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Google ADK agent whose sessions live in a segmentlog store, through
 * {@link SegmentlogSessionService}. Each run asks the agent one question in the same session: the
 * agent calls a weather tool and answers, ADK's {@link Runner} appends the events and the state
 * change to the session, and the example prints the session as a new process reads it back: run it
 * again and the session holds both runs' events. The model is {@link OfflineWeatherModel}, so it
 * runs without a network; an application gives the agent a real one
 * ({@code .model("gemini-2.5-flash")}). From the repository root:
 *
 * <pre>
 * mvn -B -q -pl examples -am install -DskipTests
 * mvn -B -q -pl examples exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.segmentlog.integration.examples.AdkSessionExample
 * </pre>
 */
public final class AdkSessionExample {
    private static final String APP = "weather-app";
    private static final String USER = "ada";
    private static final String SESSION = "first-conversation";

    private AdkSessionExample() {}

    /** @param args a store URI; without one, the embedded default store ({@code sqlite:segmentlog.db}) */
    public static void main(String[] args) {
        try (SegmentStore store = args.length > 0 ? SegmentStores.open(args[0]) : SegmentStores.openDefault()) {
            // The setup: ADK's session service on a segmentlog store, given to the runner.
            BaseSessionService sessions = new SegmentlogSessionService(store);
            LlmAgent agent = LlmAgent.builder().name("weather").model(new OfflineWeatherModel())
                    .instruction("Answer questions about the weather.")
                    .tools(FunctionTool.create(AdkSessionExample.class, "getWeather"))
                    .outputKey("last_answer").build();
            Runner runner = Runner.builder().agent(agent).appName(APP)
                    .sessionService(sessions).artifactService(new InMemoryArtifactService()).build();

            if (sessions.getSession(APP, USER, SESSION, Optional.empty()).isEmpty().blockingGet()) {
                sessions.createSession(APP, USER, null, SESSION).blockingGet();
            }
            Content question = Content.builder().role("user")
                    .parts(List.of(Part.fromText("What is the weather in Tokyo?"))).build();
            runner.runAsync(USER, SESSION, question).blockingSubscribe();

            Session session = new SegmentlogSessionService(store)
                    .getSession(APP, USER, SESSION, Optional.empty()).blockingGet();
            System.out.println("session " + SESSION + " holds " + session.events().size() + " events:");
            session.events().forEach(event -> System.out.println("  " + event.author() + ": " + event.stringifyContent()));
            System.out.println("state last_answer: " + session.state().get("last_answer"));
        }
    }

    /** The agent's tool. Public and static: ADK calls tools by reflection. */
    @Schema(name = "get_weather", description = "The weather in a city.")
    public static Map<String, Object> getWeather(@Schema(name = "city", description = "The city.") String city) {
        return Map.of("city", city, "forecast", "sunny, 25C");
    }

    /** A model that needs no network: it calls get_weather, then answers from the tool's result. */
    static final class OfflineWeatherModel extends BaseLlm {
        OfflineWeatherModel() {
            super("offline-weather");
        }

        @Override
        public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
            Optional<Map<String, Object>> forecast = request.contents().get(request.contents().size() - 1)
                    .parts().orElse(List.of()).stream()
                    .flatMap(part -> part.functionResponse().flatMap(response -> response.response()).stream())
                    .findFirst();
            Part reply = forecast.map(result -> Part.fromText("In Tokyo it is " + result.get("forecast") + "."))
                    .orElseGet(() -> Part.fromFunctionCall("get_weather", Map.of("city", "Tokyo")));
            Content content = Content.builder().role("model").parts(List.of(reply)).build();
            return Flowable.just(LlmResponse.builder().content(content).build());
        }

        @Override
        public BaseLlmConnection connect(LlmRequest request) {
            throw new UnsupportedOperationException("the offline model has no live connection");
        }
    }
}
