package dev.segmentlog.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Records the figures of a run (rounds, kills, entries verified, ...) on stdout and in
 * {@code target/reliability/figures.txt}, which the closing note of a run quotes.
 */
final class Figures {
    private Figures() {}

    static synchronized void record(String test, String figures) {
        String line = Instant.now() + " " + Soak.describe() + " " + test
                + ": " + figures;
        System.out.println("[figures] " + line);
        try {
            Path file = Work.root().resolve("figures.txt");
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
