package dev.segmentlog.reliability;

import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.SystemItem;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Random entries of every writable kind (and the read-only legacy kinds), from a seed: random unicode
 * (control characters, escapes, astral code points, U+2028, BOM), random sizes, random nesting of
 * opaque JSON. Opaque JSON is generated as text and canonicalised by the codec, so a generated entry
 * is exactly what a decode gives back.
 */
final class RandomEntries {
    private static final EntryCodec CODEC = EntryCodec.standard();
    private static final String SPECIAL = "\"\\/\u2028\u2029\uFEFF\u007F";
    private final Random random;

    RandomEntries(long seed) {
        this.random = new Random(seed);
    }

    LogEntry entry() {
        long ts = random.nextInt(4) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1 << 30);
        switch (random.nextInt(19)) {
            case 0: return new LogEntry.SegmentStart(ts, session(), random.nextBoolean() ? null : text(), config(),
                    history(), random.nextBoolean() ? origin() : null, random.nextInt(4) == 0 ? origin() : null);
            case 1: return new LogEntry.Invoke(ts, pick(LogEntry.Trigger.values()));
            case 2: return new LogEntry.UserInput(ts, parts());
            case 3: return new LogEntry.AssistantItem(ts, item());
            case 4: return new LogEntry.ToolResult(ts, item());
            case 5: return new LogEntry.SystemItemEntry(ts, systemItem());
            case 6: return new LogEntry.TurnEnd(ts, random.nextInt(Integer.MAX_VALUE));
            case 7: return new LogEntry.RunCompleted(ts, random.nextBoolean(), pick(LogEntry.RunResult.values()));
            case 8: return new LogEntry.RunErrored(ts, random.nextBoolean(), text());
            case 9: return new LogEntry.ConfigChanged(ts, config());
            case 10: return new LogEntry.LlmUsage(ts, random.nextInt(100000), count(), count(), count(), count());
            case 11: return new LogEntry.Extension(ts, text(), json(0));
            case 12: return new LogEntry.Locked(ts, random.nextInt(100000));
            case 13: return new LogEntry.CacheUnlocked(ts);
            case 14: return new LogEntry.RunOutcome(ts, json(0), random.nextBoolean());
            case 15: return new LogEntry.AssistantItems(ts, history());
            case 16: return new LogEntry.ToolResults(ts, history());
            case 17: return new LogEntry.HookInjectedItems(ts, history());
            default: return new LogEntry.SystemItems(ts, systemItems());
        }
    }

    private long count() {
        return random.nextBoolean() ? random.nextInt(1_000_000) : random.nextLong() & Long.MAX_VALUE;
    }

    private SessionId session() {
        return SessionId.generate();
    }

    private SegmentOrigin origin() {
        return new SegmentOrigin(SegmentId.generate(), random.nextInt(1000));
    }

    private RequestConfig config() {
        Map<String, RawJson> unknown = new LinkedHashMap<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            unknown.put("x_" + i + "_" + word(), json(0));
        }
        RequestConfig.Reasoning reasoning = null;
        int r = random.nextInt(3);
        if (r == 1) {
            reasoning = new RequestConfig.Reasoning.Effort("e" + text());
        } else if (r == 2) {
            reasoning = new RequestConfig.Reasoning.Budget(random.nextInt(Integer.MAX_VALUE));
        }
        List<String> stops = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            stops.add(text());
        }
        return new RequestConfig(random.nextBoolean() ? null : random.nextInt(Integer.MAX_VALUE),
                random.nextBoolean() ? null : finite(), random.nextBoolean() ? null : finite(),
                random.nextBoolean() ? null : random.nextInt(1000), stops, reasoning, unknown);
    }

    private double finite() {
        switch (random.nextInt(5)) {
            case 0: return 0.0;
            case 1: return random.nextDouble();
            case 2: return -random.nextDouble() * 1e300;
            case 3: return Double.MIN_VALUE * random.nextInt(100);
            default: return Math.round(random.nextDouble() * 100) / 10.0;
        }
    }

    private List<HistoryItem> history() {
        List<HistoryItem> items = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            items.add(item());
        }
        return items;
    }

    private HistoryItem item() {
        switch (random.nextInt(4)) {
            case 0: {
                List<HistoryItem.Content> content = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    content.add(random.nextBoolean() ? new HistoryItem.Content.Text(text())
                            : new HistoryItem.Content.Refusal(text()));
                }
                return new HistoryItem.Message(pick(HistoryItem.Role.values()), content);
            }
            case 1: return new HistoryItem.ToolCall(text(), text(), random.nextBoolean() ? json(0).text() : text());
            case 2: return new HistoryItem.ToolResult(text(), text(), random.nextBoolean() ? null : text(), random.nextBoolean());
            default: {
                List<String> summary = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    summary.add(text());
                }
                return new HistoryItem.Reasoning(text(), summary, random.nextBoolean() ? null : text(),
                        random.nextBoolean() ? null : text());
            }
        }
    }

    private List<InputPart> parts() {
        List<InputPart> parts = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            switch (random.nextInt(6)) {
                case 0: parts.add(new InputPart.Text(text())); break;
                case 1: parts.add(new InputPart.Paste(random.nextInt(1 << 20), random.nextInt(1 << 20), random.nextInt(1 << 16), text())); break;
                case 2: parts.add(new InputPart.FileRef(text())); break;
                case 3: parts.add(new InputPart.KnowledgeRef(text())); break;
                case 4: parts.add(new InputPart.WorkflowInvoke(text())); break;
                default: {
                    String kind = "future_" + word();
                    parts.add(new InputPart.Unknown(kind, CODEC.canonicalJson("{\"kind\":" + quote(kind)
                            + ",\"data\":" + json(1).text() + "}")));
                }
            }
        }
        return parts;
    }

    private List<SystemItem> systemItems() {
        List<SystemItem> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            items.add(systemItem());
        }
        return items;
    }

    private SystemItem systemItem() {
        switch (random.nextInt(6)) {
            case 0: return new SystemItem.Notification(text(), text());
            case 1: return new SystemItem.PodEvent(json(0), text());
            case 2: return new SystemItem.FileAttachment(text(), text());
            case 3: return new SystemItem.Knowledge(text(), text());
            case 4: return new SystemItem.Workflow(text(), text());
            default: {
                String kind = "future_" + word();
                String body = text();
                return new SystemItem.Unknown(kind, body, CODEC.canonicalJson("{\"kind\":" + quote(kind) + ",\"body\":"
                        + quote(body) + ",\"extra\":" + json(1).text() + "}"));
            }
        }
    }

    /** Opaque JSON, nested up to about 12 levels, canonicalised by the codec. */
    RawJson json(int depth) {
        return CODEC.canonicalJson(jsonText(depth));
    }

    private String jsonText(int depth) {
        int choice = depth > 12 ? random.nextInt(5) : random.nextInt(8);
        switch (choice) {
            case 0: return "null";
            case 1: return random.nextBoolean() ? "true" : "false";
            case 2: return number();
            case 3: case 4: return quote(text());
            case 5: case 6: {
                StringBuilder out = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(quote("k" + i + text())).append(':').append(jsonText(depth + 1));
                }
                return out.append('}').toString();
            }
            default: {
                StringBuilder out = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(jsonText(depth + 1));
                }
                return out.append(']').toString();
            }
        }
    }

    private String number() {
        switch (random.nextInt(6)) {
            case 0: return Integer.toString(random.nextInt());
            case 1: return Long.toString(random.nextLong());
            case 2: return "123456789012345678901234567890" + random.nextInt(10);
            case 3: return "-0";
            case 4: return random.nextInt(100) + "." + random.nextInt(1000) + "e" + (random.nextInt(600) - 300);
            default: return Double.toString(random.nextDouble());
        }
    }

    private String word() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Random unicode text (valid: no lone surrogates), usually short, sometimes long. */
    String text() {
        int size = random.nextInt(20) == 0 ? random.nextInt(20_000) : random.nextInt(24);
        StringBuilder out = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            out.appendCodePoint(codePoint());
        }
        return out.toString();
    }

    int codePoint() {
        switch (random.nextInt(10)) {
            case 0: return random.nextInt(0x20); // control characters, NUL included
            case 1: return SPECIAL.charAt(random.nextInt(SPECIAL.length()));
            case 2: return 0x80 + random.nextInt(0x780);
            case 3: {
                int c = 0x800 + random.nextInt(0x10000 - 0x800);
                return Character.isSurrogate((char) c) ? 0x4E2D : c;
            }
            case 4: return 0x10000 + random.nextInt(0x10FFFF - 0x10000);
            default: return 0x20 + random.nextInt(0x5F);
        }
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
