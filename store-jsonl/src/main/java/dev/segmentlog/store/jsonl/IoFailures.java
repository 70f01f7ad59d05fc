package dev.segmentlog.store.jsonl;

import dev.segmentlog.spi.BackendException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * How the store's I/O failures cross the port: as {@link BackendException}s that say what was being
 * done and on which file, with a reason a user can act on.
 */
final class IoFailures {
    private IoFailures() {}

    /** File work that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work}, turning every {@link IOException} into a {@link BackendException} that says
     * what failed, {@code action} and its {@code subject} (put into words only then), and names the
     * file: the one the exception names, else {@code file}, else the store's {@code directory}.
     *
     * @param action  what the caller was doing, such as "append to segment"
     * @param subject nullable: what it was done to, such as the segment id
     * @param file    nullable: the file the work is about
     */
    static <T> T io(Path directory, String action, Object subject, Path file, IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            Path where = e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : file;
            throw new BackendException(what(action, subject) + " failed"
                    + (where != null ? " on " + where : " in " + directory) + ": " + describe(e), e);
        }
    }

    /** {@code action} and its {@code subject} in words, such as "append to segment 0192…". */
    static String what(String action, Object subject) {
        return subject == null ? action : action + " " + subject;
    }

    /** The reason of a failure in words: an interrupt, the file system's reason and file, or the exception. */
    static String describe(Exception e) {
        if (e instanceof ClosedByInterruptException) {
            return "the thread was interrupted (ClosedByInterruptException)";
        }
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return reason + (fs.getFile() != null ? " (" + fs.getFile() + ")" : "");
        }
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
    }
}
