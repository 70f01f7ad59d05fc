package dev.segmentlog.cli;

import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (SegmentStore store = open(storeUri)) {
            return run(store);
        }
    }

    /** The command's work on the open store; returns the exit code. */
    abstract int run(SegmentStore store);

    /** Whether the command may start a new store; the others refuse to create the default file by accident. */
    boolean createsStore() {
        return false;
    }

    /**
     * Opens a store. Opening the default SQLite file would create it, so a command that only reads
     * refuses when it is missing instead of leaving an empty {@code segmentlog.db} behind.
     */
    SegmentStore open(String uri) {
        if (uri.equals(DEFAULT_STORE) && !createsStore()
                && !Files.exists(Path.of(StoreUri.parse(DEFAULT_STORE).location()))) {
            throw new IllegalArgumentException("no store in this directory: the default store " + DEFAULT_STORE
                    + " does not exist; pass --store URI, or run 'segmentlog demo' to create it");
        }
        return SegmentStores.open(uri);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
