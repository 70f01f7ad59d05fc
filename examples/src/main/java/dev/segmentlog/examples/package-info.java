/**
 * Examples for users of segmentlog: {@link dev.segmentlog.examples.Quickstart}, the library in a few
 * lines. The package {@link dev.segmentlog.examples.store} holds a complete small third-party store for
 * backend authors to copy; the framework integrations' examples are in
 * {@code dev.segmentlog.integration.examples}.
 */
package dev.segmentlog.examples;
