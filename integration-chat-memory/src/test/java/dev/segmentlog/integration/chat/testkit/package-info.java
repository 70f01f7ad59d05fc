/**
 * The tests every chat-memory integration shares, published as this module's test jar
 * ({@code <type>test-jar</type>}, test scope). A framework's suite implements
 * {@link dev.segmentlog.integration.chat.testkit.ChatFramework} once, on the framework's real
 * classes, and runs each contract by extending it with that implementation:
 * <ul>
 *   <li>{@link dev.segmentlog.integration.chat.testkit.SavesContract}: what a save stores (the naming
 *       entry, a turn as ordinary history), that saving the stored list again writes nothing, that the
 *       history keeps what the list dropped, and deletes;</li>
 *   <li>{@link dev.segmentlog.integration.chat.testkit.TwoWritersContract}: two writers of one
 *       conversation fork, and lose or interleave nothing (one store instance, two instances on one
 *       SQLite or JSONL file, two threads at once);</li>
 *   <li>{@link dev.segmentlog.integration.chat.testkit.RestartContract}: a new store instance on the
 *       same file sees the conversation and goes on;</li>
 *   <li>{@link dev.segmentlog.integration.chat.testkit.PerTurnCostContract}: a turn costs the same
 *       store calls at turn 10 and at turn 500, counted by a
 *       {@link dev.segmentlog.integration.chat.testkit.CountingStore}.</li>
 * </ul>
 * The conversations are made of {@link dev.segmentlog.integration.chat.testkit.Turn}s.
 * {@link dev.segmentlog.integration.chat.testkit.PerTurnBenchmark} is the harness of the
 * integrations' benchmarks against the frameworks' own persistence. A suite that uses the kit
 * declares, at test scope, what the contracts run on: JUnit Jupiter, {@code store-memory},
 * {@code store-sqlite} and {@code store-jsonl}.
 */
package dev.segmentlog.integration.chat.testkit;
