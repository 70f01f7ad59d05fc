package dev.segmentlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "ls", "show", "replay", "tree", "fork", "verify", "copy"})
    void everyCommand_hasHelpThatNamesTheStoreOptionAndItsDefault(String command) {
        Cli.Result result = Cli.run(command, "--help");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Usage: segmentlog " + command), result::toString);
        assertTrue(result.out().contains("--store=URI"), result::toString);
        assertTrue(result.out().contains("(default: sqlite:segmentlog.db)"), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    @Test
    void topLevelHelp_listsEveryCommand() {
        Cli.Result result = Cli.run("--help");

        assertEquals(0, result.exitCode(), result::toString);
        for (String command : new String[] {"demo", "ls", "show", "replay", "tree", "fork", "verify", "copy"}) {
            assertTrue(result.out().contains("\n  " + command + " "), () -> command + " missing in\n" + result);
        }
    }

    @Test
    void version_isPrinted() {
        Cli.Result result = Cli.run("--version");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("segmentlog "), result::toString);
    }
}
