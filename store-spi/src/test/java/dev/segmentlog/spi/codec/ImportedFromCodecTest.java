package dev.segmentlog.spi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.UnknownContent;
import dev.segmentlog.spi.CorruptDataException;
import org.junit.jupiter.api.Test;

/** The {@code imported_from} mark an importer writes into a {@code segment_start}. */
class ImportedFromCodecTest {

    private static final SegmentId SEGMENT = SegmentId.parse("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d");
    private static final String START = "{\"kind\":\"segment_start\",\"ts\":1000,\"session_id\":"
            + "\"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b\",\"system_prompt\":null,\"config\":{\"max_tokens\":null,"
            + "\"temperature\":null,\"top_p\":null,\"top_k\":null,\"stop_sequences\":[],\"reasoning\":null},"
            + "\"history\":[],";

    private final EntryCodec codec = EntryCodec.standard();

    @Test
    void brokenChainMark_isReadAsKnownAndWrittenBackByteForByte() {
        String line = START + "\"imported_from\":{\"source\":\"logs/a.jsonl\",\"old_chain\":\"broken\","
                + "\"broken_at_line\":4,\"problem\":\"ALTERED: its content does not hash to 00\"}}";

        LogEntry.SegmentStart start = assertInstanceOf(LogEntry.SegmentStart.class, codec.decode(line, SEGMENT, 0));

        assertEquals(new ImportedFrom("logs/a.jsonl", ImportedFrom.OldChain.BROKEN, 4L,
                "ALTERED: its content does not hash to 00"), start.importedFrom());
        assertTrue(UnknownContent.of(start).isEmpty(), "the mark is not unknown content");
        assertEquals(line, codec.encodeToString(start));
    }

    @Test
    void intactChainMark_hasNoLineOrProblem() {
        String line = START + "\"imported_from\":{\"source\":\"a.jsonl\",\"old_chain\":\"intact\"}}";

        LogEntry.SegmentStart start = (LogEntry.SegmentStart) codec.decode(line, SEGMENT, 0);

        assertEquals(ImportedFrom.OldChain.INTACT, start.importedFrom().oldChain());
        assertEquals(line, codec.encodeToString(start));
    }

    @Test
    void brokenChainMarkWithoutItsLine_isCorrupt() {
        String line = START + "\"imported_from\":{\"source\":\"a.jsonl\",\"old_chain\":\"broken\"}}";

        CorruptDataException e = assertThrows(CorruptDataException.class, () -> codec.decode(line, SEGMENT, 0));

        assertTrue(e.reason().contains("broken_at_line"), e.reason());
    }
}
