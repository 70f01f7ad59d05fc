package dev.segmentlog.store.sample;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.store.sample.internal.Buffers;
import java.util.List;

/** A compliant sample adapter class: core, spi and its own internal package only. */
public final class SampleStore {
    private final EntryCodec codec = EntryCodec.standard();

    public byte[] encode(SegmentId segment, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            throw new SegmentNotFoundException(segment);
        }
        return Buffers.join(entries.stream().map(codec::encode).toList());
    }
}
