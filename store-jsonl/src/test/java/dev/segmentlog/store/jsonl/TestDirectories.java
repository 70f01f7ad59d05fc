package dev.segmentlog.store.jsonl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Store directories for the adapter's tests; entries come from the kit's {@code Fixtures}. */
final class TestDirectories {
    private TestDirectories() {}

    /** A fresh directory under target/, left for inspection after a failure. */
    static Path fresh(String purpose) {
        try {
            Path dir = Path.of("target", purpose, UUID.randomUUID().toString());
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
