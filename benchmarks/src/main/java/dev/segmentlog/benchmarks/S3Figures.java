package dev.segmentlog.benchmarks;

import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.codec.EntryCodec;
import dev.segmentlog.testing.s3.S3TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import tools.jackson.databind.JsonNode;

/**
 * The S3 figures, measured directly against an S3Proxy process (JMH forks cannot share it): requests
 * per operation, counted by {@link RequestCounter} on the store's own SDK client, and latencies next
 * to a bare SDK {@code PutObject}/{@code GetObject} on the same server. Latencies are medians of
 * wall-clock samples over loopback HTTP to a JVM server on the same 2 cores: they show the order of
 * the cost, not a property of S3.
 */
final class S3Figures {
    private static final String BUCKET = "segmentlog-bench";
    private static final String KEY_ID = "bench-key-id";
    private static final String SECRET = "bench-secret";

    private final BenchmarkMain.Profile profile;
    private final S3TestServer s3;
    private final List<Figure> figures = new ArrayList<>();
    private final EntryCodec codec = EntryCodec.standard();

    private S3Figures(BenchmarkMain.Profile profile, S3TestServer s3) {
        this.profile = profile;
        this.s3 = s3;
    }

    /**
     * Starts S3Proxy (with C2 and a bigger heap than a test server gets), measures, stops it and removes
     * its data.
     */
    static List<Figure> run(BenchmarkMain.Profile profile) {
        Path root = Work.newDirectory("s3proxy");
        try (S3TestServer s3 = S3TestServer.builder(root).bucket(BUCKET).credentials(KEY_ID, SECRET)
                .jvmOptions(List.of("-Xmx768m", "-XX:+UseSerialGC")).start()) {
            System.out.println("# S3Proxy started (pid " + s3.pid() + ") on " + s3.endpoint() + " from " + s3.jar());
            S3Figures run = new S3Figures(profile, s3);
            try (S3Client raw = rawClient(s3)) {
                run.append(raw);
                run.readAll(raw);
                run.count();
            }
            return run.figures;
        } finally {
            Work.delete(root);
        }
    }

    private static S3Client rawClient(S3TestServer s3) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private String prefix(String what) {
        return what + "-" + UUID.randomUUID();
    }

    // ------------------------------------------------------------------ append

