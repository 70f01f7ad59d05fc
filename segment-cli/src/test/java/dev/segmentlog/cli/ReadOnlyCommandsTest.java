package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that only read open their store read-only: a store in a read-only directory can be
 * inspected and copied from, and nothing in it is created or changed; a store that is missing is
 * an error, and nothing is created.
 */
class ReadOnlyCommandsTest {
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> WRITABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    @TempDir
    Path dir;

    /** Every command that only reads, with its arguments for the conversation {@code written}. */
    private static List<List<String>> readingCommands(Conversations.Written written, Path copyTarget) {
        String main = written.main().toString();
        String session = written.session().toString();
        return List.of(
                List.of("ls"),
                List.of("ls", "--segments"),
                List.of("show", main),
                List.of("show", main, "--json"),
                List.of("replay", main),
                List.of("replay", main, "--json", "--at-turn", "1"),
                List.of("tree", session),
                List.of("tree", session, "--dot"),
                List.of("verify", "--all"),
                List.of("verify", written.fork().toString()),
                List.of("copy", "--to", "jsonl:" + copyTarget));
    }

    private static Cli.Result run(List<String> command, String uri) {
        List<String> args = new ArrayList<>(command);
        args.add("--store");
        args.add(uri);
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void readingCommands_onAStoreInAReadOnlyDirectory_workAndChangeNothing(String scheme) throws IOException {
        Path area = Files.createDirectory(dir.resolve("read-only"));
        String uri = Conversations.storeUri(scheme, area);
        Conversations.Written written = Conversations.writeChained(uri);
        if (scheme.equals("jsonl")) {
            keepOnlyTheLogs(area.resolve("logs"));
        }
        List<List<String>> commands = readingCommands(written, dir.resolve("copy"));
        TreeMap<String, String> before = snapshot(area);
        boolean enforced;
        List<Cli.Result> results = new ArrayList<>();
        setPermissions(area, READ_ONLY);
        try {
            // Root writes into a directory whatever its mode: then only the comparison below can tell.
            enforced = !Files.isWritable(area);
            for (List<String> command : commands) {
                results.add(run(command, uri));
            }
        } finally {
            setPermissions(area, WRITABLE);
        }

        for (int i = 0; i < commands.size(); i++) {
            Cli.Result result = results.get(i);
            assertEquals(0, result.exitCode(), commands.get(i) + " " + result);
            assertEquals("", result.err(), commands.get(i) + " " + result);
        }
        TreeMap<String, String> after = snapshot(area);
        if (scheme.equals("sqlite") && !enforced) {
            // Where the directory can be written, a read-only SQLite reader takes part in WAL locking
            // and may leave the -wal and -shm files it needs (store-sqlite's package-info): they are
            // the only files allowed to appear (so the directory's own mtime may change); the database
            // file itself must not change.
            after.keySet().removeAll(Set.of("", "test.db-wal", "test.db-shm"));
            before.remove("");
        }
        assertEquals(before, after, "the directory read from, " + (enforced ? "read-only" : "writable by root"));
    }

    @Test
    void readingCommands_onAnEmptySqliteFile_refuseIt_andLeaveItEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.db"));
        Conversations.Written absent = new Conversations.Written(SessionId.generate(), SegmentId.generate(),
                SegmentId.generate());

        for (List<String> command : readingCommands(absent, dir.resolve("copy"))) {
            Cli.Result result = run(command, "sqlite:" + file);

            assertEquals(1, result.exitCode(), command + " " + result);
            assertEquals(1, result.errLines().size(), command + " " + result);
            assertTrue(result.err().startsWith("segmentlog " + command.get(0) + ": "), command + " " + result);
        }
        assertEquals(0, Files.size(file), "no schema was written into the empty file");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "nothing was created beside it");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl:%s/logs", "sqlite:%s/test.db", "sqlite:%s/no-such-dir/test.db"})
    void readingCommands_onAMissingStore_sayItIsMissing_andCreateNothing(String pattern) throws IOException {
        String uri = String.format(pattern, dir);
        Conversations.Written absent = new Conversations.Written(SessionId.generate(), SegmentId.generate(),
                SegmentId.generate());

        for (List<String> command : readingCommands(absent, dir.resolve("copy"))) {
            Cli.Result result = run(command, uri);

            assertEquals(1, result.exitCode(), command + " " + result);
            assertEquals("", result.out(), command + " " + result);
            assertEquals(1, result.errLines().size(), command + " " + result);
            assertTrue(result.err().startsWith("segmentlog " + command.get(0) + ": "), command + " " + result);
            assertTrue(result.err().contains("does not exist"), command + " " + result);
            assertTrue(result.err().contains("Nothing was created"), command + " " + result);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing was created, not even the copy's target");
        }
    }

    /**
     * Deletes what a JSONL writer adds beside the logs ({@code .lock}, {@code .pending}, {@code .segments/}),
     * as a backup or another program's data directory may lack them: a reader must not add them.
     */
    private static void keepOnlyTheLogs(Path logs) throws IOException {
        try (Stream<Path> pointers = Files.list(logs.resolve(".segments"))) {
            for (Path pointer : pointers.toList()) {
                Files.delete(pointer);
            }
        }
        for (String name : List.of(".segments", ".lock", ".pending")) {
            Files.delete(logs.resolve(name));
        }
    }

    /** Each path under {@code root}: a directory's mtime, or a file's size, mtime and SHA-256. */
    private static TreeMap<String, String> snapshot(Path root) throws IOException {
        TreeMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String modified = Files.getLastModifiedTime(path).toString();
                entries.put(root.relativize(path).toString(), Files.isDirectory(path) ? "dir " + modified
                        : Files.size(path) + " bytes, " + modified + ", sha256 " + sha256(path));
            }
        }
        return entries;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets {@code permissions} on every directory under {@code root} and the same without x on every file. */
    private static void setPermissions(Path root, Set<PosixFilePermission> permissions) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> {
                Set<PosixFilePermission> set = Files.isDirectory(path) ? permissions : withoutExecute(permissions);
                try {
                    Files.setPosixFilePermissions(path, set);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Set<PosixFilePermission> withoutExecute(Set<PosixFilePermission> permissions) {
        Set<PosixFilePermission> set = new HashSet<>(permissions);
        set.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        return set;
    }
}
