/**
 * What an agent runtime does with a store: the operations built on the port.
 *
 * <ul>
 *   <li>{@link dev.segmentlog.log.SegmentLog}: create, restore, fork, compact, read and verify
 *       segments of any {@link dev.segmentlog.spi.SegmentStore};</li>
 *   <li>{@link dev.segmentlog.log.SegmentWriter}: one writer's appends to one segment, which
 *       detects a concurrent writer and forks instead of interleaving;</li>
 *   <li>{@link dev.segmentlog.log.HashChain} and {@link dev.segmentlog.log.ChainReport}: optional
 *       hash-chained segments and their verification.</li>
 * </ul>
 */
package dev.segmentlog.log;
