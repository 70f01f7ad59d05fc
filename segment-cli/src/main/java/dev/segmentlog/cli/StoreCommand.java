package dev.segmentlog.cli;

import dev.segmentlog.spi.InvalidStoreUriException;
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

/**
 * What every command shares: {@code --store}, {@code --verbose}, {@code --help}, the output streams,
 * and how the store is opened: read-only unless the command writes ({@link #access()}).
 */
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

    /** How a command uses its store. */
    enum Access {
        /** Only reads: opened read-only, so nothing is created or changed and a missing store is an error. */
        READ,
        /** Writes into a store that exists. */
        WRITE,
        /** May start a new store. */
        CREATE
    }

    @Override
    public Integer call() {
        try (SegmentStore store = open(storeUri, access())) {
            return run(store);
        }
    }

    /** The command's work on the open store; returns the exit code. */
    abstract int run(SegmentStore store);

    /** How the command uses its store: a command that writes overrides this. */
    Access access() {
        return Access.READ;
    }

    /**
     * Opens a store for {@code access}. Only {@link Access#CREATE} may start the default SQLite file:
     * the other commands refuse when it is missing instead of leaving an empty {@code segmentlog.db}
     * behind, with a hint a user can act on.
     */
    static SegmentStore open(String uri, Access access) {
        if (uri.equals(DEFAULT_STORE) && access != Access.CREATE
                && !Files.exists(Path.of(StoreUri.parse(DEFAULT_STORE).location()))) {
            throw new IllegalArgumentException("no store in this directory: the default store " + DEFAULT_STORE
                    + " does not exist; pass --store URI, or run 'segmentlog demo' to create it");
        }
        return access == Access.READ ? openReadOnly(uri) : SegmentStores.open(uri);
    }

    /**
     * Opens a store with {@link SegmentStores#openReadOnly}. Its errors show the URI with the
     * {@code mode=ro} the user did not type, so they say where it comes from; an adapter that does not
     * know {@code mode} fails here rather than being opened for writing.
     */
    private static SegmentStore openReadOnly(String uri) {
        StoreUri parsed = StoreUri.parse(uri); // a malformed URI fails here, as given
        try {
            return SegmentStores.openReadOnly(uri);
        } catch (InvalidStoreUriException e) {
            if (parsed.option(StoreUri.MODE).isPresent()) {
                throw e;
            }
            throw new IllegalArgumentException(e.getMessage() + " (a command that only reads opens its store "
                    + "read-only, with " + StoreUri.MODE + "=ro)", e);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
