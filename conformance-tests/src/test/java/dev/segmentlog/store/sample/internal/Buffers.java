package dev.segmentlog.store.sample.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** The sample adapter's own internal helper. */
public final class Buffers {
    private Buffers() {}

    public static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
