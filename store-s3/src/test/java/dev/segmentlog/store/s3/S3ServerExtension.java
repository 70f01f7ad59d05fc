package dev.segmentlog.store.s3;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the shared server ({@link S3Fixture#shared()}) before the first test class that uses it and
 * stops it when the whole test run is over (the server's own shutdown hook covers an aborted run).
 */
final class S3ServerExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(S3ServerExtension.class, key -> {
                    S3Fixture.shared();
                    return new Stopper();
                });
    }

    /** Stops the shared server when JUnit closes the root context. */
    private static final class Stopper implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            S3Fixture.stopShared();
        }
    }
}
