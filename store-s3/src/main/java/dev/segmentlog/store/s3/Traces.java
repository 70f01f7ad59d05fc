package dev.segmentlog.store.s3;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.BackendException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A segment's trace: one object per trace entry at {@code trace/{position}}, written with
 * {@code If-None-Match: *} like commits, so concurrent tracers take distinct positions. Reading lists the
 * trace keys (traces are a debug side log, read whole). Callers hold the segment's lock and have checked
 * that it exists.
 */
final class Traces {
    private static final int MAX_ATTEMPTS = 100;

    private final S3Access s3;
    private final Keys keys;
    private final DecodedObjects objects;
    private final Supplier<String> tokens;

    Traces(S3Access s3, Keys keys, DecodedObjects objects, Supplier<String> tokens) {
        this.s3 = s3;
        this.keys = keys;
        this.objects = objects;
        this.tokens = tokens;
    }

    /** @throws BackendException if S3 fails, or the next position stayed contended for 100 attempts */
    void append(SegmentState state, byte[] body) {
        for (int attempt = 1; ; attempt++) {
            if (state.traceTail < 0) {
                state.traceTail = keys(state.id).size();
            }
            String token = tokens.get();
            String key = keys.trace(state.id, state.traceTail);
            boolean stored = s3.putIfAbsent(key, body, Map.of(CommitMetadata.WRITER, token, CommitMetadata.ENTRIES, "1"));
            if (!stored) {
                Optional<Map<String, String>> existing = s3.head(key);
                stored = existing.isPresent() && CommitMetadata.writtenBy(existing.get(), token);
            }
            if (stored) {
                state.traceTail++;
                return;
            }
            state.traceTail = -1;
            if (attempt == MAX_ATTEMPTS) {
                throw new BackendException("S3 store " + s3.location() + ": gave up tracing segment " + state.id
                        + " after " + attempt + " attempts lost to other writers; nothing was written", null);
            }
        }
    }

    /** Every trace entry, in append order. */
    List<TraceEntry> read(SegmentId segment) {
        List<TraceEntry> trace = new ArrayList<>();
        long position = 0;
        for (String key : keys(segment)) {
            trace.addAll(objects.trace(segment, position, key));
            position++;
        }
        return Collections.unmodifiableList(trace);
    }

    /** The trace object keys in position order (sorted here: listing order is not relied upon). */
    private List<String> keys(SegmentId segment) {
        String root = keys.traces(segment);
        List<String> traceKeys = new ArrayList<>();
        for (String key : s3.list(root)) {
            if (Keys.position(key.substring(root.length())).isPresent()) {
                traceKeys.add(key);
            }
        }
        traceKeys.sort(Comparator.naturalOrder());
        return traceKeys;
    }
}
