package dev.segmentlog.store.jsonl;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * The paths of a store directory {@code DIR} (see "Layout" in the package overview): where a
 * segment's file is found by its id, the pointer files {@code DIR/.segments/{segment_id}} that name
 * a segment's session, and the walks over the names in a directory that listings and lookups make.
 * Holds no state beyond the directory's path.
 */
final class StoreDirectory {
    static final String POINTER_DIR = ".segments";
    /** The length of an id's text, a UUID's canonical form: other names are passed over without parsing. */
    private static final int ID_LENGTH = 36;

    private final Path directory;

    StoreDirectory(Path directory) {
        this.directory = directory;
    }

    /** The directory (its real path). */
    Path path() {
        return directory;
    }

    /**
     * Where the file of {@code segment} is, or null when no file of it exists: in the session its
     * pointer file names, else in the flat layout ({@code DIR/{segment_id}.jsonl}), else, when
     * {@code scan}, in whichever session directory holds it (a segment put there by other means).
     */
    SegmentFile find(SegmentId segment, boolean scan) throws IOException {
        SessionId session = readPointer(segment);
        if (session != null && Files.exists(SegmentFile.inSession(session, segment).log(directory))) {
            return SegmentFile.inSession(session, segment);
        }
        if (Files.exists(SegmentFile.flat(segment).log(directory))) {
            return SegmentFile.flat(segment);
        }
        if (!scan) {
            return null;
        }
        SegmentFile[] inSession = new SegmentFile[1];
        forEachName(directory, name -> {
            SessionId candidate = sessionIdOf(name);
            if (candidate != null && Files.exists(SegmentFile.inSession(candidate, segment).log(directory))) {
                inSession[0] = SegmentFile.inSession(candidate, segment);
            }
            return inSession[0] == null;
        });
        return inSession[0];
    }

    /** The flat-layout segment whose own session is {@code session}, or null when it has none. */
    SegmentFile flatSegmentOf(SessionId session) {
        SegmentFile flat = SegmentFile.flat(new SegmentId(session.value()));
        return Files.exists(flat.log(directory)) ? flat : null;
    }

    /** The directory of {@code session}'s segments (it may not exist). */
    Path sessionDirectory(SessionId session) {
        return directory.resolve(session.toString());
    }

    /** The session the pointer of {@code segment} names, or null when there is none or it is unreadable. */
    SessionId readPointer(SegmentId segment) throws IOException {
        try {
            return SessionId.parse(Files.readString(pointerFile(segment), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return null; // unreadable pointer: it is only a hint, the session directories are the truth
        }
    }

    /** Replaces the pointer file atomically, so that no reader ever sees half of it. */
    void writePointer(SegmentId segment, SessionId session) throws IOException {
        Path pointer = pointerFile(segment);
        Path temporary = pointer.resolveSibling(segment + ".tmp");
        Files.writeString(temporary, session.toString(), StandardCharsets.US_ASCII);
        Files.move(temporary, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the pointer of {@code segment} if it names {@code session}. */
    void deletePointer(SegmentId segment, SessionId session) throws IOException {
        if (session.equals(readPointer(segment))) {
            Files.deleteIfExists(pointerFile(segment));
        }
    }

    private Path pointerFile(SegmentId segment) {
        return directory.resolve(POINTER_DIR).resolve(segment.toString());
    }

    /** Creates a segment's file; an existing one is taken over only if it holds no entry. */
    static FileChannel createSegmentFile(SegmentId segment, Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                if (Lines.holdsEntry(channel, channel.size())) {
                    throw new SegmentAlreadyExistsException(segment);
                }
                channel.truncate(0);
                return channel;
            } catch (IOException | RuntimeException failure) {
                channel.close();
                throw failure;
            }
        }
    }

    /** Receives the names of a directory. */
    @FunctionalInterface
    interface NameSink {
        /** @return whether to go on */
        boolean accept(String name) throws IOException;
    }

    /**
     * Hands {@code sink} the name of each entry of {@code dir}, until it returns false; nothing else
     * is read. A directory that is gone (deleted meanwhile) or is not one holds nothing.
     */
    static void forEachName(Path dir, NameSink sink) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!sink.accept(child.getFileName().toString())) {
                    return;
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // nothing in it
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /** The session whose directory {@code name} is, or null for any other name. */
    static SessionId sessionIdOf(String name) {
        return idOf(name, "", SessionId::parse);
    }

    /** The segment whose log {@code name} is ({@code {segment_id}.jsonl}), or null for any other name. */
    static SegmentId segmentIdOf(String name) {
        return idOf(name, SegmentFile.LOG_SUFFIX, SegmentId::parse);
    }

    /**
     * The id in a name {@code {id}{suffix}}, or null for any other name (the lock file, the pointer
     * directory, traces, files that are not the store's).
     */
    private static <T> T idOf(String name, String suffix, Function<String, T> parser) {
        if (name.length() != ID_LENGTH + suffix.length() || !name.endsWith(suffix)) {
            return null;
        }
        try {
            return parser.apply(name.substring(0, ID_LENGTH));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Deletes {@code dir} if it is empty. */
    static void deleteIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // still holds something: kept
        }
    }

    /** Forces a directory's entries to disk, so that a file created or deleted in it stays so after a crash. */
    static void force(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
