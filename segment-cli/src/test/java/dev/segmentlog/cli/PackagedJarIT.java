package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar and the bin/segmentlog launcher as child processes. Bound to the
 * integration-test phase (after {@code package}) by the second Surefire execution in the pom.
 */
class PackagedJarIT {
    private static Path jar;
    private static Path launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        String jarPath = System.getProperty("segmentlog.jar");
        assumeTrue(jarPath != null, "run by Maven's integration-test phase, which names the packaged jar");
        jar = Path.of(jarPath);
        launcher = Path.of(System.getProperty("segmentlog.launcher"));
        assertTrue(Files.isRegularFile(jar), jar + " was not packaged");
    }

    record Run(int exitCode, String out, String err) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void demo_withNoArguments_writesTheDefaultSqliteFileInTheWorkingDirectory_silently()
            throws IOException, InterruptedException {
        Run demo = java("demo");

        assertEquals(0, demo.exitCode(), demo::toString);
        assertEquals("", demo.err(), "nothing on stderr: slf4j-nop keeps the adapters quiet");
        assertTrue(demo.out().contains("auto-fork at turn 4"), demo::toString);
        assertTrue(Files.isRegularFile(dir.resolve("segmentlog.db")));
        Run verify = java("verify");
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    void demoChained_onTheDefaultStore_verifiesEveryChain() throws IOException, InterruptedException {
        Run demo = java("demo", "--chained");
        Run verify = java("verify");

        assertEquals(0, demo.exitCode(), demo::toString);
        assertEquals("", demo.err(), demo::toString);
        assertTrue(demo.out().contains("ALTERED at position 2"), demo::toString);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 4 segments (4 chained), 42 entries: all ok\n"), verify::toString);
    }

    @Test
    void readingCommands_doNotCreateTheDefaultStore() throws IOException, InterruptedException {
        Run ls = java("ls");

        assertEquals(1, ls.exitCode(), ls::toString);
        assertEquals("segmentlog ls: no store in this directory: the default store sqlite:segmentlog.db does not "
                + "exist; pass --store URI, or run 'segmentlog demo' to create it\n", ls.err());
        assertTrue(Files.notExists(dir.resolve("segmentlog.db")));
    }

    @Test
    void everyAdapter_isFoundThroughServiceLoaderInsideTheJar() throws IOException, InterruptedException {
        Run result = java("ls", "--store", "nope:x");

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("installed schemes are [jsonl, postgresql, s3, sqlite]"), result::toString);
    }

    @Test
    void launcher_runsTheJar() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        Run result = run(List.of("bash", launcher.toString(), "ls", "--store", "jsonl:" + dir.resolve("logs")));

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("no sessions in jsonl:"), result::toString);
    }
}
