package dev.segmentlog.reliability;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.RawJson;
import dev.segmentlog.core.RequestConfig;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.codec.EntryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entries the crash and concurrency tests write: "marks", extension entries whose domain names
 * their writer and index ({@code mark w=r3 i=17}) and whose payload is a deterministic, variously sized
 * text (ASCII, accents, CJK, emoji, escapes), so a reader can regenerate every expected entry exactly.
 * Batches have deterministic sizes too: a batch that starts at index {@code i} holds {@link #batchSize}
 * marks, so both sides know where the all-or-nothing boundaries are.
 */
final class Marks {
    private static final EntryCodec CODEC = EntryCodec.standard();
    private static final String ALPHABET = "abcdefghij klmnopqrstuvwxyz 0123456789 é ü ß 漢字 😀 \" \\ \t / ";

    private Marks() {}

    static LogEntry start(SessionId session) {
        return new LogEntry.SegmentStart(1, session, "reliability", RequestConfig.DEFAULT, List.of(), null, null);
    }

    static int batchSize(long start) {
        return 1 + (int) ((start * 7) % 4);
    }

    static LogEntry mark(String writer, long index) {
        long h = index * 0x9E3779B97F4A7C15L ^ writer.hashCode();
        int padLength = (int) Math.floorMod(h >>> 7, 1500L);
        int[] points = ALPHABET.codePoints().toArray();
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < padLength; i++) {
            pad.appendCodePoint(points[(int) Math.floorMod(h + i * 31L, (long) points.length)]);
        }
        String payload = "{\"writer\":\"" + writer + "\",\"index\":" + index + ",\"pad\":" + quote(pad.toString()) + "}";
        RawJson json = CODEC.canonicalJson(payload);
        return new LogEntry.Extension(1_000_000L + index, "mark w=" + writer + " i=" + index, json);
    }

    static List<LogEntry> marks(String writer, long first, int count) {
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(mark(writer, first + i));
        }
        return entries;
    }

    /** The writer and index of a mark, or empty for any other entry. */
    static Optional<Mark> parse(LogEntry entry) {
        if (!(entry instanceof LogEntry.Extension)) {
            return Optional.empty();
        }
        String domain = ((LogEntry.Extension) entry).domain();
        if (!domain.startsWith("mark w=")) {
            return Optional.empty();
        }
        int at = domain.indexOf(" i=");
        return Optional.of(new Mark(domain.substring(7, at), Long.parseLong(domain.substring(at + 3))));
    }

    record Mark(String writer, long index) {}

    private static String quote(String text) {
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
