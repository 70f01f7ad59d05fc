/**
 * A complete small third-party store to copy: {@link dev.segmentlog.examples.store.HashMapSegmentStore}
 * keeps segments in maps that several store instances share, and
 * {@link dev.segmentlog.examples.store.HashMapStoreProvider} opens it by URI (scheme {@code example-mem})
 * through {@link java.util.ServiceLoader}. Its tests run the conformance kit and the adapter
 * architecture rules on it, as a store written elsewhere would.
 */
package dev.segmentlog.examples.store;
