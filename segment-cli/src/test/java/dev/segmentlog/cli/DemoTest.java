package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void demo_tellsOfTheForkTheCompactionAndTheAutoFork(String scheme) {
        Cli.Result result = Cli.run("demo", "--store", Conversations.storeUri(scheme, dir));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err(), result::toString);
        String out = result.out();
        assertTrue(out.contains("  fork at turn 1 "), out);
        assertTrue(out.contains("  compaction at turn 3 "), out);
        assertTrue(out.contains("  auto-fork at turn 4 "), out);
        assertTrue(out.contains("first writer's next append forked instead of interleaving"), out);
        assertTrue(out.contains("Session tree\n"), out);
        assertTrue(out.contains("├── "), out);
        assertTrue(out.contains("    └── "), out); // the auto-fork, under the compaction
        assertTrue(out.contains("\nSEGMENT  "), out);
        assertTrue(out.contains("compaction of "), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void demoTwice_startsANewSessionEachTime_andLeavesAStoreThatVerifies(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);

        Cli.Result first = Cli.run("demo", "--store", uri);
        Cli.Result second = Cli.run("demo", "--store", uri);
        Cli.Result ls = Cli.run("ls", "--store", uri);
        Cli.Result verify = Cli.run("verify", "--store", uri);

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(!session(first).equals(session(second)), second::toString);
        assertEquals(3, ls.outLines().size(), ls::toString);
        assertTrue(ls.outLines().get(1).startsWith(session(second)), ls::toString); // newest first
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().endsWith("verified 8 segments, 84 entries: all ok\n"), verify::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "sqlite"})
    void demoHints_workAsPrinted(String scheme) {
        String uri = Conversations.storeUri(scheme, dir);
        Cli.Result demo = Cli.run("demo", "--store", uri);

        Matcher tree = Pattern.compile("segmentlog (tree \\S+) --store (\\S+)").matcher(demo.out());
        assertTrue(tree.find(), demo::toString);
        Cli.Result result = Cli.run(tree.group(1).split(" ")[0], tree.group(1).split(" ")[1], "--store", tree.group(2));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(5, result.outLines().size(), result::toString);
    }

    private static String session(Cli.Result demo) {
        Matcher session = Pattern.compile("^session (\\S+)$", Pattern.MULTILINE).matcher(demo.out());
        assertTrue(session.find(), demo::toString);
        return session.group(1);
    }
}
