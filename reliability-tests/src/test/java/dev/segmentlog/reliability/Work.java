package dev.segmentlog.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The working directory of the tests: {@code target/reliability} (fresh subdirectories per test). */
final class Work {
    private Work() {}

    static Path root() {
        Path root = Path.of(System.getProperty("reliability.work", "target/reliability")).toAbsolutePath();
        try {
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fresh(String name) {
        try {
            return Files.createTempDirectory(root(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
