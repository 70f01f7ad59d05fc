/**
 * The segmentlog model: ids, the typed log entries an agent conversation is recorded as,
 * {@linkplain dev.segmentlog.core.Replay replay} of a segment into the state an agent resumes
 * from, and the {@linkplain dev.segmentlog.core.Lineage lineage} rules for forks and compactions.
 *
 * <p>What a log holds that this version does not understand is kept, not dropped: every record that
 * maps to a JSON object carries its {@linkplain dev.segmentlog.core.UnknownFields unknown fields},
 * objects of unknown kinds are kept whole ({@code LogEntry.Unknown}, {@code HistoryItem.Unknown}, …),
 * and {@link dev.segmentlog.core.UnknownContent} lists them with where they are.
 *
 * <p>This package depends on nothing but the JDK. Every type is immutable and validates itself;
 * components documented as nullable may be {@code null}, every other reference is non-null.
 */
package dev.segmentlog.core;
