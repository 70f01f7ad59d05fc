package dev.segmentlog.reliability;

import dev.segmentlog.spi.StoreUri;
import dev.segmentlog.testing.s3.ConditionalPutProbe;
import dev.segmentlog.testing.s3.S3TestServer;
import java.net.URI;
import java.util.Optional;

/**
 * The S3-compatible server of the S3 tests ({@link S3TestServer}: S3Proxy), its data under
 * {@code target/reliability}; or, for the concurrency round, a server already running elsewhere that
 * {@code -Dreliability.s3.uri=s3://BUCKET?endpoint=…&path_style=true&access_key_id=…&secret_access_key=…}
 * names (the Ceph script, {@code store-s3/ceph/run-kit.sh}: its bucket accepts anonymous writes, which
 * the race probe sends).
 */
final class S3Servers {
    static final String BUCKET = "reliability";
    static final String ACCESS_KEY_ID = "reliability-key-id";
    static final String SECRET_ACCESS_KEY = "reliability-secret-must-not-leak";

    private S3Servers() {}

    /** A server on a free port with a fresh data root, started. */
    static S3TestServer start() {
        return S3TestServer.builder(Work.fresh("s3-root")).bucket(BUCKET)
                .credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY).start();
    }

    /** The store URI of a prefix of the bucket; short timeouts so an outage shows as an error fast. */
    static String uri(S3TestServer server, String prefix) {
        return server.storeUri(prefix) + "&timeout=10s&attempt_timeout=3s";
    }

    /** The server {@code -Dreliability.s3.uri} names, if it is set. */
    static Optional<External> external() {
        String uri = System.getProperty("reliability.s3.uri", "");
        return uri.isBlank() ? Optional.empty() : Optional.of(new External(uri));
    }

    /** A server running elsewhere: {@code s3://BUCKET?endpoint=…&…}, without a prefix. */
    record External(String bucketUri) {
        /** The store URI of a prefix of the bucket. */
        String uri(String prefix) {
            int options = bucketUri.indexOf('?');
            return bucketUri.substring(0, options) + "/" + prefix + bucketUri.substring(options);
        }

        /** The race probe against this server's bucket. */
        ConditionalPutProbe.Result probe(String prefix, int keys, int racers) {
            StoreUri parsed = StoreUri.parse(bucketUri);
            URI endpoint = URI.create(parsed.option("endpoint").orElseThrow(
                    () -> new IllegalArgumentException("-Dreliability.s3.uri needs an endpoint option: " + parsed)));
            return ConditionalPutProbe.run(endpoint, parsed.location().substring(2), prefix, keys, racers, 256);
        }
    }
}
