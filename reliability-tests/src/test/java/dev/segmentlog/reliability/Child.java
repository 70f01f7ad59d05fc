package dev.segmentlog.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one of this package's mains on the test class path. Its stdout is read line by
 * line by a daemon thread into a queue, so the test waits for a line with a deadline; its stderr goes
 * to a log file whose tail is added to failure messages. {@link #close()} kills it (SIGKILL)
 * and removes its temporary directory.
 *
 * <p>The child also writes every stdout line to a file first ({@link AckingAppender#say}): a file
 * keeps all the child wrote even when it is killed, so {@link #drain()} after a kill returns every
 * line, where the last lines still in flight through the process pipe could be missed.
 */
final class Child implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final String name;
    private final Process process;
    private final Path stderr;
    private final Path stdoutCopy;
    private final Path temp;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;
    private int consumed;

    private Child(String name, Process process, Path stderr, Path stdoutCopy, Path temp) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.stdoutCopy = stdoutCopy;
        this.temp = temp;
        Thread reader = new Thread(this::pump, "child-stdout-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static Child start(String name, Class<?> main, List<String> args) {
        return start(name, main, args, List.of());
    }

    /** Starts {@code main} with more JVM options, e.g. those of a {@link ClassArchive}. */
    static Child start(String name, Class<?> main, List<String> args, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // the JVM's own warnings go to stderr: stdout is the child's protocol
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(jvmOptions);
        Path stdoutCopy = Work.root().resolve("child-" + name + ".stdout.log");
        try {
            Files.deleteIfExists(stdoutCopy); // a copy left by an earlier run is not this child's output
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the old stdout copy " + stdoutCopy, e);
        }
        command.add("-D" + AckingAppender.STDOUT_COPY + "=" + stdoutCopy);
        // what a killed child leaves in its temporary directory (SQLite's native library, 1 MB a start)
        // stays in target/reliability and is removed when it is gone, instead of filling /tmp
        Path temp = Work.root().resolve("child-" + name + ".tmp");
        Work.delete(temp);
        command.add("-Djava.io.tmpdir=" + Work.directory(temp));
        command.add("-cp");
        command.add(ClassArchive.classPath());
        command.add(main.getName());
        command.addAll(args);
        Path log = Work.root().resolve("child-" + name + ".stderr.log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new Child(name, process, log, stdoutCopy, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM " + name, e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException killed) {
            // the pipe breaks when the child is killed: that is the end of its output
        } finally {
            lines.add(EOF);
        }
    }

    String name() {
        return name;
    }

    /** The next stdout line, or null when the child's output ended or {@code timeout} passed. */
    String nextLine(Duration timeout) throws InterruptedException {
        if (ended) {
            return null;
        }
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (EOF.equals(line)) {
            ended = true;
            return null;
        }
        if (line != null) {
            consumed++;
        }
        return line;
    }

    /**
     * After {@link #kill()}: every line the child printed that {@link #nextLine} has not returned yet,
     * read from the child's own copy of its stdout.
     */
    List<String> drain() {
        try {
            String printed = Files.exists(stdoutCopy) ? Files.readString(stdoutCopy, StandardCharsets.UTF_8) : "";
            // only whole lines count: a line the kill cut off was never printed, so it was never an ack
            List<String> whole = List.of(printed.substring(0, printed.lastIndexOf('\n') + 1).split("\n", -1));
            whole = whole.subList(0, whole.size() - 1);
            ended = true;
            return new ArrayList<>(whole.subList(Math.min(consumed, whole.size()), whole.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the stdout copy of child " + name, e);
        }
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** SIGKILL (on Linux, {@link Process#destroyForcibly()}), and wait until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + name + " did not die within 30 s of SIGKILL");
        }
        Work.delete(temp);
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderrTail() {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                Work.delete(temp);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
