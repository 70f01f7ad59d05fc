/**
 * The storage port of segmentlog and what is built on it.
 *
 * <ul>
 *   <li>{@link dev.segmentlog.spi.SegmentStore}: the port every backend implements, with the
 *       {@link dev.segmentlog.spi.StoreException} family as its only errors;</li>
 *   <li>{@link dev.segmentlog.spi.SegmentStoreProvider} and
 *       {@link dev.segmentlog.spi.SegmentStores}: opening a store by URI through
 *       {@link java.util.ServiceLoader};</li>
 *   <li>{@link dev.segmentlog.spi.SegmentLog} and {@link dev.segmentlog.spi.SegmentWriter}: the
 *       persistence operations an agent runtime calls (create, restore, save, fork, compact);</li>
 *   <li>{@link dev.segmentlog.spi.EntryCodec}: the one canonical JSON form of entries, used by
 *       every adapter that stores text;</li>
 *   <li>{@link dev.segmentlog.spi.HashChain} and {@link dev.segmentlog.spi.ChainReport}: optional
 *       hash-chained segments and their verification;</li>
 *   <li>{@link dev.segmentlog.spi.SessionLogV0Log}: reading and importing logs written by the older,
 *       hash-chained version of the persistence functions.</li>
 * </ul>
 */
package dev.segmentlog.spi;
