package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.conformance.Fixtures;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.ReadOnlyStoreException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.SegmentStores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code mode=ro}: every read works, every write is refused with {@link ReadOnlyStoreException} by the S3
 * store itself (opened through {@code SegmentStores.open}, not only behind {@code openReadOnly}'s wrapper),
 * and the bucket holds exactly the same objects, byte for byte, before and after.
 */
@ExtendWith(S3ServerExtension.class)
class S3ReadOnlyTest {
    private final Fixtures fx = new Fixtures();
    private final String prefix = S3Fixture.freshPrefix("read-only");

    /** Every object under the prefix with its ETag and size: what "nothing was written" is checked against. */
    private List<String> snapshot() {
        List<String> objects = new ArrayList<>();
        try (S3Client raw = S3Fixture.rawClient()) {
            for (S3Object object : raw.listObjectsV2Paginator(b -> b.bucket(S3Fixture.BUCKET).prefix(prefix)).contents()) {
                objects.add(object.key() + " " + object.eTag() + " " + object.size());
            }
        }
        return objects;
    }

    @Test
    void modeRo_readsEverything_refusesEveryWrite_andWritesNothingToTheBucket() {
        SessionId session = SessionId.generate();
        SegmentId segment = SegmentId.generate();
        List<LogEntry> entries = new ArrayList<>(List.of(fx.plainStart(session)));
        try (SegmentStore writer = SegmentStores.open(S3Fixture.shared().storeUri(prefix) + "&pack_every=2")) {
            writer.create(segment, StoredEntry.plain(entries));
            for (int i = 0; i < 5; i++) { // commits after the last pack: a reader that packed would write
                LogEntry entry = fx.marker("m" + i);
                writer.append(segment, entry);
                entries.add(entry);
            }
            writer.appendTrace(segment, fx.trace("traced"));
        }
        List<String> before = snapshot();

        try (SegmentStore store = SegmentStores.open(S3Fixture.shared().storeUri(prefix) + "&mode=ro")) {
            assertTrue(store instanceof S3SegmentStore, store.toString());
            assertEquals(entries, store.readAll(segment));
            assertEquals(entries.size(), store.count(segment));
            assertEquals(session, store.info(segment).sessionId());
            assertEquals(List.of(segment), store.listSegments(session, PageRequest.first(10)).items());
            assertEquals(List.of(session), store.listSessions(PageRequest.first(10)).items());
            assertEquals(1, store.readTrace(segment).size());

            List<Executable> writes = List.of(
                    () -> store.create(SegmentId.generate(), StoredEntry.plain(List.of(fx.plainStart(session)))),
                    () -> store.append(segment, fx.marker("refused")),
                    () -> store.append(segment, ExpectedCount.exactly(entries.size()),
                            StoredEntry.plain(List.of(fx.marker("refused")))),
                    () -> store.appendTrace(segment, fx.trace("refused")),
                    () -> store.deleteSession(session));
            for (Executable write : writes) {
                ReadOnlyStoreException refused = assertThrows(ReadOnlyStoreException.class, write);
                assertTrue(refused.getMessage().contains("s3://" + S3Fixture.BUCKET + "/" + prefix), refused.getMessage());
            }
        }
        try (SegmentStore wrapped = SegmentStores.openReadOnly(S3Fixture.shared().storeUri(prefix))) {
            assertEquals(entries, wrapped.readAll(segment));
            assertThrows(ReadOnlyStoreException.class, () -> wrapped.append(segment, fx.marker("refused")));
        }

        assertEquals(before, snapshot());
    }
}
