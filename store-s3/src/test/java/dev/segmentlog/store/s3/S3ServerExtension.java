package dev.segmentlog.store.s3;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops the shared server ({@link S3Fixture#shared()}, started on first use) when the whole test run is
 * over (the server's own shutdown hook covers an aborted run). A run whose tests never use it (the kit on
 * an external server) never starts it.
 */
final class S3ServerExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(S3ServerExtension.class, key -> new Stopper());
    }

    /** Stops the shared server when JUnit closes the root context. */
    private static final class Stopper implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            S3Fixture.stopShared();
        }
    }
}
