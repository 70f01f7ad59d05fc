package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStoreProvider;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets exit code 1 and one line on stderr; a bug gets exit code 2; never a stack trace unasked. */
class ErrorsTest {

    @TempDir
    Path dir;

    /** A provider whose store cannot open for a reason no user could fix: an internal error. */
    @BeforeAll
    static void registerBrokenProvider() {
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of("cli-test-broken");
            }

            @Override
            public SegmentStore open(StoreUri uri) {
                throw new IllegalStateException("simulated bug in a provider");
            }
        });
        // A third-party adapter that takes no option, mode included: it cannot open a store read-only.
        SegmentStores.register(new SegmentStoreProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of("cli-test-no-options");
            }

            @Override
            public SegmentStore open(StoreUri uri) {
                uri.requireKnownOptions(Set.of());
                return SegmentStores.open("mem:" + uri.location());
            }
        });
    }

    private static void assertOneLineError(Cli.Result result, String expected) {
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("", result.out(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().contains(expected), result::toString);
    }

    @Test
    void unknownScheme_listsTheInstalledSchemes() {
        Cli.Result result = Cli.run("ls", "--store", "redis://localhost/0");

        assertOneLineError(result, "segmentlog ls: invalid store URI 'redis://localhost/0?mode=ro': no store "
                + "provider for scheme 'redis': installed schemes are [");
        assertTrue(result.err().contains("jsonl") && result.err().contains("sqlite"), result::toString);
    }

    @Test
    void aStoreThatCannotBeOpenedReadOnly_isRefusedByAReadingCommand_sayingWhy() {
        Cli.Result result = Cli.run("ls", "--store", "cli-test-no-options:x");

        assertOneLineError(result, "segmentlog ls: invalid store URI 'cli-test-no-options:x?mode=ro': unknown option "
                + "[mode] for scheme 'cli-test-no-options'; known options are [] (a command that only reads opens its "
                + "store read-only, with mode=ro)");
    }

    @Test
    void malformedUri_isAUserError() {
        assertOneLineError(Cli.run("ls", "--store", "no-scheme-here"), "invalid store URI 'no-scheme-here'");
    }

    @Test
    void malformedSegmentId_namesTheExpectedForm() {
        Cli.Result result = Cli.run("show", "../../etc/passwd", "--store", Conversations.emptyStore("jsonl", dir));

        assertOneLineError(result, "segmentlog show: invalid segment id '../../etc/passwd': expected a UUID");
    }

    @Test
    void missingSegment_isNamed() {
        SegmentId missing = SegmentId.generate();

        Cli.Result result = Cli.run("replay", missing.toString(), "--store", Conversations.emptyStore("sqlite", dir));

        assertOneLineError(result, "segmentlog replay: segment " + missing + " does not exist");
    }

    @Test
    void forkAtATurnNeverReached_saysHowFarTheLogGot() {
        String uri = Conversations.storeUri("jsonl", dir);
        Conversations.Written written = Conversations.write(uri);

        Cli.Result result = Cli.run("fork", written.main().toString(), "--at-turn", "7", "--store", uri);

        assertOneLineError(result, "segmentlog fork: turn 7 was never reached: the log ends after turn 2");
    }

    @Test
    void missingRequiredOption_pointsAtHelp() {
        Cli.Result result = Cli.run("fork", SegmentId.generate().toString());

        assertOneLineError(result, "segmentlog fork: Missing required argument (specify one of these): "
                + "(--at-turn=N | --at-entry=N | --at-hash=HASH) (see 'segmentlog fork --help')");
    }

    @Test
    void forkWithTwoCuts_isRefusedBeforeTheStoreIsOpened() {
        Cli.Result result = Cli.run("fork", SegmentId.generate().toString(), "--at-turn", "1", "--at-entry", "3");

        assertOneLineError(result, "segmentlog fork: --at-turn=N, --at-entry=N are mutually exclusive "
                + "(specify only one) (see 'segmentlog fork --help')");
    }

    @Test
    void unknownCommand_isAUserError() {
        assertOneLineError(Cli.run("frobnicate"), "segmentlog: Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void noCommand_listsTheCommands() {
        assertOneLineError(Cli.run(), "a command is required: demo, ls, show, replay, tree, fork, verify, copy");
    }

    @Test
    void verifyWithBothASegmentAndAll_isAUserError() {
        Cli.Result result = Cli.run("verify", SegmentId.generate().toString(), "--all",
                "--store", Conversations.emptyStore("jsonl", dir));

        assertOneLineError(result, "give either SEGMENT or --all, not both");
    }

    @Test
    void internalError_exits2WithoutAStackTrace() {
        Cli.Result result = Cli.run("ls", "--store", "cli-test-broken:x");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().startsWith("segmentlog ls: internal error: java.lang.IllegalStateException: "
                + "simulated bug in a provider (run with --verbose for the stack trace)"), result::toString);
    }

    @Test
    void verbose_addsTheStackTrace() {
        Cli.Result result = Cli.run("ls", "--verbose", "--store", "cli-test-broken:x");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("\tat "), result::toString);
    }

    @Test
    void userErrors_printNoStackTrace() {
        Cli.Result result = Cli.run("show", SegmentId.generate().toString(), "--store", Conversations.emptyStore("jsonl", dir));

        assertEquals(1, result.exitCode(), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
    }
}
