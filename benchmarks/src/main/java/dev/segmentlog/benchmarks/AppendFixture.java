package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entry every append figure writes, in the three forms the benchmarks need: the typed entry
 * (what a store is given), its canonical line (the exact bytes a store writes), and a Jackson tree
 * that a plain {@link ObjectWriter} serialises to the same bytes (the raw baseline's encoder); and the
 * plain Jackson the raw baselines share (the mapper, JSONL written and parsed line by line).
 */
final class AppendFixture {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final ObjectWriter WRITER = MAPPER.writer();
    static final ObjectReader READER = MAPPER.reader();

    final LogEntry entry = Entries.assistantMessage(42_000);
    final byte[] json = EntryCodec.standard().encode(entry);
    final byte[] line = withNewline(json);
    final JsonNode tree = READER.readTree(json);

    AppendFixture() {
        byte[] viaJackson = WRITER.writeValueAsBytes(tree);
        if (!java.util.Arrays.equals(viaJackson, json)) {
            throw new IllegalStateException("the raw ObjectWriter does not write the codec's bytes: the baseline would "
                    + "not write the same entry");
        }
    }

    static byte[] withNewline(byte[] json) {
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** {@code entries} as JSONL: the codec's line of each. */
    static byte[] lines(List<LogEntry> entries) {
        EntryCodec codec = EntryCodec.standard();
        Buffer out = new Buffer();
        for (LogEntry entry : entries) {
            out.writeBytes(codec.encode(entry));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The raw baselines' JSONL parse: split at {@code \n}, a plain {@code readTree} of each line. */
    static void parseLines(byte[] bytes, Consumer<JsonNode> each) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                each.accept(READER.readTree(bytes, start, i - start));
                start = i + 1;
            }
        }
    }

    /** A reusable output buffer whose array can be written without a copy. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        java.nio.ByteBuffer asByteBuffer() {
            return java.nio.ByteBuffer.wrap(buf, 0, count);
        }
    }
}
