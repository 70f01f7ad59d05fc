package dev.segmentlog.integration.adk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.adk.agents.LlmAgent;
import com.google.adk.artifacts.InMemoryArtifactService;
import com.google.adk.events.Event;
import com.google.adk.runner.Runner;
import com.google.adk.sessions.Session;
import com.google.adk.tools.FunctionTool;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ADK's own Runner and LlmAgent, with a scripted model and a real tool, on the session service. */
class RunnerTest {

    @Test
    void aRunnersTurn_withAToolCall_isRestoredWhole_byANewServiceOnTheSameStore() {
        InMemorySegmentStore store = new InMemorySegmentStore();
        SegmentlogSessionService sessions = new SegmentlogSessionService(store);
        Runner runner = runner(sessions);
        Session session = sessions.createSession("weather-app", "ada", null, null).blockingGet();

        List<Event> streamed = runner.runAsync("ada", session.id(),
                Content.builder().role("user").parts(List.of(Part.fromText("Weather in Tokyo?"))).build())
                .toList().blockingGet();

        Session restored = new SegmentlogSessionService(store.reopen())
                .getSession("weather-app", "ada", session.id(), Optional.empty()).blockingGet();
        List<Event> events = restored.events();
        assertEquals(4, events.size(), "user message, tool call, tool result, answer: " + events);
        assertEquals("Weather in Tokyo?", Events.text(events.get(0)));
        assertEquals("get_weather", events.get(1).functionCalls().get(0).name().orElseThrow());
        assertEquals(Map.of("forecast", "sunny, 25C"),
                events.get(2).functionResponses().get(0).response().orElseThrow());
        assertEquals(streamed, events.subList(1, 4), "the runner's events, stored as it streamed them");
        assertEquals(ScriptedWeatherModel.ANSWER, restored.state().get("last_answer"));
    }

    @Test
    void aSecondTurnAfterARestart_continuesTheSameSegment_withoutForking() {
        InMemorySegmentStore store = new InMemorySegmentStore();
        SegmentlogSessionService sessions = new SegmentlogSessionService(store);
        Runner runner = runner(sessions);
        Session session = sessions.createSession("weather-app", "ada", null, null).blockingGet();
        Content question = Content.builder().role("user").parts(List.of(Part.fromText("Weather in Tokyo?"))).build();

        runner.runAsync("ada", session.id(), question).blockingSubscribe();
        Runner afterRestart = runner(new SegmentlogSessionService(store.reopen()));
        afterRestart.runAsync("ada", session.id(), question).blockingSubscribe();

        assertEquals(8, sessions.getSession("weather-app", "ada", session.id(), Optional.empty()).blockingGet().events().size());
        SessionId stored = sessions.storeSessionId("weather-app", "ada", session.id()).orElseThrow();
        assertEquals(1, store.listSegments(stored, PageRequest.first(10)).items().size());
    }

    private static Runner runner(SegmentlogSessionService sessions) {
        LlmAgent agent = LlmAgent.builder()
                .name("weather")
                .model(new ScriptedWeatherModel())
                .instruction("Answer questions about the weather.")
                .tools(FunctionTool.create(WeatherTool.class, "getWeather"))
                .outputKey("last_answer")
                .build();
        return Runner.builder().agent(agent).appName("weather-app")
                .sessionService(sessions).artifactService(new InMemoryArtifactService()).build();
    }
}
