/**
 * Test infrastructure: {@link dev.segmentlog.testing.s3.S3TestServer}, S3Proxy run as a child process that
 * tests and benchmarks can stop, SIGKILL and restart on the same port and data, and
 * {@link dev.segmentlog.testing.s3.ConditionalPutProbe}, which asks a server with raw sockets whether its
 * {@code If-None-Match: *} is atomic. JDK only. A test or benchmark dependency, never one of an adapter's
 * production code (each adapter's {@code ArchitectureTest} holds it to the JDK, core, SPI and its own
 * libraries).
 */
package dev.segmentlog.testing.s3;
