/**
 * The one canonical JSON form of entries: {@link dev.segmentlog.spi.codec.EntryCodec} turns an
 * entry into its bytes and back, and {@link dev.segmentlog.spi.codec.CodecLimits} bounds what it
 * reads. Every adapter that stores text or bytes uses it, so one entry has the same bytes in every
 * store and a hash chain survives a copy between stores.
 *
 * <p>Those two types are the package's API. Everything else here — the table of wire shapes, the
 * streaming reader and writer, the strict UTF-8 check — is package-private on purpose: it may change
 * in any release, and nothing outside the codec can depend on it.
 */
package dev.segmentlog.spi.codec;
