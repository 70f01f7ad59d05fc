package dev.segmentlog.store.jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Line scanning over a range of a file: a line is committed once its {@code \n} is there. */
final class Lines {
    private static final int CHUNK = 64 * 1024;

    private Lines() {}

    /**
     * What {@link #scan} found.
     *
     * @param lines          how many complete lines
     * @param committedEnd   the offset after the last {@code \n} (the start offset when there is none)
     * @param lastLineStart  the offset of the last complete line (-1 when there is none)
     */
    record Scan(long lines, long committedEnd, long lastLineStart) {}

    /**
     * Counts the complete lines in {@code [from, end)}, offering each line's start to {@code index}
     * (the first line there being line {@code firstLine} of the file); the bytes after the last
     * {@code \n} are ignored.
     */
    static Scan scan(FileChannel channel, long from, long end, long firstLine, LineIndex index) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, end - from)));
        byte[] bytes = chunk.array();
        long lines = 0;
        long lineStart = from;
        long lastLineStart = -1;
        long position = from;
        while (position < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    index.committed(firstLine + lines, lineStart);
                    lines++;
                    lastLineStart = lineStart;
                    lineStart = position + i + 1;
                }
            }
            position += read;
        }
        return new Scan(lines, lineStart, lastLineStart);
    }

    /** Receives lines: {@code index} counts from the first line of the range. */
    @FunctionalInterface
    interface Sink {
        void line(long index, byte[] line);
    }

    /**
     * Hands the complete lines of {@code [from, end)} to {@code sink}, without their {@code \n}:
     * the first {@code skip} are only counted, and at most {@code max} are handed over. Bytes after
     * the last {@code \n} (a torn tail) are ignored.
     */
    static void forEach(FileChannel channel, long from, long end, long skip, long max, Sink sink)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, end - from)));
        byte[] bytes = chunk.array();
        byte[] carry = new byte[0];
        int carryLength = 0;
        long index = 0;
        long handed = 0;
        long position = from;
        while (position < end && handed < max) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                break;
            }
            int start = 0;
            for (int i = 0; i < read && handed < max; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (index >= skip) {
                    byte[] line;
                    if (carryLength == 0) {
                        line = Arrays.copyOfRange(bytes, start, i);
                    } else {
                        line = new byte[carryLength + i - start];
                        System.arraycopy(carry, 0, line, 0, carryLength);
                        System.arraycopy(bytes, start, line, carryLength, i - start);
                    }
                    sink.line(index, line);
                    handed++;
                }
                carryLength = 0;
                index++;
                start = i + 1;
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

    /** The offset after the last {@code \n} in {@code [0, size)}, found from the end; 0 when there is none. */
    static long committedEnd(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(4096, size)));
        byte[] bytes = chunk.array();
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            int read = 0;
            while (chunk.hasRemaining()) {
                int n = channel.read(chunk, from + read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            for (int i = read - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
