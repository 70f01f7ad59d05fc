package dev.segmentlog.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

    /** Creates the directory (and its parents) if missing; returns it. */
    static Path directory(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file or a directory with everything in it, if it exists. */
    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
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
