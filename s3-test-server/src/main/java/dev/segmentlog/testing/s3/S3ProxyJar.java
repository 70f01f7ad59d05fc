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
 * Where S3Proxy's jar-with-dependencies is: the {@code s3proxy.jar} system property if set (for the
 * default version), else the local Maven repository, where this module's build puts it
 * ({@code dependency:get}). The versions are the build's {@code s3proxy.version} and
 * {@code s3proxy.unsafe.version}, filtered into {@code s3proxy.properties}.
 */
final class S3ProxyJar {
    static final String PROPERTY = "s3proxy.jar";

    private S3ProxyJar() {}

    /** Looks the jar of a version up with this JVM's system properties. */
    static Path locate(String version) {
        return locate(System::getProperty, version, version.equals(version()));
    }

    /**
     * Looks the jar up.
     *
     * @param properties  system properties by name ({@code null} when unset)
     * @param version     the S3Proxy version
     * @param overridable whether {@code -Ds3proxy.jar} may name the jar (it names the default version's)
     * @throws IllegalStateException if no candidate is a file; the message names every place looked at
     */
    static Path locate(UnaryOperator<String> properties, String version, boolean overridable) {
        String explicit = overridable ? properties.apply(PROPERTY) : null;
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Proxy jar not found at " + jar + " (-D" + PROPERTY
                        + "): pass the path of s3proxy-" + version + "-jar-with-dependencies.jar, or leave the"
                        + " property unset to use the local Maven repository");
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
        throw new IllegalStateException("S3Proxy " + version + " jar not found; looked at " + candidates
                + ": build the s3-test-server module once (mvn -pl s3-test-server install downloads it from"
                + " Maven Central)" + (overridable ? " or pass -D" + PROPERTY + "=PATH" : ""));
    }

    static Path inRepository(Path repository, String version) {
        return repository.resolve(Path.of("org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar"));
    }

    /** The S3Proxy version this module runs by default. */
    static String version() {
        return property("version");
    }

    /** The older S3Proxy version whose {@code If-None-Match} is check-then-write. */
    static String unsafeVersion() {
        return property("unsafe.version");
    }

    private static String property(String name) {
        Properties properties = new Properties();
        try (InputStream in = S3ProxyJar.class.getResourceAsStream("s3proxy.properties")) {
            if (in == null) {
                throw new IllegalStateException("s3proxy.properties is missing from the s3-test-server jar: rebuild it");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3proxy.properties", e);
        }
        String value = properties.getProperty(name, "");
        if (value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("s3proxy.properties has no filtered " + name + " ('" + value
                    + "'): rebuild s3-test-server with Maven");
        }
        return value;
    }
}
