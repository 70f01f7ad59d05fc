package dev.segmentlog.reliability;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class data sharing for child JVMs (the JDK's CDS): starting a JVM is most of what a crash round
 * costs, and most of a start is loading and verifying the same classes again. One run of a child's
 * main that ends normally writes every class it loaded to an archive
 * ({@code -XX:ArchiveClassesAtExit}); the children started with that archive map those classes
 * instead, which about halves the CPU time of their start. A JVM that cannot use the archive loads its
 * classes as usual, only slower.
 *
 * <p>The JVM archives classes only from jars, so {@link #classPath()} is the test class path with
 * each directory ({@code target/test-classes}) packed into a jar, made once per test JVM; every child
 * runs on it, with or without an archive.
 */
final class ClassArchive {
    /** Children without an archive. */
    static final ClassArchive NONE = new ClassArchive(null);

    private static String classPath;

    private final Path file;

    private ClassArchive(Path file) {
        this.file = file;
    }

    /**
     * Runs {@code main} with {@code args} to its normal end and archives the classes it loaded; if
     * that run fails or no archive results, the returned archive is {@link #NONE}'s equivalent (its
     * children load classes as usual) and the run's stderr log says why.
     */
    static ClassArchive record(String name, Class<?> main, List<String> args, Duration timeout)
            throws InterruptedException {
        Path file = Work.root().resolve("classes-" + name + ".jsa");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the old class archive " + file, e);
        }
        try (Child child = Child.start("archive-" + name, main, args, List.of("-XX:ArchiveClassesAtExit=" + file))) {
            if (!child.waitFor(timeout) || child.exitValue() != 0) {
                return NONE;
            }
        }
        return Files.isRegularFile(file) ? new ClassArchive(file) : NONE;
    }

    /** The options that make a child JVM use this archive. */
    List<String> jvmOptions() {
        return file == null ? List.of() : List.of("-XX:SharedArchiveFile=" + file);
    }

    boolean recorded() {
        return file != null;
    }

    /** The test class path, its directories replaced by jars of their content. */
    static synchronized String classPath() {
        if (classPath == null) {
            List<String> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                entries.add(Files.isDirectory(path) ? jar(path, entries.size()).toString() : entry);
            }
            classPath = String.join(File.pathSeparator, entries);
        }
        return classPath;
    }

    private static Path jar(Path directory, int index) {
        Path jar = Work.root().resolve("class-path-" + index + "-" + directory.getFileName() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out);
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jarOut.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack " + directory + " into " + jar, e);
        }
        return jar;
    }
}
