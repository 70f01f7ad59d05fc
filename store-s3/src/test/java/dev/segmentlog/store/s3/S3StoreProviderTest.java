package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.InvalidStoreUriException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import dev.segmentlog.spi.StoreUri;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Discovery through SegmentStores.open and the URI options. */
@ExtendWith(S3ServerExtension.class)
class S3StoreProviderTest {

    @Test
    void segmentStoresOpen_findsTheS3Provider_andTheStoreWorks() {
        assertTrue(SegmentStores.installedSchemes().contains("s3"));
        String prefix = S3Fixture.freshPrefix("provider");
        try (SegmentStore store = SegmentStores.open(S3Fixture.shared().storeUri(prefix))) {
            assertInstanceOf(S3SegmentStore.class, store);
            SegmentId segment = SegmentId.generate();
            store.create(segment, StoredEntry.plain(List.of(new Fixtures().plainStart(SessionId.generate()))));
            assertEquals(1, store.count(segment));
        }
    }

    @Test
    void uriOptions_areParsed() {
        S3StoreOptions options = S3StoreOptions.fromUri(StoreUri.parse("s3://my-bucket/a/b/?endpoint=http://127.0.0.1:9090"
                + "&region=eu-west-1&path_style=true&timeout=5s&attempt_timeout=500ms&cache_mb=8&pack_every=16"
                + "&access_key_id=AKIA&secret_access_key=s3cr3t&max_staleness=2s&verify_conditional_writes=true"));
        assertEquals("my-bucket", options.bucket());
        assertEquals("a/b", options.prefix());
        assertEquals("eu-west-1", options.region());
        assertTrue(options.pathStyle());
        assertEquals(Duration.ofSeconds(5), options.apiCallTimeout());
        assertEquals(Duration.ofMillis(500), options.apiCallAttemptTimeout());
        assertEquals(8L << 20, options.cacheBytes());
        assertEquals(16, options.packEvery());
        assertEquals(Duration.ofSeconds(2), options.maxStaleness());
        assertTrue(options.verifyConditionalWrites());
        assertFalse(options.readOnly());
        assertFalse(options.toString().contains("s3cr3t"), options.toString());
        S3StoreOptions defaults = S3StoreOptions.fromUri(StoreUri.parse("s3://my-bucket"));
        assertEquals("", defaults.prefix());
        assertEquals(Duration.ZERO, defaults.maxStaleness(), "max_staleness is off unless given");
        assertFalse(defaults.verifyConditionalWrites());
        assertTrue(S3StoreOptions.fromUri(StoreUri.parse("s3://my-bucket?mode=ro")).readOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://my-bucket/p?colour=blue&secret_access_key=s3cr3t&access_key_id=AKIA",
        "s3://my-bucket/p?path_style=maybe",
        "s3://my-bucket/p?timeout=soon",
        "s3://my-bucket/p?timeout=1s&attempt_timeout=2s",
        "s3://my-bucket/p?secret_access_key=s3cr3t",
        "s3://my-bucket/p?endpoint=ftp://host",
        "s3://my-bucket/p?pack_every=1",
        "s3://my-bucket/p?cache_mb=-1",
        "s3://my-bucket/p?region=EU%20WEST",
        "s3://my-bucket/p?max_staleness=-1s",
        "s3://my-bucket/p?verify_conditional_writes=yes",
        "s3://my-bucket/p?mode=ro&verify_conditional_writes=true",
        "s3://AKIA:s3cr3t@my-bucket/p",
        "s3://Bad_Bucket/p",
        "s3://my-bucket/a//b",
        "s3://my-bucket/../b",
        "s3:my-bucket/p",
        "s3://"
    })
    void badUris_areRefused_withAMessage_thatNeverShowsTheSecret(String uri) {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class, () -> SegmentStores.open(uri));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid store URI"), e.getMessage());
    }

    @Test
    void unknownOption_messageListsTheKnownOnes() {
        InvalidStoreUriException e = assertThrows(InvalidStoreUriException.class,
                () -> SegmentStores.open("s3://my-bucket/p?colour=blue"));
        assertTrue(e.getMessage().contains("[colour]") && e.getMessage().contains("path_style"), e.getMessage());
    }
}
