package dev.segmentlog.cli;

import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.StoreException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The {@code segmentlog} command. Exit codes: 0 success, 1 a user error (bad arguments, a bad
 * store URI, a missing segment, corrupt data, a failed verification), 2 an internal error.
 */
public final class Main {

    /** Success. */
    static final int OK = 0;
    /** The user asked for something that cannot be done; one line on stderr says why. */
    static final int USER_ERROR = 1;
    /** A bug or an unexpected failure. */
    static final int INTERNAL_ERROR = 2;

    private Main() {}

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line in-process and returns its exit code instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new Root())
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler(Main::onBadArguments)
                .setExecutionExceptionHandler(Main::onFailure);
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    private static int onBadArguments(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        // picocli starts some messages with "Error: ", which the prefix already says
        command.getErr().println(prefix(command) + oneLine(e.getMessage()).replaceFirst("^Error: ", "")
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        return USER_ERROR;
    }

    private static int onFailure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        boolean verbose = command.getCommand() instanceof StoreCommand store && store.verbose;
        boolean userError = e instanceof StoreException || e instanceof IllegalArgumentException;
        if (userError) {
            err.println(prefix(command) + oneLine(message(e)));
        } else {
            err.println(prefix(command) + "internal error: " + oneLine(e.toString())
                    + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        return userError ? USER_ERROR : INTERNAL_ERROR;
    }

    /** A backend failure is only actionable with its cause, e.g. "Permission denied". */
    private static String message(Exception e) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (e instanceof BackendException && cause != null && cause.getMessage() != null
                && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message;
    }

    private static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName() + ": ";
    }

    private static String oneLine(String text) {
        return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Command(name = "segmentlog",
            mixinStandardHelpOptions = true,
            versionProvider = Root.Version.class,
            description = "Inspect, verify, fork and copy segmentlog stores.",
            subcommands = {DemoCommand.class, LsCommand.class, ShowCommand.class, ReplayCommand.class,
                    TreeCommand.class, ForkCommand.class, VerifyCommand.class, CopyCommand.class},
            footer = {"", "Every command takes --store URI (default: " + StoreCommand.DEFAULT_STORE + "), e.g.",
                    "  jsonl:./logs",
                    "  sqlite:./agent.db?durability=full",
                    "  's3://bucket/prefix?region=us-east-1&endpoint=http://host:9000'",
                    "Commands that only read (ls, show, replay, tree, verify, and copy's source) open the store",
                    "read-only: they create and change nothing, and a missing store is an error.",
                    "Exit codes: 0 ok, 1 user error (one line on stderr), 2 internal error."})
    static final class Root implements Runnable {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "a command is required: "
                    + String.join(", ", spec.subcommands().keySet()));
        }

        static final class Version implements IVersionProvider {
            @Override
            public String[] getVersion() {
                String version = Main.class.getPackage().getImplementationVersion();
                return new String[] {"segmentlog " + (version != null ? version : "(development build)")};
            }
        }
    }
}
