package dev.segmentlog.store.s3;

import dev.segmentlog.spi.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few S3 calls the store makes, with every SDK failure translated at this edge into a
 * {@link BackendException} that names the bucket and prefix (never credentials). A missing object
 * is an empty result, a failed {@code If-None-Match} precondition is {@code false}.
 */
final class S3Access implements AutoCloseable {
    private static final int DELETE_BATCH = 1000;
    /** The most keys one LIST returns. */
    private static final int MAX_KEYS = 1000;

    private final S3Client client;
    private final String bucket;
    private final String location;
    private final String endpoint;
    private final Runnable onClose;

    /** An object's body and user metadata. */
    record Fetched(byte[] body, Map<String, String> metadata) {}

    S3Access(S3Client client, S3StoreOptions options, Runnable onClose) {
        this.client = client;
        this.onClose = onClose;
        this.bucket = options.bucket();
        this.location = options.location();
        this.endpoint = options.endpoint() == null ? "the AWS S3 endpoint" : "the S3 endpoint " + options.endpoint();
    }

    String location() {
        return location;
    }

    /** {@code the S3 endpoint http://…} or {@code the AWS S3 endpoint}, for messages. */
    String endpoint() {
        return endpoint;
    }

    /** Checks that the bucket exists and the credentials may use it. */
    void checkBucket() {
        call("open the store", "", () -> client.headBucket(b -> b.bucket(bucket)));
    }

    Optional<Fetched> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(new Fetched(bytes.asByteArrayUnsafe(), bytes.response().metadata()));
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    Optional<Map<String, String>> head(String key) {
        try {
            HeadObjectResponse response = client.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(response.metadata());
        } catch (S3Exception e) {
            if (isMissingObject(e)) {
                return Optional.empty();
            }
            throw failure("inspect", key, e);
        } catch (SdkException e) {
            throw failure("inspect", key, e);
        }
    }

    /**
     * Writes a new object with {@code If-None-Match: *}.
     *
     * @return false if an object with this key exists (HTTP 412), or another conditional write of it is
     *         in flight (HTTP 409)
     */
    boolean putIfAbsent(String key, byte[] body, Map<String, String> metadata) {
        return putIfAbsent(key, RequestBody.fromBytes(body), metadata);
    }

    /** {@link #putIfAbsent(String, byte[], Map)} with a body the caller streams. */
    boolean putIfAbsent(String key, RequestBody body, Map<String, String> metadata) {
        try {
            client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*").metadata(metadata)
                    .contentType("application/x-ndjson"), body);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    /** Writes (or overwrites) an object. */
    void put(String key, byte[] body, Map<String, String> metadata) {
        call("write", key, () -> client.putObject(b -> b.bucket(bucket).key(key).metadata(metadata)
                .contentType("application/x-ndjson"), RequestBody.fromBytes(body)));
    }

    /** Every key under {@code prefix}, in key order. */
    List<String> list(String prefix) {
        return listAfter(prefix, null, Integer.MAX_VALUE, false);
    }

    /**
     * Up to {@code wanted} entries under {@code prefix} after the key {@code startAfter} (null: from the
     * first), in key order: the keys or, with the delimiter {@code /}, the common prefixes. Fewer than
     * {@code wanted} means there are no more. Asks for no more than it needs ({@code max-keys}), and goes
     * on with the continuation token when a response holds fewer, as S3 may answer.
     */
    List<String> listAfter(String prefix, String startAfter, int wanted, boolean delimited) {
        List<String> found = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .maxKeys(Math.min(MAX_KEYS, wanted - found.size()));
            if (startAfter != null) {
                request.startAfter(startAfter);
            }
            if (delimited) {
                request.delimiter("/");
            }
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = call("list", prefix, () -> client.listObjectsV2(request.build()));
            List<String> entries = delimited
                    ? page.commonPrefixes().stream().map(CommonPrefix::prefix).toList()
                    : page.contents().stream().map(S3Object::key).toList();
            // some servers return every common prefix whatever max-keys says
            found.addAll(entries.subList(0, Math.min(entries.size(), wanted - found.size())));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && found.size() < wanted);
        return found;
    }

    /** Deletes one object; deleting a missing object is not an error. */
    void delete(String key) {
        call("delete", key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Deletes objects in batches, each batch after the previous one is done. */
    void deleteAll(List<String> keys) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH))) {
                batch.add(ObjectIdentifier.builder().key(key).build());
            }
            if (batch.size() == 1) {
                delete(batch.get(0).key());
                continue;
            }
            String first = batch.get(0).key();
            DeleteObjectsResponse response = call("delete", first + " and others",
                    () -> client.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var error = response.errors().get(0);
                throw new BackendException("S3 store " + location + ": could not delete " + error.key() + " ("
                        + error.code() + ") and " + (response.errors().size() - 1) + " other objects", null);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            onClose.run();
        }
    }

    private <T> T call(String action, String key, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SdkException e) {
            throw failure(action, key, e);
        }
    }

    private static boolean isMissingObject(S3Exception e) {
        return e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** A message a user can act on; AWS messages are not copied in (the cause keeps them). */
    BackendException failure(String action, String key, SdkException e) {
        String reason;
        if (e instanceof S3Exception) {
            S3Exception s3 = (S3Exception) e;
            String code = errorCode(s3);
            String status = "HTTP " + s3.statusCode() + (code == null || code.isEmpty() ? "" : " " + code);
            if (s3.statusCode() == 403) {
                reason = "access denied (" + status + "): check the credentials and the bucket policy";
            } else if ("NoSuchBucket".equals(code) || (key.isEmpty() && s3.statusCode() == 404)) {
                reason = "bucket '" + bucket + "' does not exist (" + status + ")";
            } else if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)
                    || "AuthorizationHeaderMalformed".equals(code)) {
                reason = "the bucket is in another region (" + status + "): check the region option";
            } else {
                reason = "the server answered " + status;
            }
        } else if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            reason = "timed out talking to " + endpoint + " (" + e.getClass().getSimpleName() + ")";
        } else if (e instanceof SdkClientException) {
            reason = "cannot reach " + endpoint + ": " + e.getMessage();
        } else {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String what = key.isEmpty() ? "" : " " + key;
        String outcome = "write".equals(action) ? "; the write was not acknowledged (if the request reached the "
                + "server it may have been stored, and a later read shows it)" : "";
        return new BackendException("S3 store " + location + ": could not " + action + what + ": " + reason
                + outcome, e);
    }
}
