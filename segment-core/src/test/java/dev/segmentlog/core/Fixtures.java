package dev.segmentlog.core;

import java.util.List;

/** Small factories for entries, so tests say what they mean instead of building records by hand. */
final class Fixtures {
    static final SessionId SESSION = SessionId.parse("01900000-0000-7000-8000-000000000001");
    static final SegmentId SOURCE = SegmentId.parse("01900000-0000-7000-8000-0000000000aa");

    private Fixtures() {}

    static LogEntry.SegmentStart start(String prompt, HistoryItem... history) {
        return new LogEntry.SegmentStart(1, SESSION, prompt, RequestConfig.DEFAULT, List.of(history), null, null);
    }

    static LogEntry.UserInput userInput(String text) {
        return new LogEntry.UserInput(2, List.of(new InputPart.Text(text)));
    }

    static LogEntry.AssistantItem assistant(String text) {
        return new LogEntry.AssistantItem(3, HistoryItem.assistant(text));
    }

    static LogEntry.AssistantItem toolCall(String callId) {
        return new LogEntry.AssistantItem(3, new HistoryItem.ToolCall(callId, "get_weather", "{\"city\":\"Tokyo\"}"));
    }

    static LogEntry.ToolResult toolResult(String callId) {
        return new LogEntry.ToolResult(4, new HistoryItem.ToolResult(callId, "Sunny", null, false));
    }

    static LogEntry.TurnEnd turnEnd(int turn) {
        return new LogEntry.TurnEnd(5, turn);
    }

    static LogEntry.Invoke invoke() {
        return new LogEntry.Invoke(6, LogEntry.Trigger.USER_SEND);
    }

    static LogEntry.RunCompleted completed(boolean interrupted) {
        return new LogEntry.RunCompleted(7, interrupted, LogEntry.RunResult.FINISHED);
    }
}
