package dev.segmentlog.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link SegmentStoreConformanceTest#storageSnapshot} for a store kept in files: every file and
 * directory under a root, by relative path, with the SHA-256 of each file's bytes. Public, so that
 * the test class of a store on files returns it in one line.
 */
public final class DirectorySnapshot {
    private DirectorySnapshot() {}

    /**
     * Every directory and file under {@code root} (the root itself left out) whose path does not match
     * {@code ignored}: a directory maps to {@code "directory"}, a file to the hex SHA-256 of its bytes.
     *
     * @param root    the directory the store keeps its data in
     * @param ignored what holds no data and changes when data is merely read (SQLite's {@code -shm})
     * @return a sorted map, equal to another snapshot exactly when nothing else under {@code root} changed
     * @throws UncheckedIOException if the directory cannot be read
     * @throws NullPointerException if an argument is null
     */
    public static Map<String, String> of(Path root, Predicate<Path> ignored) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(ignored, "ignored");
        Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.equals(root) || ignored.test(path)) {
                    continue;
                }
                String name = root.relativize(path).toString();
                snapshot.put(name, Files.isDirectory(path) ? "directory" : sha256(Files.readAllBytes(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a snapshot of " + root, e);
        }
        return snapshot;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
