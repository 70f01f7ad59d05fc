package dev.segmentlog.store.sqlite;

import dev.segmentlog.spi.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** How a store opens its file: to write, or only to read, with SQLite's WAL locking or without any. */
enum Access {

    /** Reads and writes; a missing file is created, a new or older file gets the schema. */
    READ_WRITE,

    /**
     * Reads only, on read-only connections taking part in WAL locking through the {@code -shm} file:
     * each read sees a committed snapshot, also while another process writes.
     */
    READ_ONLY,

    /**
     * Reads only, with SQLite's {@code immutable=1}: no locks, no {@code -wal} or {@code -shm} files
     * read or created. Only safe on a medium nobody writes: a write by another process while it
     * reads can show it torn or stale pages.
     */
    IMMUTABLE;

    /**
     * How to read {@code file} without writing: {@link #READ_ONLY} wherever SQLite can take part in
     * WAL locking, which needs the {@code -wal} and {@code -shm} files beside the file, existing or
     * created in a writable directory; else {@link #IMMUTABLE}.
     *
     * @param writable whether a path is writable ({@link Files#isWritable} outside tests)
     * @throws BackendException if only an immutable read is possible but a {@code -wal} file holds
     *                          frames that one would not see: commits not yet copied into the file
     */
    static Access forReading(Path file, Predicate<Path> writable) {
        Path wal = sibling(file, "-wal");
        if (writable.test(file.getParent()) || Files.exists(wal) && Files.exists(sibling(file, "-shm"))) {
            return READ_ONLY;
        }
        long walSize;
        try {
            walSize = Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            throw new BackendException("cannot read the size of " + wal + ": " + e, e);
        }
        if (walSize > 0) {
            throw new BackendException("SQLite database file " + file + " cannot be read in place: its directory "
                    + "is not writable and " + wal + " holds commits not yet in the file, which a reader can apply "
                    + "only with a -shm file beside it; copy the file and its -wal file to a writable directory. "
                    + "Nothing was changed", null);
        }
        return IMMUTABLE;
    }

    /** The JDBC URL of {@code file} for this access. */
    String url(Path file) {
        // immutable is a parameter of a SQLite URI filename, which must be percent-encoded as toUri does
        return this == IMMUTABLE ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : "jdbc:sqlite:" + file;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