    private void append(S3Client raw) {
        LogEntry entry = Entries.assistantMessage(42_000);
        byte[] body = AppendFixture.withNewline(codec.encode(entry));
        int n = profile.s3Appends;
        Samples ours = new Samples(n);
        int exactlyOne = 0;
        long maxRequests = 0;
        long headOrList = 0;
        Map<String, Long> all = new TreeMap<>();
        try (SegmentStore store = SegmentStores.open(s3.storeUri(prefix("append")))) {
            SegmentId segment = SegmentId.generate();
            store.create(segment, List.of(StoredEntry.plain(Entries.start(SessionId.generate()))));
            for (int i = 0; i < profile.s3Warmup; i++) {
                store.append(segment, entry);
            }
            for (int i = 0; i < n; i++) {
                RequestCounter.start();
                long t = System.nanoTime();
                store.append(segment, entry);
                ours.add(System.nanoTime() - t);
                Map<String, Long> counts = RequestCounter.stop();
                long total = RequestCounter.total(counts);
                counts.forEach((k, v) -> all.merge(k, v, Long::sum));
                exactlyOne += total == 1 && counts.getOrDefault("PUT", 0L) == 1 ? 1 : 0;
                maxRequests = Math.max(maxRequests, total);
                headOrList += counts.getOrDefault("HEAD", 0L);
            }
        }
        Samples put = new Samples(n);
        String rawPrefix = prefix("raw-put");
        for (int i = 0; i < profile.s3Warmup + n; i++) {
            long t = System.nanoTime();
            raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(rawPrefix + "/" + i)
                    .ifNoneMatch("*").build(), RequestBody.fromBytes(body));
            if (i >= profile.s3Warmup) {
                put.add(System.nanoTime() - t);
            }
        }
        Samples get = new Samples(n);
        for (int i = 0; i < profile.s3Warmup + n; i++) {
            long t = System.nanoTime();
            byte[] bytes = raw.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET)
                    .key(rawPrefix + "/" + (i % n)).build()).asByteArray();
            if (i >= profile.s3Warmup) {
                get.add(System.nanoTime() - t);
            }
            if (bytes.length != body.length) {
                throw new IllegalStateException("GET returned " + bytes.length + " bytes");
            }
        }
        rawGet = get.median();
        long total = RequestCounter.total(all);
        figures.add(new Figure("s3.append.requests", "S3 append: requests per uncontended append",
                Figure.value((double) total / n, 0, "req/append"), null, null, null, null,
                "exactly 1 (no HEAD/LIST before the PUT)", headOrList == 0 && exactlyOne > 0,
                exactlyOne + " of " + n + " appends sent exactly 1 PUT; max " + maxRequests
                        + " (the appends that also pack); by method over all " + n + ": " + all));
        figures.add(Figure.ratio("s3.append.latency", "S3 append latency (median)",
                ours.median(), put.median(),
                "bare SDK PutObject (If-None-Match: *) of the same bytes", "info", null,
                "p90 ours " + Figure.format(ours.percentileMicros(90)) + " µs, bare PutObject p90 "
                        + Figure.format(put.percentileMicros(90)) + " µs; bare GetObject median "
                        + Figure.format(get.medianMicros()) + " µs"));
    }

    /** The median of a bare GetObject of a 1 KB object: one round trip, the floor of any read. */
    private Figure.Value rawGet;

    // ------------------------------------------------------------------ read-all

    private void readAll(S3Client raw) {
        int entries = 10_000;
        int batch = profile.s3ReadBatch;
        String prefix = prefix("read");
        SegmentId segment = SegmentId.generate();
        List<LogEntry> log = Entries.segment(SessionId.generate(), entries);
        long buildStart = System.nanoTime();
        int commits = 1;
        try (SegmentStore writer = SegmentStores.open(s3.storeUri(prefix))) {
            writer.create(segment, List.of(StoredEntry.plain(log.get(0))));
            for (int i = 1; i < entries; i += batch) {
                writer.append(segment, ExpectedCount.any(),
                        StoredEntry.plain(log.subList(i, Math.min(entries, i + batch))));
                commits++;
            }
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

        Samples cold = new Samples(profile.s3ColdReads);
        Map<String, Long> coldRequests = null;
        Samples warm = new Samples(profile.s3WarmReads);
        Map<String, Long> warmRequests = new TreeMap<>();
        for (int r = 0; r < profile.s3ColdReads; r++) {
            try (SegmentStore reader = SegmentStores.open(s3.storeUri(prefix))) {
                RequestCounter.start();
                long t = System.nanoTime();
                int size = reader.readAll(segment).size();
                cold.add(System.nanoTime() - t);
                coldRequests = RequestCounter.stop();
                check(size, entries);
                if (r == profile.s3ColdReads - 1) {
                    for (int w = 0; w < profile.s3WarmReads; w++) {
                        RequestCounter.start();
                        t = System.nanoTime();
                        size = reader.readAll(segment).size();
                        warm.add(System.nanoTime() - t);
                        RequestCounter.stop().forEach((k, v) -> warmRequests.merge(k, v, Long::sum));
                        check(size, entries);
                    }
                }
            }
        }
        // the raw floor: the same 10k lines in ONE object, one GetObject, split and parsed
        String key = prefix("raw-all") + ".jsonl";
        raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(),
                RequestBody.fromBytes(AppendFixture.lines(log)));
        Samples rawCold = new Samples(profile.s3ColdReads + 1);
        for (int r = 0; r < profile.s3ColdReads + 1; r++) {
            long t = System.nanoTime();
            byte[] bytes = raw.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build())
                    .asByteArray();
            List<JsonNode> lines = new ArrayList<>(entries);
            AppendFixture.parseLines(bytes, lines::add);
            if (r > 0) { // the first one warms the parser
                rawCold.add(System.nanoTime() - t);
            }
            check(lines.size(), entries);
        }
        long coldTotal = RequestCounter.total(coldRequests);
        double warmPerRead = (double) RequestCounter.total(warmRequests) / profile.s3WarmReads;
        figures.add(new Figure("s3.readall.cold.requests", "S3 cold read-all of 10k entries: requests",
                Figure.value(coldTotal, 0, "req"), null, null, null, null, "a handful (≤ 10) after packing",
                coldTotal <= 10, "by method: " + coldRequests + "; segment written as " + commits + " commits of "
                        + batch + " entries (" + Figure.format(buildSeconds) + " s), default pack_every"));
        figures.add(Figure.ratio("s3.readall.cold.latency", "S3 cold read-all of 10k entries (median)",
                cold.median().scaled(1e-3, "ms"), rawCold.median().scaled(1e-3, "ms"),
                "one GetObject of the same 10k lines in one object + split + ObjectReader parse", "info", null,
                cold.size() + " cold reads, each by a new store instance (empty cache)"));
        figures.add(new Figure("s3.readall.warm.requests", "S3 warm read-all of 10k entries: requests",
                Figure.value(warmPerRead, 0, "req/read"), null, null, null, null,
                "1 (the freshness probe) when cached", warmPerRead <= 1,
                "by method over " + profile.s3WarmReads + " reads: " + warmRequests));
        figures.add(Figure.ratio("s3.readall.warm.latency", "S3 warm read-all of 10k entries (median)",
                warm.median(), rawGet, "one bare GetObject of a 1 KB object (a single round trip)", "info", null,
                null));
        boundedWarmReads(prefix, segment, entries);
    }

    /**
     * Warm reads by a reader that accepts a bounded staleness ({@code max_staleness} in the store URI,
     * {@code 60s} unless {@code -Dsegmentlog.bench.max_staleness} says otherwise): a cached segment read
     * within the bound should make no request. The option is only named in the URI, so on a build whose
     * S3 store does not know it the figure says so instead of failing.
     */
    private void boundedWarmReads(String prefix, SegmentId segment, int entries) {
        String option = "max_staleness=" + System.getProperty("segmentlog.bench.max_staleness", "60s");
        String name = "S3 warm read-all of 10k entries with " + option + ": requests";
        String target = "0 when cached, within the bound";
        SegmentStore reader;
        try {
            reader = SegmentStores.open(s3.storeUri(prefix) + "&" + option);
        } catch (InvalidStoreUriException e) {
            if (!String.valueOf(e.getMessage()).contains("unknown option")) {
                throw e;
            }
            figures.add(new Figure("s3.readall.warm.bounded.requests", name, null, null, null, null, null, target,
                    null, "not measured: this build's S3 store has no max_staleness option"));
            return;
        }
        Map<String, Long> requests = new TreeMap<>();
        try (reader) {
            check(reader.readAll(segment).size(), entries); // fills the cache and starts the bound
            for (int w = 0; w < profile.s3WarmReads; w++) {
                RequestCounter.start();
                check(reader.readAll(segment).size(), entries);
                RequestCounter.stop().forEach((k, v) -> requests.merge(k, v, Long::sum));
            }
        }
        double perRead = (double) RequestCounter.total(requests) / profile.s3WarmReads;
        figures.add(new Figure("s3.readall.warm.bounded.requests", name, Figure.value(perRead, 0, "req/read"), null,
                null, null, null, target, perRead == 0,
                "by method over " + profile.s3WarmReads + " reads: " + requests));
    }

    // ------------------------------------------------------------------ count

    private void count() {
        long[] sizes = {1_000, profile.s3CountLarge};
        Figure.Value[] warmMicros = new Figure.Value[2];
        long[] coldReq = new long[2];
        long[] warmReq = new long[2];
        String[] coldByMethod = new String[2];
        for (int s = 0; s < 2; s++) {
            String prefix = prefix("count");
            SegmentId segment = SegmentId.generate();
            int entries = (int) sizes[s];
            try (SegmentStore writer = SegmentStores.open(s3.storeUri(prefix))) {
                List<LogEntry> log = Entries.segment(SessionId.generate(), Math.min(entries, 1_000));
                writer.create(segment, StoredEntry.plain(log));
                List<LogEntry> more = Entries.tail(1_000);
                for (int written = log.size(); written < entries; written += more.size()) {
                    writer.append(segment, ExpectedCount.any(), StoredEntry.plain(more));
                }
            }
            try (SegmentStore reader = SegmentStores.open(s3.storeUri(prefix))) {
                RequestCounter.start();
                check(reader.count(segment), entries);
                Map<String, Long> cold = RequestCounter.stop();
                coldReq[s] = RequestCounter.total(cold);
                coldByMethod[s] = cold.toString();
                for (int i = 0; i < profile.s3Warmup; i++) {
                    reader.count(segment);
                }
                Samples warm = new Samples(profile.s3Counts);
                RequestCounter.start();
                for (int i = 0; i < profile.s3Counts; i++) {
                    long t = System.nanoTime();
                    reader.count(segment);
                    warm.add(System.nanoTime() - t);
                }
                warmReq[s] = RequestCounter.total(RequestCounter.stop()) / profile.s3Counts;
                warmMicros[s] = warm.median();
            }
        }
        figures.add(Figure.ratio("s3.count", "S3 entry count, " + sizes[1] / 1000 + "k vs 1k entries (warm, median)",
                warmMicros[1], warmMicros[0], "the same at 1k entries",
                "≤ 2×", r -> r <= 2.0,
                "requests per count: cold " + coldReq[1] + " " + coldByMethod[1] + " vs " + coldReq[0] + " "
                        + coldByMethod[0] + " at 1k; warm " + warmReq[1] + " vs " + warmReq[0]));
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " entries, got " + actual);
        }
    }
}
