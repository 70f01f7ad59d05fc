package dev.segmentlog.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.SegmentId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names of the newest-first index. */
class KeysTest {

    @Test
    void newestFirst_sortsIdsNewestFirstInKeyOrder_andIsItsOwnInverse() {
        List<SegmentId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(SegmentId.generate());
        }
        ids.add(SegmentId.parse("00000000-0000-0000-0000-000000000000"));
        ids.add(SegmentId.parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        List<String> names = new ArrayList<>(ids.stream().map(id -> Keys.newestFirst(id.toString())).toList());
        names.sort(Comparator.naturalOrder()); // S3 lists keys in ascending order

        List<SegmentId> listed = names.stream().map(name -> SegmentId.parse(Keys.newestFirst(name))).toList();

        List<SegmentId> newestFirst = new ArrayList<>(ids);
        newestFirst.sort(Comparator.reverseOrder());
        assertEquals(newestFirst, listed);
        assertEquals("ffffffff-ffff-ffff-ffff-ffffffffffff", Keys.newestFirst("00000000-0000-0000-0000-000000000000"));
        assertEquals("0190abcd-ef01-7234-8567-89abcdef0123",
                Keys.newestFirst(Keys.newestFirst("0190abcd-ef01-7234-8567-89abcdef0123")));
    }

    @Test
    void past_sortsAfterEveryKeyUnderTheCommonPrefix_andBeforeTheNextName() {
        String past = Keys.past("index/sessions/0123/");

        assertTrue(past.compareTo("index/sessions/0123/ffff") > 0, past);
        assertTrue(past.compareTo("index/sessions/0124/") < 0, past);
        assertTrue(past.compareTo("index/sessions/0123/") > 0, past);
    }
}
