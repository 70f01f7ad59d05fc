package dev.segmentlog.integration.adk;

import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import io.reactivex.rxjava3.core.Flowable;
import java.util.List;
import java.util.Map;

/**
 * A model that needs no network: it asks for {@link WeatherTool}, then answers with its result.
 * An application uses a real one instead, e.g. {@code LlmAgent.builder().model("gemini-2.5-flash")}.
 */
final class ScriptedWeatherModel extends BaseLlm {
    static final String ANSWER = "It is sunny in Tokyo, 25C.";

    ScriptedWeatherModel() {
        super("scripted-weather");
    }

    @Override
    public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
        Content last = request.contents().get(request.contents().size() - 1);
        boolean toolAnswered = last.parts().orElse(List.of()).stream().anyMatch(part -> part.functionResponse().isPresent());
        Part reply = toolAnswered ? Part.fromText(ANSWER) : Part.fromFunctionCall("get_weather", Map.of("city", "Tokyo"));
        return Flowable.just(LlmResponse.builder()
                .content(Content.builder().role("model").parts(List.of(reply)).build()).build());
    }

    @Override
    public BaseLlmConnection connect(LlmRequest request) {
        throw new UnsupportedOperationException("the scripted model has no live connection");
    }
}
