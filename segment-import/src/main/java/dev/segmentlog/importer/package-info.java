/**
 * Reading, verifying and importing the original runtime's session logs of the versions before
 * segments — its first, unchained JSONL log and every hash-chained version (one JSON object per line
 * with {@code hash}/{@code prev_hash}) — which {@code segmentlog copy --session-log} uses.
 *
 * <p>{@link dev.segmentlog.importer.SessionLogFile} reads one log, verifies its old chain and converts
 * it to current kinds only; {@link dev.segmentlog.importer.SessionLogOptions} names its segment, its
 * sources, its limits and whether a broken old chain may be imported;
 * {@link dev.segmentlog.importer.SessionLogFile#importInto} writes it to any store, refusing a broken
 * old chain unless accepted and marking the {@code segment_start} with what the old chain was, and
 * returns a {@link dev.segmentlog.importer.SessionLogImport}. The module is separate so applications
 * that never import old logs do not ship it.
 */
package dev.segmentlog.importer;
