package dev.segmentlog.testing.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where Adobe S3Mock's executable jar is: the {@code s3mock.jar} system property if set, else the local
 * Maven repository, where this module's build puts it ({@code dependency:get}). The version is the
 * build's {@code s3mock.version}, filtered into {@code s3mock.properties}.
 */
final class S3MockJar {
    static final String PROPERTY = "s3mock.jar";

    private S3MockJar() {}

    /** Looks the jar up with this JVM's system properties. */
    static Path locate() {
        return locate(System::getProperty, version());
    }

    /**
     * Looks the jar up.
     *
     * @param properties system properties by name ({@code null} when unset)
     * @param version the S3Mock version
     * @throws IllegalStateException if no candidate is a file; the message names every place looked at
     */
    static Path locate(UnaryOperator<String> properties, String version) {
        String explicit = properties.apply(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Mock jar not found at " + jar + " (-D" + PROPERTY
                        + "): pass the path of s3mock-" + version + "-exec.jar, or leave the property unset to use"
                        + " the local Maven repository");
            }
            return jar;
        }
        List<Path> candidates = new ArrayList<>();
        // maven.repo.local: set by hand; localRepository: set by Surefire in the test JVM
        for (String property : List.of("maven.repo.local", "localRepository")) {
            String repository = properties.apply(property);
            if (repository != null && !repository.isBlank()) {
                candidates.add(inRepository(Path.of(repository), version));
            }
        }
        candidates.add(inRepository(Path.of(properties.apply("user.home"), ".m2", "repository"), version));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("S3Mock " + version + " jar not found; looked at " + candidates
                + ": build the s3-test-server module once (mvn -pl s3-test-server install downloads it from"
                + " Maven Central) or pass -D" + PROPERTY + "=PATH");
    }

    static Path inRepository(Path repository, String version) {
        return repository.resolve(Path.of("com", "adobe", "testing", "s3mock", version,
                "s3mock-" + version + "-exec.jar"));
    }

    /** The S3Mock version this module was built with. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = S3MockJar.class.getResourceAsStream("s3mock.properties")) {
            if (in == null) {
                throw new IllegalStateException("s3mock.properties is missing from the s3-test-server jar: rebuild it");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3mock.properties", e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException("s3mock.properties has no filtered version ('" + version
                    + "'): rebuild s3-test-server with Maven");
        }
        return version;
    }
}
