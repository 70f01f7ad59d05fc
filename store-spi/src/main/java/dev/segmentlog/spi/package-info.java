/**
 * The storage port of segmentlog: what a backend implements and how an application opens one.
 *
 * <ul>
 *   <li>{@link dev.segmentlog.spi.SegmentStore}: the port every backend implements, with the
 *       {@link dev.segmentlog.spi.StoreException} family as its only errors, and
 *       {@link dev.segmentlog.spi.ForwardingSegmentStore} to decorate one;</li>
 *   <li>{@link dev.segmentlog.spi.ExpectedCount}, {@link dev.segmentlog.spi.PageRequest} and
 *       {@link dev.segmentlog.spi.Page}: the conditional append and the pages of reads and listings;</li>
 *   <li>{@link dev.segmentlog.spi.SegmentStoreProvider}, {@link dev.segmentlog.spi.SegmentStores} and
 *       {@link dev.segmentlog.spi.StoreUri}: opening a store by URI through {@link java.util.ServiceLoader},
 *       read-only when asked.</li>
 * </ul>
 *
 * <p>Backend authors also use {@link dev.segmentlog.spi.codec.EntryCodec} when their backend stores
 * text or bytes. Applications use the operations of {@link dev.segmentlog.log} on an open store.
 */
package dev.segmentlog.spi;
