package dev.segmentlog.store.s3;

import dev.segmentlog.spi.StoreUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how an {@link S3SegmentStore} keeps its objects. Build one with {@link #of} and the
 * {@code with…} methods, or let {@code SegmentStores.open("s3://bucket/prefix?…")} parse it from a
 * URI (the options are listed in the package documentation).
 *
 * @param bucket                the bucket
 * @param prefix                the key prefix every object of the store lives under, without leading or
 *                              trailing {@code /}; empty for the bucket root
 * @param endpoint              nullable: an endpoint override for S3-compatible servers (MinIO, R2, S3Proxy, Ceph)
 * @param region                nullable: the signing region; null for the SDK's default region chain
 * @param pathStyle             whether to address the bucket in the path instead of the host name
 * @param accessKeyId           nullable: static credentials; null for the SDK's default credentials chain
 * @param secretAccessKey       nullable: given if, and only if, {@code accessKeyId} is
 * @param apiCallTimeout        the limit of one call, retries included
 * @param apiCallAttemptTimeout the limit of one HTTP attempt
 * @param cacheBytes            the weight bound of the cache of decoded objects, in bytes of stored JSON; 0
 *                              disables it
 * @param packEvery             how many small objects an append may leave behind before it packs them into one
 * @param maxStaleness          how long a tail this store confirmed is trusted by reads without asking the server
 *                              again; {@link Duration#ZERO} (the default) asks on every read that reaches it
 * @param verifyConditionalWrites whether opening races conditional writes on the server first and refuses a server
 *                              whose {@code If-None-Match: *} lets two of them succeed
 * @param readOnly              whether every write is refused ({@code mode=ro}); nothing is then written to the bucket
 */
public record S3StoreOptions(
        String bucket,
        String prefix,
        URI endpoint,
        String region,
        boolean pathStyle,
        String accessKeyId,
        String secretAccessKey,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        long cacheBytes,
        int packEvery,
        Duration maxStaleness,
        boolean verifyConditionalWrites,
        boolean readOnly) {

    /** 30 seconds for a call, retries included. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** 10 seconds for one HTTP attempt. */
    public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** 64 MiB of decoded objects. */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** Pack after 8 small objects. */
    public static final int DEFAULT_PACK_EVERY = 8;

    static final Set<String> URI_OPTIONS = Set.of("endpoint", "region", "path_style", "access_key_id",
            "secret_access_key", "timeout", "attempt_timeout", "cache_mb", "pack_every", "max_staleness",
            "verify_conditional_writes", StoreUri.MODE);

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()=-]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /**
     * @throws NullPointerException     if {@code bucket}, {@code prefix}, a timeout or {@code maxStaleness} is null
     * @throws IllegalArgumentException if a value is out of range: a bad bucket name or prefix, an endpoint
     *                                  that is not an absolute http(s) URL, one credential without the
     *                                  other, a non-positive timeout, an attempt timeout longer than the
     *                                  call timeout, a negative cache, {@code packEvery} outside 2..1000, a
     *                                  negative staleness, or the conditional-write check on a read-only
     *                                  store (the check writes)
     */
    public S3StoreOptions {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        Objects.requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("bucket name '" + bucket + "' is not valid: 3 to 63 lowercase "
                    + "letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        checkPrefix(prefix);
        if (endpoint != null && (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new IllegalArgumentException("endpoint '" + endpoint
                    + "' is not an absolute http(s) URL such as http://127.0.0.1:9090");
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not a region name such as us-east-1");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both the access key id and the secret access key, or neither"
                    + " (then the SDK's default credentials chain is used)");
        }
        if (apiCallTimeout.isZero() || apiCallTimeout.isNegative()
                || apiCallAttemptTimeout.isZero() || apiCallAttemptTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalArgumentException("the attempt timeout (" + apiCallAttemptTimeout
                    + ") must not exceed the call timeout (" + apiCallTimeout + ")");
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("the cache size must not be negative: " + cacheBytes);
        }
        if (packEvery < 2 || packEvery > 1000) {
            throw new IllegalArgumentException("packEvery must be between 2 and 1000, not " + packEvery);
        }
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("the staleness bound must not be negative: " + maxStaleness);
        }
        if (verifyConditionalWrites && readOnly) {
            throw new IllegalArgumentException("verify_conditional_writes writes probe objects, which a read-only"
                    + " store (mode=ro) never does: drop one of the two");
        }
    }

    /**
     * Options for a bucket and prefix with the defaults: AWS endpoint, the SDK's default region and
     * credentials chains, virtual-host addressing, {@link #DEFAULT_API_CALL_TIMEOUT},
     * {@link #DEFAULT_API_CALL_ATTEMPT_TIMEOUT}, {@link #DEFAULT_CACHE_BYTES}, {@link #DEFAULT_PACK_EVERY}, no
     * staleness, no conditional-write check, read-write.
     *
     * @throws IllegalArgumentException if the bucket name or the prefix is not valid
     * @throws NullPointerException     if an argument is null
     */
    public static S3StoreOptions of(String bucket, String prefix) {
        return new S3StoreOptions(bucket, prefix, null, null, false, null, null, DEFAULT_API_CALL_TIMEOUT,
                DEFAULT_API_CALL_ATTEMPT_TIMEOUT, DEFAULT_CACHE_BYTES, DEFAULT_PACK_EVERY, Duration.ZERO, false, false);
    }

    /** These options with an endpoint override (nullable: AWS). @throws IllegalArgumentException if not http(s) */
    public S3StoreOptions withEndpoint(URI endpoint) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /** These options with a region (nullable: the SDK's chain). @throws IllegalArgumentException if malformed */
    public S3StoreOptions withRegion(String region) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /** These options with path-style addressing on or off. */
    public S3StoreOptions withPathStyle(boolean pathStyle) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /**
     * These options with static credentials (both null: the SDK's default chain).
     *
     * @throws IllegalArgumentException if only one of them is null
     */
    public S3StoreOptions withCredentials(String accessKeyId, String secretAccessKey) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /**
     * These options with other timeouts.
     *
     * @throws IllegalArgumentException if one is not positive or the attempt timeout exceeds the call timeout
     */
    public S3StoreOptions withTimeouts(Duration apiCallTimeout, Duration apiCallAttemptTimeout) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /** These options with another cache bound, in bytes (0: no cache). @throws IllegalArgumentException if negative */
    public S3StoreOptions withCacheBytes(long cacheBytes) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /** These options with another packing threshold. @throws IllegalArgumentException if outside 2..1000 */
    public S3StoreOptions withPackEvery(int packEvery) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /**
     * These options with a staleness bound for reads: a read that reaches the tail this store confirmed
     * less than {@code maxStaleness} ago (by a probe that found no object after it, or by its own append)
     * answers from the cache without a request, and may miss what other instances appended meanwhile.
     * Appends and conditional appends always ask the server. {@link Duration#ZERO} turns it off.
     *
     * @throws IllegalArgumentException if negative
     */
    public S3StoreOptions withMaxStaleness(Duration maxStaleness) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /**
     * These options with the startup check of the server's conditional writes on or off (see the package
     * documentation).
     *
     * @throws IllegalArgumentException if on for a read-only store
     */
    public S3StoreOptions withVerifyConditionalWrites(boolean verifyConditionalWrites) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /**
     * These options read-only or read-write: a read-only store refuses every write with
     * {@code ReadOnlyStoreException} and writes nothing to the bucket.
     *
     * @throws IllegalArgumentException if read-only with the conditional-write check on
     */
    public S3StoreOptions withReadOnly(boolean readOnly) {
        return new S3StoreOptions(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                apiCallTimeout, apiCallAttemptTimeout, cacheBytes, packEvery, maxStaleness, verifyConditionalWrites,
                readOnly);
    }

    /** {@code s3://bucket/prefix}, the name messages use: never credentials. */
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The options with the secret access key redacted. */
    @Override
    public String toString() {
        return "S3StoreOptions[" + location() + ", endpoint=" + endpoint + ", region=" + region
                + ", pathStyle=" + pathStyle + ", credentials=" + (accessKeyId == null ? "default chain" : "static ***")
                + ", apiCallTimeout=" + apiCallTimeout + ", apiCallAttemptTimeout=" + apiCallAttemptTimeout
                + ", cacheBytes=" + cacheBytes + ", packEvery=" + packEvery + ", maxStaleness=" + maxStaleness
                + ", verifyConditionalWrites=" + verifyConditionalWrites + ", readOnly=" + readOnly + "]";
    }

    /**
     * Parses {@code s3://bucket/prefix?option=value&…}.
     *
     * @throws dev.segmentlog.spi.InvalidStoreUriException naming what is wrong
     */
    static S3StoreOptions fromUri(StoreUri uri) {
        uri.requireKnownOptions(URI_OPTIONS);
        String location = uri.location();
        if (!location.startsWith("//") || location.length() == 2) {
            throw uri.invalid("expected s3://bucket or s3://bucket/prefix");
        }
        int slash = location.indexOf('/', 2);
        String bucket = slash < 0 ? location.substring(2) : location.substring(2, slash);
        if (bucket.contains("@")) { // not echoed: the user-info may hold a secret
            throw uri.invalid("s3 URIs take no user-info before the bucket (user:password@): give credentials with"
                    + " the access_key_id and secret_access_key options, or leave them to the SDK's default chain");
        }
        String prefix = slash < 0 ? "" : location.substring(slash + 1);
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            S3StoreOptions options = of(bucket, prefix);
            if (uri.option("endpoint").isPresent()) {
                options = options.withEndpoint(parseEndpoint(uri, uri.option("endpoint").get()));
            }
            options = options.withRegion(uri.option("region").orElse(null))
                    .withPathStyle(Boolean.parseBoolean(uri.choice("path_style", Set.of("true", "false"), "false")))
                    .withCredentials(uri.option("access_key_id").orElse(null),
                            uri.option("secret_access_key").orElse(null))
                    .withTimeouts(duration(uri, "timeout", DEFAULT_API_CALL_TIMEOUT),
                            duration(uri, "attempt_timeout", DEFAULT_API_CALL_ATTEMPT_TIMEOUT));
            if (uri.option("cache_mb").isPresent()) {
                options = options.withCacheBytes(integer(uri, "cache_mb", 0, 1 << 20) << 20);
            }
            if (uri.option("pack_every").isPresent()) {
                options = options.withPackEvery((int) integer(uri, "pack_every", 2, 1000));
            }
            if (uri.option("max_staleness").isPresent()) {
                options = options.withMaxStaleness(duration(uri, "max_staleness", Duration.ZERO));
            }
            return options.withReadOnly(uri.readOnly()).withVerifyConditionalWrites(Boolean.parseBoolean(
                    uri.choice("verify_conditional_writes", Set.of("true", "false"), "false")));
        } catch (IllegalArgumentException e) {
            throw uri.invalid(e.getMessage());
        }
    }

    private static void checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        for (String segment : prefix.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(segment).matches() || ".".equals(segment) || "..".equals(segment)) {
                throw new IllegalArgumentException("prefix '" + prefix + "' is not valid: '/'-separated non-empty "
                        + "parts of letters, digits and !_.*'()=- (no '.' or '..' parts, no leading or "
                        + "trailing '/')");
            }
        }
    }

    private static URI parseEndpoint(StoreUri uri, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw uri.invalid("endpoint '" + text + "' is not a URL such as http://127.0.0.1:9090");
        }
    }

    private static Duration duration(StoreUri uri, String name, Duration fallback) {
        String text = uri.option(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw uri.invalid("option " + name + "=" + text + " is not a positive duration such as 500ms, 30s or 2m");
        }
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            default:
                return Duration.ofMinutes(amount);
        }
    }

    private static long integer(StoreUri uri, String name, long min, long max) {
        String text = uri.option(name).orElseThrow();
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw uri.invalid("option " + name + "=" + text + " is not a whole number between " + min + " and " + max);
    }
}
