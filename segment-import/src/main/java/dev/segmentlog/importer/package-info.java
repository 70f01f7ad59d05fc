/**
 * Reading, verifying and importing logs of the original runtime's hash-chained session format
 * (session log v0, one JSON object per line with {@code hash}/{@code prev_hash}), which
 * {@code segmentlog copy --session-log} uses.
 *
 * <p>{@link dev.segmentlog.importer.SessionLogFile} reads one log and verifies its old chain;
 * {@link dev.segmentlog.importer.SessionLogOptions} names its segment, its sources and its limits;
 * {@link dev.segmentlog.importer.SessionLogFile#importInto} writes it to any store and returns a
 * {@link dev.segmentlog.importer.SessionLogImport}. The module is separate so applications that
 * never import old logs do not ship it.
 */
package dev.segmentlog.importer;
