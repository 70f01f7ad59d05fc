package dev.segmentlog.benchmarks;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.log.SegmentLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic entries of about 1 KB, built through the core model: what a coding agent writes in a
 * turn (a tool call with JSON arguments, its result, the assistant's answer).
 */
final class Entries {
    private static final String PROSE = "The build failed because `EntryCodec.decode` rejects the \"ts\" field when it is "
            + "negative; the test fixture writes -1 for entries replayed from the legacy format. I changed the "
            + "fixture to use 0 and added a check so a negative timestamp is reported as corrupt data with its line "
            + "number, instead of an IllegalArgumentException escaping from the record's constructor.\n\n"
            + "Next steps:\n1. Re-run `mvn -pl store-spi verify` to confirm the codec tests pass.\n2. Look at the "
            + "two flaky S3 tests — they time out on the first request while S3Mock is still starting.\n3. Update "
            + "the changelog (\u00e9l\u00e9ments \u2713).\n";

    private Entries() {}

    /** An assistant_item holding an assistant message of about 1 KB: the single entry the append figures write. */
    static LogEntry assistantMessage(long ts) {
        return new LogEntry.AssistantItem(ts, HistoryItem.assistant(PROSE + PROSE.substring(0, 320)));
    }

    /** An assistant_item holding a tool call with JSON arguments. */
    static LogEntry toolCall(long ts, int n) {
        String args = "{\"path\":\"store-spi/src/main/java/dev/segmentlog/spi/codec/EntryCodec.java\",\"old_string\":"
                + "\"if (ts < 0) throw new IllegalArgumentException(\\\"ts\\\");\",\"new_string\":"
                + "\"if (ts < 0) { throw corrupt(position, \\\"negative ts \\\" + ts); }\",\"replace_all\":false,"
                + "\"explanation\":\"report a negative timestamp as corrupt data with its position rather than "
                + "letting the record constructor throw an unchecked exception from inside the codec\"}";
        return new LogEntry.AssistantItem(ts, new HistoryItem.ToolCall("call_" + n, "edit_file", args));
    }

    /** A tool_result with a summary and about 1.3 KB of content. */
    static LogEntry toolResult(long ts, int n) {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            content.append("[INFO] Tests run: ").append(7 + i).append(", Failures: 0, Errors: 0, Skipped: 0, in dev.segmentlog.spi.")
                    .append("EntryCodecTest\n");
        }
        return new LogEntry.ToolResult(ts, new HistoryItem.ToolResult("call_" + n, "edited 1 file, 3 lines",
                content.toString(), false));
    }

    /** The system prompt of every segment the benchmarks write. */
    static final String SYSTEM_PROMPT = "You are a careful coding agent. Explain what you change.";

    /** The first entry of a segment. */
    static LogEntry start(SessionId session) {
        return new LogEntry.SegmentStart(1, session, SYSTEM_PROMPT, RequestConfig.DEFAULT, List.of(), null, null);
    }

    /**
     * One turn of a long conversation as an agent saves it (issue #19's unit, about 1 KB encoded): the
     * user's input, one delta of a tool call, its result and the assistant's answer, and the turn's end.
     *
     * @param number the turn count its {@code turn_end} records
     * @param input  what the user typed ({@link SegmentLog#saveUserInput})
     * @param delta  the items the agent added ({@link SegmentLog#saveDelta})
     */
    record Turn(int number, List<InputPart> input, List<HistoryItem> delta) {
        /** The entries SegmentLog writes for this turn, all stamped {@code ts}. */
        List<LogEntry> entries(long ts) {
            List<LogEntry> entries = new ArrayList<>(5);
            entries.add(new LogEntry.UserInput(ts, input));
            entries.addAll(SegmentLog.deltaEntries(delta, ts));
            entries.add(new LogEntry.TurnEnd(ts, number));
            return entries;
        }
    }

    /** Turn {@code number}: short texts that differ from turn to turn. */
    static Turn turn(int number) {
        String call = "call_" + number;
        String arguments = "{\"path\":\"store-spi/src/main/java/dev/segmentlog/spi/codec/EntryCodec.java\",\"from_line\":"
                + (number % 900) + ",\"lines\":40}";
        String output = "    static EntryCodec standard() {\n        return STANDARD; // line " + number + "\n    }\n"
                + PROSE.substring(0, 120);
        return new Turn(number,
                List.of(new InputPart.Text("Turn " + number + ": " + PROSE.substring(0, 150))),
                List.of(new HistoryItem.ToolCall(call, "read_file", arguments),
                        new HistoryItem.ToolResult(call, "read 40 lines", output, false),
                        HistoryItem.assistant("After turn " + number + ": " + PROSE.substring(150, 330))));
    }

    /** A start and {@code turns} turns: the conversation the restore figures read back. */
    static List<LogEntry> conversation(SessionId session, int turns) {
        List<LogEntry> entries = new ArrayList<>(1 + 5 * turns);
        entries.add(start(session));
        for (int n = 1; n <= turns; n++) {
            entries.addAll(turn(n).entries(1000L + n));
        }
        return entries;
    }

    /**
     * A segment of {@code count} entries: a start, then turns of user input, tool call, tool result,
     * assistant answer and turn end, so replay sees every common kind.
     */
    static List<LogEntry> segment(SessionId session, int count) {
        List<LogEntry> entries = new ArrayList<>(count);
        entries.add(start(session));
        int turn = 0;
        while (entries.size() < count) {
            long ts = 1000L + entries.size();
            int slot = (entries.size() - 1) % 5;
            switch (slot) {
                case 0:
                    entries.add(new LogEntry.UserInput(ts, List.of(new InputPart.Text(PROSE.substring(0, 500)),
                            new InputPart.FileRef("store-spi/src/main/java/dev/segmentlog/spi/codec/EntryCodec.java"))));
                    break;
                case 1:
                    entries.add(toolCall(ts, turn));
                    break;
                case 2:
                    entries.add(toolResult(ts, turn));
                    break;
                case 3:
                    entries.add(assistantMessage(ts));
                    break;
                default:
                    entries.add(new LogEntry.TurnEnd(ts, ++turn));
                    break;
            }
        }
        return entries;
    }

    /** {@code count} entries to append after a start, in the same rhythm as {@link #segment}. */
    static List<LogEntry> tail(int count) {
        List<LogEntry> all = segment(SessionId.generate(), count + 1);
        List<LogEntry> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(all.get(i));
        }
        return out;
    }
}
