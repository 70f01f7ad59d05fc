/**
 * The segmentlog model: ids, the typed log entries an agent conversation is recorded as,
 * {@linkplain dev.segmentlog.core.Replay replay} of a segment into the state an agent resumes
 * from, and the {@linkplain dev.segmentlog.core.Lineage lineage} rules for forks and compactions.
 *
 * <p>This package depends on nothing but the JDK. Every type is immutable and validates itself;
 * components documented as nullable may be {@code null}, every other reference is non-null.
 */
package dev.segmentlog.core;
