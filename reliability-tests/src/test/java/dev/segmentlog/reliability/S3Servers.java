package dev.segmentlog.reliability;

import dev.segmentlog.testing.s3.S3TestServer;

/** The S3-compatible server of the S3 tests ({@link S3TestServer}), its data under {@code target/reliability}. */
final class S3Servers {
    static final String BUCKET = "reliability";
    static final String ACCESS_KEY_ID = "reliability-key-id";
    static final String SECRET_ACCESS_KEY = "reliability-secret-must-not-leak";

    private S3Servers() {}

    /** A server on a free port with a fresh data root, started. */
    static S3TestServer start() {
        return S3TestServer.builder(Work.fresh("s3mock-root")).bucket(BUCKET)
                .credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY).start();
    }

    /** The store URI of a prefix of the bucket; short timeouts so an outage shows as an error fast. */
    static String uri(S3TestServer server, String prefix) {
        return server.storeUri(prefix) + "&timeout=10s&attempt_timeout=3s";
    }
}
