package dev.segmentlog.importer;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.importer.SessionLogJson.Node;
import dev.segmentlog.importer.SessionLogJson.Obj;
import dev.segmentlog.importer.SessionLogJson.Str;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.spi.CorruptDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * The lines of one session log for {@link SessionLogReader}: split at newlines within the codec's
 * limits, parsed into objects that keep their written order, and the old chain's fields read and
 * verified over the lines' own bytes. One instance per log; not thread-safe.
 */
final class SessionLogLines {

    private final String source;
    private final SegmentId segment;
    private final int maxLineBytes;
    private final JsonFactory factory;
    private boolean lastLineUnterminated;

    SessionLogLines(String source, SegmentId segment, int maxLineBytes, JsonFactory factory) {
        this.source = source;
        this.segment = segment;
        this.maxLineBytes = maxLineBytes;
        this.factory = factory;
    }

    /** The log's lines as objects, at least one. */
    List<Obj> read(InputStream in) throws IOException {
        List<byte[]> lines = readLines(in);
        if (lines.isEmpty()) {
            throw corrupt(0, "no entries: a session log opens with a session_start line");
        }
        List<Obj> objects = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            objects.add(parse(lines.get(i), i, i == lines.size() - 1 && lastLineUnterminated));
        }
        return objects;
    }

    private List<byte[]> readLines(InputStream in) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    append(current, buffer, start, i - start, lines.size());
                    lines.add(current.toByteArray());
                    current.reset();
                    start = i + 1;
                }
            }
            append(current, buffer, start, read - start, lines.size());
        }
        lastLineUnterminated = current.size() > 0;
        if (lastLineUnterminated) {
            lines.add(current.toByteArray());
        }
        while (!lines.isEmpty() && blank(lines.get(lines.size() - 1))) {
            lines.remove(lines.size() - 1); // trailing empty lines carry nothing
            lastLineUnterminated = false;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (blank(lines.get(i))) {
                throw corrupt(i, "an empty line inside the log");
            }
        }
        return lines;
    }

    private void append(ByteArrayOutputStream line, byte[] buffer, int start, int length, long position) {
        if ((long) line.size() + length > maxLineBytes) {
            throw corrupt(position, "the line is longer than " + maxLineBytes + " bytes, the limit of the codec");
        }
        line.write(buffer, start, length);
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private Obj parse(byte[] line, long position, boolean unterminated) {
        String torn = unterminated ? " (the last line has no newline: a write cut short?)" : "";
        try {
            return SessionLogJson.parseObject(factory, line);
        } catch (SessionLogJson.MalformedLine e) {
            throw corrupt(position, e.getMessage() + torn, e);
        } catch (JacksonException e) {
            throw corrupt(position, describe(e) + torn, e);
        }
    }

    /** A Jackson failure in words, without Jackson's source excerpt. */
    private static String describe(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return "over the codec limits: " + e.getOriginalMessage();
        }
        TokenStreamLocation at = e.getLocation();
        boolean located = at != null && at != TokenStreamLocation.NA && at.getColumnNr() > 0;
        return "malformed JSON: " + e.getOriginalMessage()
                + (located ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
    }

    EntryHash chainField(Obj line, String field, long position, boolean required) {
        Node value = line.get(field);
        if (value == null || value == SessionLogJson.Null.INSTANCE) {
            if (required) {
                throw corrupt(position, "no '" + field + "': the first line is hash-chained, so every line must be");
            }
            return null;
        }
        if (!(value instanceof Str)) {
            throw corrupt(position, "'" + field + "' must be a string, found " + SessionLogJson.describe(value));
        }
        try {
            return EntryHash.parse(((Str) value).value());
        } catch (IllegalArgumentException e) {
            throw corrupt(position, "'" + field + "': " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the old chain

    /** As {@link HashChain#verify}, over the serde_json bytes of the lines: the first break only. */
    ChainReport verify(List<EntryHash> hashes, List<EntryHash> prevHashes, List<byte[]> hashedBytes) {
        Map<EntryHash, Integer> positions = new HashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            positions.putIfAbsent(hashes.get(i), i);
        }
        List<ChainReport.Break> breaks = new ArrayList<>(1);
        EntryHash prev = null;
        for (int i = 0; i < hashes.size() && breaks.isEmpty(); i++) {
            EntryHash claimed = prevHashes.get(i);
            if (!Objects.equals(claimed, prev)) {
                Integer follows = claimed == null ? null : positions.get(claimed);
                if (follows == null) {
                    breaks.add(new ChainReport.Break(i, ChainReport.Problem.REMOVED, "its predecessor "
                            + (claimed == null ? "(none: it claims to open the log)" : claimed.hex())
                            + " is not in the log"));
                } else {
                    breaks.add(new ChainReport.Break(i, ChainReport.Problem.REORDERED,
                            "it follows the entry now at position " + follows
                                    + (follows < i ? ", not the one just before it" : "")));
                }
            } else if (!EntryHash.chain(prev, hashedBytes.get(i)).equals(hashes.get(i))) {
                breaks.add(new ChainReport.Break(i, ChainReport.Problem.ALTERED,
                        "its content does not hash to " + hashes.get(i).hex()));
            } else {
                prev = hashes.get(i);
            }
        }
        return new ChainReport(segment, hashes.size(), true, breaks);
    }

    private CorruptDataException corrupt(long position, String reason) {
        return corrupt(position, reason, null);
    }

    private CorruptDataException corrupt(long position, String reason, Throwable cause) {
        return new CorruptDataException(segment, position, source + " line " + (position + 1) + ": " + reason, cause);
    }
}
