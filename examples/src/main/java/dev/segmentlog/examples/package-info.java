/**
 * Examples for users of segmentlog: {@link dev.segmentlog.examples.Quickstart}, the library in a few
 * lines, and {@link dev.segmentlog.examples.HashMapSegmentStore}, a complete small third-party store
 * (with its {@link dev.segmentlog.examples.HashMapStoreProvider}, scheme {@code example-mem}) for a
 * backend author to copy.
 */
package dev.segmentlog.examples;
