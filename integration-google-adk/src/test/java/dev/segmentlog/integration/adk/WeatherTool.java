package dev.segmentlog.integration.adk;

import com.google.adk.tools.Annotations.Schema;
import java.util.Map;

/** The tool the scripted model calls. Public: ADK invokes tools by reflection. */
public final class WeatherTool {
    private WeatherTool() {}

    /** The weather in a city, always the same. */
    @Schema(name = "get_weather", description = "The weather in a city.")
    public static Map<String, Object> getWeather(@Schema(name = "city", description = "The city.") String city) {
        return Map.of("forecast", "sunny, 25C");
    }
}
