/**
 * JMH benchmarks of the segmentlog stores against raw baselines measured in the same run (BENCHMARKS.md),
 * and {@link dev.segmentlog.benchmarks.BenchmarkMain}, which runs them with a quick or full profile,
 * prints each figure next to its baseline and ratio, and writes {@code target/benchmarks-summary.json}.
 * Not API: nothing here is published for users.
 */
package dev.segmentlog.benchmarks;
