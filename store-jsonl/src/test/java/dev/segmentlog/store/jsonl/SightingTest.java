package dev.segmentlog.store.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.segmentlog.core.SegmentId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * A reader without a lock ({@link Sighting#unlocked}) against a writer at each step of a batch: the
 * writer here acts exactly between the reader's first look at the file and its reading of the record.
 */
class SightingTest {
    private static final String COMMITTED = "{\"line\":0}\n";
    private static final String BATCH = "{\"line\":1}\n{\"line\":2}\n{\"line\":3}\n";
    private static final String FIRST_OF_BATCH = "{\"line\":1}\n";

    private final Path file = TestDirectories.fresh("sighting").resolve("segment.jsonl");
    private final PendingWrite batch = new PendingWrite(SegmentFile.flat(SegmentId.generate()), COMMITTED.length(),
            COMMITTED.length() + BATCH.length());
    /** The stripe's record, as the writer leaves it. */
    private PendingWrite record;

    private void append(String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens the file; the first time, {@code writer} acts first (after the reader's first look). */
    private Sighting.Opener openingAfter(WriterStep writer) {
        boolean[] acted = new boolean[1];
        return attributes -> {
            if (!acted[0]) {
                acted[0] = true;
                writer.act();
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        };
    }

    @FunctionalInterface
    private interface WriterStep {
        void act() throws IOException;
    }

    @Test
    void unlocked_whenTheWriterFinishesABatchRightAfterTheFirstLook_looksAgainAndSeesAllOfIt() throws IOException {
        append(COMMITTED);
        record = batch;
        append(FIRST_OF_BATCH); // the first look sees one line of the batch

        Sighting seen = Sighting.unlocked(file, () -> record, openingAfter(() -> {
            append(BATCH.substring(FIRST_OF_BATCH.length()));
            record = null; // finished: the record is cleared, so it no longer says the line was part of a batch
        }), true);
        seen.channel().close();

        assertEquals(COMMITTED.length() + BATCH.length(), seen.attributes().size());
        assertNull(seen.pending());
    }

    @Test
    void unlocked_whenTheWriterStillWritesTheBatch_seesItsRecordWithTheSize() throws IOException {
        append(COMMITTED);
        record = batch;
        append(FIRST_OF_BATCH);

        Sighting seen = Sighting.unlocked(file, () -> record, openingAfter(() -> { }), true);
        seen.channel().close();

        assertEquals(COMMITTED.length() + FIRST_OF_BATCH.length(), seen.attributes().size());
        assertEquals(batch, seen.pending());
    }

    @Test
    void unlocked_whenTheWriterBeginsABatchRightAfterTheFirstLook_looksAgain() throws IOException {
        append(COMMITTED);

        Sighting seen = Sighting.unlocked(file, () -> record, openingAfter(() -> {
            record = batch;
            append(FIRST_OF_BATCH);
        }), true);
        seen.channel().close();

        assertEquals(COMMITTED.length() + FIRST_OF_BATCH.length(), seen.attributes().size());
        assertEquals(batch, seen.pending(), "the size includes part of the batch, and the record says so");
    }
}
