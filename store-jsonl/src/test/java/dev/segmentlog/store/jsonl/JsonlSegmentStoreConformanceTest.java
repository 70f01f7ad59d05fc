package dev.segmentlog.store.jsonl;

import dev.segmentlog.conformance.DirectorySnapshot;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.codec.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared kit, run against the JSONL store: nothing is declared unsupported, and every hook is
 * there. Beneath the store are the directory's files: a rewritten entry is its line of the file, a
 * snapshot every file's bytes, and what a create that never finished leaves is its pointer and a file
 * holding half of the first line.
 */
class JsonlSegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return JsonlSegmentStore.open(TestDirectories.fresh("conformance"));
    }

    /** The same directory, opened again: what survives is what was on disk. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        JsonlSegmentStore store = (JsonlSegmentStore) closed;
        return JsonlSegmentStore.open(store.directory(), store.durability());
    }

    /** Another store on the same directory while the first is open, as another process would open it. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        JsonlSegmentStore store = (JsonlSegmentStore) first;
        return JsonlSegmentStore.open(store.directory(), store.durability());
    }

    @Override
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        return JsonlSegmentStore.openReadOnly(((JsonlSegmentStore) writer).directory());
    }

    /** Replaces the line of the entry (the store writes no blank line, so line {@code position} is the entry). */
    @Override
    protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
        Path file = segmentFile(((JsonlSegmentStore) closed).directory(), segment);
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteArrayOutputStream rewritten = new ByteArrayOutputStream(bytes.length + stored.length);
            int line = 0;
            for (int start = 0, end; start < bytes.length; start = end + 1, line++) {
                end = indexOfNewline(bytes, start);
                rewritten.writeBytes(line == position ? stored : Arrays.copyOfRange(bytes, start, end));
                rewritten.write('\n');
            }
            Files.write(file, rewritten.toByteArray());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Object storageSnapshot(SegmentStore store) {
        return DirectorySnapshot.of(((JsonlSegmentStore) store).directory(), path -> false);
    }

    /** The pointer, the session's directory, and the first half of the first line without its newline. */
    @Override
    protected void leaveTornCreate(SegmentStore store, SegmentId segment, List<StoredEntry> entries) {
        Path directory = ((JsonlSegmentStore) store).directory();
        SessionId session = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries)).sessionId();
        byte[] firstLine = EntryCodec.standard().encode(entries.get(0));
        try {
            Files.writeString(directory.resolve(".segments").resolve(segment.toString()), session.toString(), StandardCharsets.US_ASCII);
            Path sessionDirectory = Files.createDirectories(directory.resolve(session.toString()));
            Files.write(sessionDirectory.resolve(segment + ".jsonl"), Arrays.copyOf(firstLine, firstLine.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path segmentFile(Path directory, SegmentId segment) {
        String name = segment + ".jsonl";
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.filter(path -> path.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no file " + name + " in " + directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOfNewline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
