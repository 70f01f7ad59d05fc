package dev.segmentlog.cli;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command shares: {@code --store}, {@code --verbose}, {@code --help}, and the output streams. */
abstract class StoreCommand implements Callable<Integer> {

    static final String DEFAULT_STORE = SegmentStores.DEFAULT_URI;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "URI",
            description = "The store URI (default: ${DEFAULT-VALUE}).")
    String storeUri = DEFAULT_STORE;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        try (SegmentStore store = SegmentStores.open(storeUri)) {
            return run(store);
        }
    }

    /** The command's work on the open store; returns the exit code. */
    abstract int run(SegmentStore store);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
