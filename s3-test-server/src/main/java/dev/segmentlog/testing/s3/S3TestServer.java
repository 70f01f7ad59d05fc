package dev.segmentlog.testing.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * S3Proxy, an S3-compatible server, as a child JVM on a loopback port with its filesystem backend, its
 * objects in a data root that outlives the process: it can be stopped ({@link #stop()}) or SIGKILLed
 * ({@link #kill()}) and started again ({@link #start()}) on the same port with the same objects. One
 * bucket exists from the start (a directory of the data root; clients may create more). The server runs
 * with {@code authorization=none}: it accepts any signature, and unsigned requests too (what
 * {@link ConditionalPutProbe} sends); {@link #accessKeyId()} and {@link #secretAccessKey()} are what
 * clients should sign with, distinctive enough to search for in messages.
 *
 * <p>S3Proxy 4.x creates a new object with a hard link, which fails if the
 * key exists, so its {@code If-None-Match: *} is atomic: of several PUTs of one new key racing, exactly
 * one gets 200. {@link #checkThenWriteVersion()} names an older S3Proxy whose conditional write checks and
 * then writes, for tests that must see an unsafe server caught.
 *
 * <pre>{@code
 * try (S3TestServer server = S3TestServer.builder(dir).bucket("it").start()) {
 *     server.kill();   // as a crashed server would
 *     server.start();  // same port, same objects
 * }
 * }</pre>
 *
 * <p>Its root holds {@code data/} (the objects, one directory per bucket), {@code s3proxy.conf} (the
 * server's configuration) and {@code s3proxy.log} (its output); start failures quote the end of the
 * log. The jar is S3Proxy's jar-with-dependencies in the local Maven repository (the versions this
 * module was built with), or the {@code s3proxy.jar} system property for the default version. A
 * started server is SIGKILLed on JVM exit if it was not closed. Methods are thread-safe.
 */
public final class S3TestServer implements AutoCloseable {
    /** The region clients should use; the server accepts any. */
    public static final String REGION = "us-east-1";

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final Path root;
    private final Path jar;
    private final int port;
    private final String bucket;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final List<String> jvmOptions;
    private final Duration startupDeadline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final Thread killOnExit = new Thread(this::killQuietly, "s3-test-server-kill-on-exit");
    private volatile Process process;
    private int starts;
    private boolean hookAdded;

    private S3TestServer(Builder builder, Path jar, int port) {
        this.root = builder.root;
        this.jar = jar;
        this.port = port;
        this.bucket = builder.bucket;
        this.accessKeyId = builder.accessKeyId;
        this.secretAccessKey = builder.secretAccessKey;
        this.jvmOptions = builder.jvmOptions;
        this.startupDeadline = builder.startupDeadline;
    }

    /**
     * A builder for a server whose data and log live in {@code root}.
     *
     * @param root the directory of the server's data and log, created if missing; kept on {@link #close()}
     * @return a builder with the defaults: S3Proxy {@link #defaultVersion()}, a free port, bucket
     *         {@code segmentlog-test}, test credentials, {@code -Xmx256m -XX:TieredStopAtLevel=1
     *         -XX:+UseSerialGC}, a 120 s startup deadline
     * @throws NullPointerException if {@code root} is null
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** @return the S3Proxy version servers run unless told otherwise (the build's {@code s3proxy.version}) */
    public static String defaultVersion() {
        return S3ProxyJar.version();
    }

    /**
     * An older S3Proxy version whose {@code If-None-Match: *} checks and then writes, so that several
     * racing PUTs of one new key can all get 200 (the build's {@code s3proxy.unsafe.version}): run it with
     * {@link Builder#version} where a test must see an unsafe server caught.
     *
     * @return the version
     */
    public static String checkThenWriteVersion() {
        return S3ProxyJar.unsafeVersion();
    }

    /**
     * A loopback port that was free a moment ago (for a server, or for an endpoint nothing listens on).
     *
     * @return the port
     * @throws UncheckedIOException if no port can be bound
     */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * Starts the server process, again after {@link #stop()} or {@link #kill()} on the same port and
     * data, and waits until the bucket answers; does nothing if it is running.
     *
     * @return this server
     * @throws IllegalStateException if the process exits or the bucket does not answer before the
     *         startup deadline (the process is then killed); the message quotes the server's log
     * @throws UncheckedIOException if the process cannot be launched
     */
    public synchronized S3TestServer start() {
        if (isRunning()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--properties", configuration().toString()));
        try {
            // the filesystem backend keeps a bucket as a directory of the base directory
            Files.createDirectories(root.resolve("data").resolve(bucket));
            Files.writeString(configuration(), String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=none",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root.resolve("data"),
                    ""), StandardCharsets.UTF_8);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Proxy (" + jar + ") in " + root, e);
        }
        starts++;
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(killOnExit);
            hookAdded = true;
        }
        awaitReady();
        return this;
    }

    /** Polls the bucket until it answers, failing with the log when the process dies or the deadline passes. */
    private void awaitReady() {
        long deadline = System.nanoTime() + startupDeadline.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint().resolve("/" + bucket + "?list-type=2&max-keys=1"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            Process current = process;
            if (!current.isAlive()) {
                process = null;
                throw new IllegalStateException("S3Proxy exited with " + current.exitValue() + " while starting on port "
                        + port + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("S3Proxy did not answer on port " + port + " within " + startupDeadline
                        + ":\n" + logTail());
            }
            try {
                Thread.sleep(100); // polling a port with a deadline, not synchronising
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
            }
        }
    }

    /**
     * Stops the process gracefully (SIGTERM, SIGKILL if it is still there after 20 s) and waits for it to
     * go; the data stays for the next {@link #start()}. Does nothing if it is not running.
     */
    public synchronized void stop() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * SIGKILLs the process, as a crashed or OOM-killed server would die (mid-request, nothing flushed),
     * and waits for it to go. Does nothing if it is not running.
     *
     * @throws IllegalStateException if the process is still there 30 s after SIGKILL
     */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            if (!current.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("S3Proxy (pid " + current.pid() + ") did not die within "
                        + KILL_WAIT + " of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void killQuietly() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
        }
    }

    /** Stops the server ({@link #stop()}); its root is kept. */
    @Override
    public synchronized void close() {
        stop();
        if (hookAdded) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds nothing to kill
            }
            hookAdded = false;
        }
    }

    /** @return whether the server process is alive */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * @return the process id of the running server
     * @throws IllegalStateException if it is not running
     */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("S3Proxy is not running on port " + port);
        }
        return current.pid();
    }

    /** @return how many times the process was started (restarts are this minus one) */
    public synchronized int starts() {
        return starts;
    }

    /** @return the loopback port, the same across restarts */
    public int port() {
        return port;
    }

    /** @return {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the bucket that exists from the start */
    public String bucket() {
        return bucket;
    }

    /** @return {@link #REGION} */
    public String region() {
        return REGION;
    }

    /** @return the access key id clients should sign with */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** @return the secret access key clients should sign with */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** @return the directory of the server's data ({@code data/}), configuration and log */
    public Path root() {
        return root;
    }

    /** @return the server's output, appended to across restarts */
    public Path log() {
        return root.resolve("s3proxy.log");
    }

    private Path configuration() {
        return root.resolve("s3proxy.conf");
    }

    /** @return the S3Proxy jar this server runs */
    public Path jar() {
        return jar;
    }

    /**
     * The segmentlog S3 store URI of a prefix of the bucket: endpoint, region, path-style addressing
     * and the credentials; append more options with {@code &name=value}.
     *
     * @param prefix the key prefix, without leading or trailing slash
     * @return {@code s3://BUCKET/PREFIX?endpoint=…&region=…&path_style=true&access_key_id=…&secret_access_key=…}
     * @throws NullPointerException if {@code prefix} is null
     */
    public String storeUri(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=" + REGION + "&path_style=true"
                + "&access_key_id=" + accessKeyId + "&secret_access_key=" + secretAccessKey;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log() + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "S3TestServer[" + endpoint() + ", bucket " + bucket + ", root " + root + (isRunning() ? "" : ", stopped")
                + "]";
    }

    /** How to run the server; {@link #start()} launches it. */
    public static final class Builder {
        private final Path root;
        private int port;
        private String bucket = "segmentlog-test";
        private String accessKeyId = "test-access-key-id";
        private String secretAccessKey = "test-secret-access-key-do-not-log";
        private Path jar;
        private String version;
        private List<String> jvmOptions = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        private Duration startupDeadline = Duration.ofSeconds(120);

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        }

        /**
         * @param port the loopback port; 0 (the default) for a free one
         * @return this builder
         * @throws IllegalArgumentException if not in 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535 (0 for a free one): " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param bucket the bucket that exists from the start
         * @return this builder
         * @throws IllegalArgumentException if it is not a valid S3 bucket name (3 to 63 of a-z, 0-9, '.', '-')
         */
        public Builder bucket(String bucket) {
            if (!BUCKET_NAME.matcher(Objects.requireNonNull(bucket, "bucket")).matches()) {
                throw new IllegalArgumentException("not an S3 bucket name (3 to 63 of a-z, 0-9, '.', '-', starting and"
                        + " ending with a letter or digit): '" + bucket + "'");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * @param accessKeyId what clients should sign with
         * @param secretAccessKey what clients should sign with; make it distinctive to search messages for it
         * @return this builder
         * @throws IllegalArgumentException if either is blank
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (Objects.requireNonNull(accessKeyId, "accessKeyId").isBlank()
                    || Objects.requireNonNull(secretAccessKey, "secretAccessKey").isBlank()) {
                throw new IllegalArgumentException("credentials must not be blank");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /**
         * @param jar an S3Proxy jar-with-dependencies, instead of the one of {@link #version} in the local
         *            Maven repository
         * @return this builder
         */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /**
         * @param version the S3Proxy version to run, one this module's build put into the local Maven
         *                repository: {@link S3TestServer#defaultVersion()} (the default) or
         *                {@link S3TestServer#checkThenWriteVersion()}
         * @return this builder
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * @param options the server JVM's options, replacing the defaults (a small heap and C1 only, for a
         *                fast start; a benchmark wants a bigger heap and C2)
         * @return this builder
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /**
         * @param deadline how long {@link S3TestServer#start()} waits for the bucket to answer
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder startupDeadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("startup deadline must be positive: " + deadline);
            }
            this.startupDeadline = deadline;
            return this;
        }

        /**
         * Launches the server and waits until its bucket answers.
         *
         * @return the running server
         * @throws IllegalStateException if the jar is not found (the message says where it looked) or the
         *         server does not come up (see {@link S3TestServer#start()})
         * @throws UncheckedIOException if the process cannot be launched
         */
        public S3TestServer start() {
            Path executable = jar != null ? jar : S3ProxyJar.locate(version != null ? version : S3ProxyJar.version());
            if (!Files.isRegularFile(executable)) {
                throw new IllegalStateException("S3Proxy jar not found at " + executable);
            }
            return new S3TestServer(this, executable, port != 0 ? port : freeLoopbackPort()).start();
        }
    }
}
