package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating and deleting segment files, holding the directory lock and then each segment's stripe:
 * the session directory, the pointer file, taking over what a create that never finished left, and
 * counting each file created or deleted as a replacement in its stripe's record, so that every store
 * that has the old file open notices.
 */
final class SegmentLifecycle {
    private final Path directory;
    private final Durability durability;
    private final StoreDirectory paths;
    private final DirectoryLocks locks;
    private final SegmentStates states;
    private final OpenFiles openFiles;
    private final TailRecovery recovery;
    private final LineWriter writer;

    SegmentLifecycle(StoreDirectory paths, Durability durability, DirectoryLocks locks, SegmentStates states,
            OpenFiles openFiles, TailRecovery recovery, LineWriter writer) {
        this.directory = paths.path();
        this.durability = durability;
        this.paths = paths;
        this.locks = locks;
        this.states = states;
        this.openFiles = openFiles;
        this.recovery = recovery;
        this.writer = writer;
    }

    /**
     * Creates the segment file of {@code location} (in a session directory) holding {@code encoded}.
     *
     * @param start the first entry, whose line {@code encoded} begins with
     * @throws SegmentAlreadyExistsException if the segment holds an entry already
     */
    void create(SegmentFile location, EncodedLines encoded, LogEntry.SegmentStart start) throws IOException {
        SegmentId segment = location.segment();
        Path sessionDir = location.parent(directory);
        Path file = location.log(directory);
        locks.withDirectory(() -> {
            // Cache, pointer and flat layout only: looking into every session directory for each new id
            // would make create cost as much as the store is big. A file put in another session by hand
            // without its pointer is the one case this does not see.
            SegmentState existing = states.locate(segment, false);
            if (existing != null && states.countOrZero(existing) > 0) {
                throw new SegmentAlreadyExistsException(segment);
            }
            boolean newSessionDir = !Files.isDirectory(sessionDir);
            Files.createDirectories(sessionDir);
            SegmentState state = new SegmentState(location, file);
            try {
                paths.writePointer(segment, location.session());
                locks.withStripe(segment, true, stripe -> {
                    recovery.recover(stripe);
                    stripe.replacing();
                    openFiles.close(segment, file);
                    if (existing != null) {
                        openFiles.close(segment, existing.file);
                    }
                    if (existing != null && !existing.file.equals(file)) {
                        // what a create that never finished left elsewhere (another session, the flat layout)
                        Files.deleteIfExists(existing.file);
                        if (!existing.location.isFlat()) {
                            StoreDirectory.deleteIfEmpty(existing.file.getParent());
                        }
                    }
                    try (FileChannel channel = StoreDirectory.createSegmentFile(segment, file)) {
                        writer.writeLines(channel, stripe, state, 0, encoded, "create segment");
                    } catch (BackendException e) {
                        deleteQuietly(file, e);
                        throw e;
                    }
                    state.fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                    state.fileSize = encoded.bytes().length;
                    state.committed(0, encoded);
                    state.start = start;
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                if (newSessionDir) {
                    // a session whose only create failed leaves nothing behind
                    try {
                        StoreDirectory.deleteIfEmpty(sessionDir);
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
            if (durability == Durability.FSYNC) {
                StoreDirectory.force(sessionDir);
                if (newSessionDir) {
                    StoreDirectory.force(directory);
                }
            }
            states.put(state);
            return null;
        });
    }

    /**
     * Deletes the segments of {@code session} (its directory's, and the flat-layout one whose own
     * session it is) with their traces and pointers, then its directory if nothing else is in it.
     *
     * @return how many of the deleted files held an entry
     */
    int deleteSession(SessionId session) throws IOException {
        Path sessionDir = paths.sessionDirectory(session);
        return locks.withDirectory(() -> {
            List<SegmentFile> files = new ArrayList<>();
            StoreDirectory.forEachName(sessionDir, name -> {
                SegmentId segment = StoreDirectory.segmentIdOf(name);
                if (segment != null) {
                    files.add(SegmentFile.inSession(session, segment));
                }
                return true;
            });
            SegmentFile flat = paths.flatSegmentOf(session);
            if (flat != null) {
                files.add(flat);
            }
            int deleted = 0;
            for (SegmentFile location : files) {
                deleted += delete(location) ? 1 : 0;
            }
            // files that are not the store's (it never writes others) are left alone
            StoreDirectory.deleteIfEmpty(sessionDir);
            if (durability == Durability.FSYNC) {
                StoreDirectory.force(directory);
            }
            return deleted;
        });
    }

    /** Holding the directory lock: deletes a segment's log, trace and pointer; whether it held an entry. */
    private boolean delete(SegmentFile location) throws IOException {
        SegmentId segment = location.segment();
        return locks.withStripe(segment, true, stripe -> {
            recovery.recover(stripe);
            stripe.replacing();
            Path file = location.log(directory);
            openFiles.close(segment, file);
            boolean held;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                held = Lines.holdsEntry(channel, channel.size());
            } catch (NoSuchFileException e) {
                held = false;
            }
            Files.deleteIfExists(location.trace(directory));
            Files.deleteIfExists(file);
            if (!location.isFlat()) {
                paths.deletePointer(segment, location.session());
            }
            states.forget(segment);
            return held;
        });
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
