package dev.segmentlog.store.s3;

import dev.segmentlog.conformance.Capability;
import dev.segmentlog.conformance.SegmentStoreConformanceTest;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.SegmentInfo;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The shared conformance kit against S3SegmentStore on a real S3-compatible server (S3Proxy, whose
 * {@code If-None-Match: *} is atomic: {@link ConditionalPutRaceTest}), with nothing between the stores and
 * the server: the racing clauses race for real. Each clause gets a bucket of its own
 * ({@link S3Fixture#optionsInNewBucket}). The second-instance clauses run two stores (two clients, two
 * caches) on one bucket and prefix.
 *
 * <p>One capability is declared lacking, {@code DELETES_SEEN_BY_OTHER_INSTANCES} (C-MULTI-03 and 05: a
 * session deleted, or a segment deleted and created again, through another instance). C-MULTI-03 asks
 * that an append through the other instance, at the tail it cached, fail as not found; but its
 * conditional {@code PUT} finds that key free once the objects are gone and succeeds. Checking that the
 * segment still exists first (a {@code HEAD} of its first object) would make every append two requests
 * instead of one and still not close the race: the delete can land between the check and the {@code PUT},
 * and S3 has no write conditional on another key. C-MULTI-05 asks that pages the other instance cached
 * be read fresh after a delete and create again of the same id: that takes a request proving the cached
 * objects are still the segment's (a {@code LIST} with their ETags) before every read, including the
 * pages inside what it has read, which today need none. See the package documentation, "Deletion and
 * limits", for what a stale instance does.
 *
 * <p>Beneath the store is the bucket, reached with a plain SDK client: a rewritten entry is its line in
 * every object holding it (its commit, and any pack covering it), put again with the object's metadata;
 * a snapshot is every key under the prefix with its ETag; what a create that never finished leaves is its
 * two index entries without {@code log/0}. The read-only hook opens the store by URI with
 * {@code mode=ro}.
 */
@ExtendWith(S3ServerExtension.class)
class S3SegmentStoreConformanceTest extends SegmentStoreConformanceTest {

    @Override
    protected SegmentStore openStore() {
        return S3SegmentStore.open(S3Fixture.optionsInNewBucket("conformance"));
    }

    /** A new store instance (new client, empty caches) on the same bucket and prefix: what another process sees. */
    @Override
    protected SegmentStore reopen(SegmentStore closed) {
        return S3SegmentStore.open(((S3SegmentStore) closed).options());
    }

    /** Another store (its own client and caches) on the same bucket and prefix while the first is open: another process. */
    @Override
    protected SegmentStore openSecondStore(SegmentStore first) {
        return S3SegmentStore.open(((S3SegmentStore) first).options());
    }

    @Override
    protected SegmentStore openReadOnlyStore(SegmentStore writer) {
        S3StoreOptions options = ((S3SegmentStore) writer).options();
        return SegmentStores.openReadOnly("s3://" + options.bucket() + "/" + options.prefix() + "?endpoint=" + options.endpoint()
                + "&region=" + options.region() + "&path_style=true&access_key_id=" + options.accessKeyId()
                + "&secret_access_key=" + options.secretAccessKey());
    }

    @Override
    protected boolean corruptStoredEntry(SegmentStore closed, SegmentId segment, long position, byte[] stored) {
        S3StoreOptions options = ((S3SegmentStore) closed).options();
        String root = new Keys(options.prefix()).segment(segment);
        boolean rewritten = false;
        try (S3Client client = S3Fixture.rawClient()) {
            for (S3Object listed : client.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(root)).contents()) {
                Optional<Long> first = firstPosition(listed.key().substring(root.length()));
                if (first.isEmpty() || position < first.get()) {
                    continue;
                }
                ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(options.bucket()).key(listed.key()));
                List<byte[]> lines = lines(object.asByteArray());
                if (position - first.get() < lines.size()) {
                    lines.set((int) (position - first.get()), stored);
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    lines.forEach(line -> {
                        body.writeBytes(line);
                        body.write('\n');
                    });
                    client.putObject(b -> b.bucket(options.bucket()).key(listed.key()).metadata(object.response().metadata()),
                            RequestBody.fromBytes(body.toByteArray()));
                    rewritten = true;
                }
            }
        }
        if (!rewritten) {
            throw new IllegalStateException("no object of segment " + segment + " holds position " + position);
        }
        return true;
    }

    @Override
    protected Object storageSnapshot(SegmentStore store) {
        S3StoreOptions options = ((S3SegmentStore) store).options();
        Map<String, String> etags = new TreeMap<>();
        try (S3Client client = S3Fixture.rawClient()) {
            client.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(options.prefix()))
                    .contents().forEach(object -> etags.put(object.key(), object.eTag()));
        }
        return etags;
    }

    /** What {@code create} writes before {@code log/0}: the session's index entry, then the segment's. */
    @Override
    protected void leaveTornCreate(SegmentStore store, SegmentId segment, List<StoredEntry> entries) {
        S3StoreOptions options = ((S3SegmentStore) store).options();
        Keys keys = new Keys(options.prefix());
        SessionId session = SegmentInfo.ofNewSegment(segment, StoredEntry.entries(entries)).sessionId();
        try (S3Client client = S3Fixture.rawClient()) {
            for (String key : List.of(keys.sessionIndex(session, segment), keys.segmentIndex(segment))) {
                client.putObject(b -> b.bucket(options.bucket()).key(key), RequestBody.empty());
            }
        }
    }

    @Override
    protected Set<Capability> unsupported() {
        return Set.of(Capability.DELETES_SEEN_BY_OTHER_INSTANCES);
    }

    /** The first position held by the object {@code name} under a segment's root: {@code log/N} or {@code pack/S-E}. */
    private static Optional<Long> firstPosition(String name) {
        if (name.startsWith(Keys.LOG)) {
            return Keys.position(name.substring(Keys.LOG.length()));
        }
        if (name.startsWith(Keys.PACK) && name.length() > Keys.PACK.length() + 20) {
            return Keys.position(name.substring(Keys.PACK.length(), Keys.PACK.length() + 20));
        }
        return Optional.empty();
    }

    /** The newline-terminated lines of a body, without their newlines. */
    private static List<byte[]> lines(byte[] body) {
        List<byte[]> lines = new java.util.ArrayList<>();
        for (int start = 0, end; start < body.length; start = end + 1) {
            end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lines.add(Arrays.copyOfRange(body, start, end));
        }
        return lines;
    }
}
