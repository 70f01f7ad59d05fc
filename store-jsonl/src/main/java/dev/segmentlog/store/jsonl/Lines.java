package dev.segmentlog.store.jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Line scanning over a range of a file: a line is committed once its {@code \n} is there. A
 * <em>blank</em> line (empty, or nothing but spaces, tabs, {@code \r}, {@code \v} and {@code \f},
 * the ASCII whitespace the original runtime trims before it skips a line) is no entry: it is passed
 * over and not counted, so an entry's position counts only the lines that are not blank.
 */
final class Lines {
    private static final int CHUNK = 64 * 1024;

    private Lines() {}

    /** Whether {@code b} may appear in a blank line, {@code \n} aside. */
    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0B || b == 0x0C;
    }

    /**
     * What {@link #scan} found.
     *
     * @param entries        how many complete lines that are not blank
     * @param blankLines     how many complete blank lines
     * @param committedEnd   the offset after the last {@code \n} (the start offset when there is none)
     * @param lastEntryStart the offset of the last complete line that is not blank (-1 when there is none)
     */
    record Scan(long entries, long blankLines, long committedEnd, long lastEntryStart) {}

    /**
     * Counts the complete lines in {@code [from, end)} that are not blank, offering each one's start
     * to {@code index} (the first there being entry {@code firstEntry} of the file); the bytes after
     * the last {@code \n} are ignored.
     */
    static Scan scan(FileChannel channel, long from, long end, long firstEntry, LineIndex index) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, end - from)));
        byte[] bytes = chunk.array();
        long entries = 0;
        long blankLines = 0;
        long lineStart = from;
        long lastEntryStart = -1;
        boolean blank = true;
        long position = from;
        while (position < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (blank) {
                        blankLines++;
                    } else {
                        index.committed(firstEntry + entries, lineStart);
                        entries++;
                        lastEntryStart = lineStart;
                    }
                    blank = true;
                    lineStart = position + i + 1;
                } else if (blank && !isBlank(b)) {
                    blank = false;
                }
            }
            position += read;
        }
        return new Scan(entries, blankLines, lineStart, lastEntryStart);
    }

    /** Receives lines: {@code index} counts the lines that are not blank from the start of the range. */
    @FunctionalInterface
    interface Sink {
        void line(long index, long offset, byte[] line);
    }

    /**
     * Hands the complete lines of {@code [from, end)} that are not blank to {@code sink}, with the
     * offset where each starts and without its {@code \n}: the first {@code skip} are only counted,
     * and at most {@code max} are handed over. Blank lines and the bytes after the last {@code \n}
     * (a torn tail) are passed over.
     */
    static void forEach(FileChannel channel, long from, long end, long skip, long max, Sink sink)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, end - from)));
        byte[] bytes = chunk.array();
        byte[] carry = new byte[0];
        int carryLength = 0;
        long index = 0;
        long handed = 0;
        long lineStart = from;
        boolean blank = true;
        long position = from;
        while (position < end && handed < max) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                break;
            }
            int start = 0;
            for (int i = 0; i < read && handed < max; i++) {
                byte b = bytes[i];
                if (b != '\n') {
                    if (blank && !isBlank(b)) {
                        blank = false;
                    }
                    continue;
                }
                if (!blank) {
                    if (index >= skip) {
                        byte[] line;
                        if (carryLength == 0) {
                            line = Arrays.copyOfRange(bytes, start, i);
                        } else {
                            line = new byte[carryLength + i - start];
                            System.arraycopy(carry, 0, line, 0, carryLength);
                            System.arraycopy(bytes, start, line, carryLength, i - start);
                        }
                        sink.line(index, lineStart, line);
                        handed++;
                    }
                    index++;
                }
                carryLength = 0;
                blank = true;
                start = i + 1;
                lineStart = position + start;
            }
            if (handed >= max) {
                break;
            }
            int rest = read - start;
            // A skipped line need not be kept: only its end matters.
            if (rest > 0 && index >= skip) {
                if (carry.length < carryLength + rest) {
                    carry = Arrays.copyOf(carry, Math.max(carryLength + rest, carry.length * 2));
                }
                System.arraycopy(bytes, start, carry, carryLength, rest);
                carryLength += rest;
            }
            position += read;
        }
    }

    /**
     * Whether {@code [0, end)} holds a complete line that is not blank, looking from the end: for a
     * file whose last line is an entry that is one read of its last block; more only for a torn tail
     * or blank lines, whose bytes it reads back to the entry before them.
     */
    static boolean holdsEntry(FileChannel channel, long end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(4096, end)));
        byte[] bytes = chunk.array();
        boolean committed = false; // a \n was seen: the bytes before it are in complete lines
        long to = end;
        while (to > 0) {
            long from = Math.max(0, to - chunk.capacity());
            int read = readFully(channel, chunk, from, (int) (to - from));
            for (int i = read - 1; i >= 0; i--) {
                byte b = bytes[i];
                if (b == '\n') {
                    committed = true;
                } else if (committed && !isBlank(b)) {
                    return true;
                }
            }
            to = from;
        }
        return false;
    }

    /**
     * Whether the file ends exactly at {@code end}, after a {@code \n}: one read of the byte before
     * {@code end} and the one after it (for a regular file a read returns every byte asked for that
     * exists).
     */
    static boolean endsWithLineAt(FileChannel channel, long end) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(2);
        return channel.read(bytes, end - 1) == 1 && bytes.get(0) == '\n';
    }

    /** The offset after the last {@code \n} in {@code [0, size)}, found from the end; 0 when there is none. */
    static long committedEnd(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(4096, size)));
        byte[] bytes = chunk.array();
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            int read = readFully(channel, chunk, from, (int) (end - from));
            for (int i = read - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    /** Reads {@code length} bytes at {@code from} into the start of {@code chunk}; fewer at the end of the file. */
    private static int readFully(FileChannel channel, ByteBuffer chunk, long from, int length) throws IOException {
        chunk.clear().limit(length);
        int read = 0;
        while (chunk.hasRemaining()) {
            int n = channel.read(chunk, from + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }
}
